import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPages, focusedElement, isFocused, viewportPosition } from '../helpers/browser.js';
import { loadSeedFaq, signedInUser, startTestPortal, type TestPortal } from '../helpers/portal.js';

// The FAQ as a visitor and a staff member use it in a real browser, on the seeded program FAQ.

let test: TestPortal;
let pages: BrowserPages;

beforeAll(async () => {
  test = await startTestPortal();
  await loadSeedFaq(test);
  pages = await BrowserPages.launch(test);
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  // Either is missing if beforeAll failed half-way.
  await (pages as BrowserPages | undefined)?.close();
  await (test as TestPortal | undefined)?.close();
});

/** A page in a fresh, anonymous browser context, closed after the test. */
function newPage(): Promise<Page> {
  return pages.newPage();
}

const QUESTIONS = {
  map: 'My region is already served by another organization, can I stil apply to be a Regional Partner?',
  pm: 'Do you have an example job description for the Regional Partner Program Manager?',
  cs: 'If we become a Regional Partner can we run other CS education workshops in addition to the Code.org programs?',
  joint: 'Can several organizations submit a joint application to be a Regional Partner in a region?',
} as const;

const hashOf = (page: Page) => new URL(page.url()).hash;

/** The page shows the question at `anchor`: it is the :target, scrolled into view, with its heading. */
async function expectLandedOn(page: Page, anchor: keyof typeof QUESTIONS) {
  await expect.poll(() => hashOf(page)).toBe(`#${anchor}`);
  const article = page.locator(`article#${anchor}`);
  await expect.poll(() => viewportPosition(article)).toMatchObject({ topVisible: true });
  expect(await article.evaluate((element) => element.matches(':target'))).toBe(true);
  expect(await article.getByRole('heading', { level: 3 }).textContent()).toBe(QUESTIONS[anchor]);
  // The whole question heading is on screen, not just the article's top edge.
  const heading = await viewportPosition(article.getByRole('heading', { level: 3 }));
  expect(heading.bottom).toBeLessThanOrEqual(heading.viewportHeight);
}

describe('the FAQ index', () => {
  it.each([
    ['cs', /other CS education workshops/],
    ['pm', /example job description/],
  ] as const)('following the index link to #%s lands on that question', async (anchor, link) => {
    const page = await newPage();
    await page.goto('/faq');
    const article = page.locator(`article#${anchor}`);
    // Below the fold at first, so landing on it means the link scrolled the page.
    expect(await viewportPosition(article)).toMatchObject({ topVisible: false });

    await page
      .getByRole('navigation', { name: 'Questions on this page' })
      .getByRole('link', { name: link })
      .click();

    await expectLandedOn(page, anchor);
    // The question takes the focus (it has tabindex=-1), so the next Tab continues from there.
    expect(await isFocused(article)).toBe(true);
  });

  it('a direct visit to /faq#map lands on the map question', async () => {
    const page = await newPage();
    await page.goto('/faq#map');
    await expectLandedOn(page, 'map');
  });

  it('"Back to the top" returns to the top of the FAQ (#top)', async () => {
    const page = await newPage();
    await page.goto('/faq#cs');
    await expectLandedOn(page, 'cs');
    const scrolledDown = (await viewportPosition(page.locator('article#cs'))).scrollY;

    await page.locator('article#cs').getByRole('link', { name: 'Back to the top' }).click();

    await expect.poll(() => hashOf(page)).toBe('#top');
    const title = page.getByRole('heading', { level: 1, name: 'Regional Partner FAQs' });
    await expect.poll(() => viewportPosition(title)).toMatchObject({ topVisible: true });
    expect((await viewportPosition(title)).scrollY).toBeLessThan(scrolledDown);
    // The index of questions is right there again.
    const index = page.getByRole('navigation', { name: 'Questions on this page' });
    expect(await viewportPosition(index)).toMatchObject({ topVisible: true });
    expect(await isFocused(title)).toBe(true);
  });
});

describe('keyboard', () => {
  it('the first Tab focuses "Skip to content", and Enter moves the focus to the main content', async () => {
    const page = await newPage();
    await page.goto('/faq');

    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to content' });
    expect(await isFocused(skipLink)).toBe(true);
    // Hidden off-screen until focused; focused, it is on screen for sighted keyboard users.
    const box = await skipLink.boundingBox();
    expect(box !== null && box.x >= 0 && box.y >= 0, `skip link at ${JSON.stringify(box)}`).toBe(true);

    await page.keyboard.press('Enter');
    await expect.poll(() => hashOf(page)).toBe('#main');
    await expect.poll(() => focusedElement(page)).toBe('main#main');

    // The next Tab goes to the first link of the content, past the site navigation.
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => {
      const main = document.querySelector('main');
      return main !== document.activeElement && (main?.contains(document.activeElement) ?? false);
    });
    expect(inMain, `focus went to ${await focusedElement(page)}`).toBe(true);
  });
});

// Signing in with argon2 and three page loads in two browser contexts: slow on a busy machine.
describe('editing the FAQ', { timeout: 60_000 }, () => {
  it('a staff member signs in with the form, previews and saves an answer; the public page shows it', async () => {
    const staff = await signedInUser(test, 'staff');
    const visitor = await newPage();
    const joint = (page: Page) => page.locator('article#joint');
    await visitor.goto('/faq');
    expect(await joint(visitor).textContent()).toContain('joint partnership');

    // Sign in through the real form, on the way to the editor.
    const page = await newPage();
    await page.goto('/staff/faq');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Email address').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/staff/faq');
    await page.getByRole('heading', { level: 1, name: 'Edit the FAQ' }).waitFor();

    // From the public page, the "Edit" link next to the question.
    await page.getByRole('link', { name: 'View the public page' }).click();
    await joint(page)
      .getByRole('link', { name: `Edit “${QUESTIONS.joint}”` })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/staff/faq/joint/edit');
    await page.getByRole('heading', { level: 1, name: 'Edit a question' }).waitFor();
    const answer = page.getByLabel('Answer');
    expect(await answer.inputValue()).toContain('joint partnership');

    const markdown =
      'Yes: **joint applications** are welcome.\n\nSee [the partner handbook](https://example.org/handbook).';
    await answer.fill(markdown);
    await page.getByRole('button', { name: 'Preview' }).click();

    // The preview renders the Markdown and keeps the text being edited; nothing is saved yet.
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.waitFor();
    expect(await preview.getByRole('heading', { level: 3 }).textContent()).toBe(QUESTIONS.joint);
    expect(await preview.locator('strong').textContent()).toBe('joint applications');
    expect(await preview.getByRole('link', { name: 'the partner handbook' }).getAttribute('href')).toBe(
      'https://example.org/handbook',
    );
    expect(await preview.textContent()).not.toContain('**');
    expect(await page.getByLabel('Answer').inputValue()).toBe(markdown);
    await visitor.reload();
    expect(await joint(visitor).textContent()).toContain('joint partnership');
    expect(await joint(visitor).textContent()).not.toContain('joint applications');

    await page.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => new URL(page.url()).pathname).toBe('/faq');
    expect(await page.getByRole('status').textContent()).toBe('Your changes are saved and published.');
    expect(await joint(page).locator('strong').textContent()).toBe('joint applications');
    expect(await joint(page).textContent()).not.toContain('joint partnership');

    // An anonymous visitor sees the new answer on the next request, without the staff links.
    await visitor.reload();
    expect(await joint(visitor).locator('strong').textContent()).toBe('joint applications');
    expect(
      await joint(visitor).getByRole('link', { name: 'the partner handbook' }).getAttribute('href'),
    ).toBe('https://example.org/handbook');
    expect(await joint(visitor).textContent()).not.toContain('joint partnership');
    expect(await visitor.getByRole('link', { name: /^Edit/ }).count()).toBe(0);
  });

  it('a staff member moves a question to another section, then restores an earlier answer from its history, asked first', async () => {
    const staff = await signedInUser(test, 'staff');
    const page = await pages.newPage(staff);
    await page.goto('/staff/faq/pm/edit');
    await page.getByLabel('Section').selectOption({ label: 'Questions about in-person workshops' });
    await page.getByLabel('Answer').fill('A new answer about the job description.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/faq');
    // The address changes when the redirect is followed, before the new page has loaded: wait for it.
    const workshops = page.getByRole('region', { name: 'Questions about in-person workshops' });
    await workshops.locator('article#pm').waitFor();
    expect(await workshops.locator('article#pm').count()).toBe(1);

    await page.goto('/staff/faq/pm/edit');
    await page.getByRole('link', { name: 'Earlier versions of this question' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('anchor')).toBe('pm');
    await page.getByRole('button', { name: 'Restore the text before this change' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Restore this earlier text?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Restore the earlier text' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('notice')).toBe('faq-restored');
    expect(await page.getByRole('status').textContent()).toBe('The earlier text is restored and published.');

    const visitor = await newPage();
    await visitor.goto('/faq#pm');
    expect(await visitor.locator('article#pm').textContent()).toContain(
      'example Regional Partner program manager job description',
    );
    expect(await visitor.locator('article#pm').textContent()).not.toContain('A new answer');
  });

  it('removing a question asks in a dialog; going back keeps it', async () => {
    const staff = await signedInUser(test, 'staff');
    const page = await pages.newPage(staff);
    await page.goto('/staff/faq');
    const item = page.getByRole('group', { name: QUESTIONS.cs });
    await item.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this question?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('/faq#cs');
    await dialog.getByRole('button', { name: 'No, go back' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.goto('/faq');
    expect(await page.locator('article#cs').count()).toBe(1);
  });
});
