import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPages } from '../helpers/browser.js';
import { startTestPortal, type TestPortal } from '../helpers/portal.js';

// The form path as a person meets it in the browser, on the real contact form: a refused form keeps what was
// typed, puts each message beside its field, and a reload does not post it again.

let test: TestPortal;
let pages: BrowserPages;

beforeAll(async () => {
  test = await startTestPortal();
  pages = await BrowserPages.launch(test);
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  await pages.close();
  await test.close();
});

function posts(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') seen.push(new URL(request.url()).pathname);
  });
  return seen;
}

describe('a refused form', { timeout: 60_000 }, () => {
  it('keeps what was typed, says what is wrong beside each field, and a reload opens the form again', async () => {
    const page = await pages.newPage();
    await page.goto('/contact');
    await page.getByLabel('Your name').fill('Sam Lee');
    await page.getByLabel('Your email address').fill('not an address');
    await page.getByLabel('Your question').fill('Short');
    const sent = posts(page);
    await page.getByRole('button', { name: 'Send your question' }).click();

    const summary = page.getByRole('alert');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Enter an email address like name@example.org.',
      'Choose what describes you best: teacher, counselor, administrator, organization or other.',
      'Write your question (at least 10 characters).',
    ]);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Sam Lee');
    expect(await page.getByLabel('Your email address').inputValue()).toBe('not an address');
    expect(await page.locator('#field-email-error').textContent()).toBe(
      'Error: Enter an email address like name@example.org.',
    );
    expect(sent).toEqual(['/contact']);
    // The address is the form's own again, so a reload asks for the page rather than posting once more.
    expect(new URL(page.url()).pathname).toBe('/contact');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Contact us' }).waitFor();
    expect(sent).toEqual(['/contact']);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
