import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import { signedInUser, startTestPortal, type TestPortal, type TestUser } from '../helpers/portal.js';

// A staff member uploads a document with the real form in Chromium (the browser builds the multipart body),
// and a visitor downloads it from the resources page.

let test: TestPortal;
let pages: BrowserPages;
let staff: TestUser;
let folder: string;
const AXE_TIMEOUT = 60_000;

beforeAll(async () => {
  test = await startTestPortal();
  pages = await BrowserPages.launch(test);
  staff = await signedInUser(test, 'staff');
  folder = mkdtempSync(join(tmpdir(), 'portal-resources-'));
});
afterAll(async () => {
  await pages.close();
  await test.close();
  rmSync(folder, { recursive: true, force: true });
});

function staffPage() {
  return pages.newPage(staff);
}

describe('uploading a document in the browser', () => {
  it(
    'shows what is missing next to the field, keeping what was typed',
    async () => {
      const page = await staffPage();
      await page.goto('/staff/resources');
      await page.getByLabel('Title', { exact: true }).fill('Facilitator agenda');
      await page.getByLabel('Who may see it').selectOption('facilitators');
      await page.getByRole('button', { name: 'Add the resource' }).click();

      await expect
        .poll(() => page.locator('#field-file-error').textContent())
        // "Error: " is read to screen readers only.
        .toBe('Error: Give the address of the document or choose a file to upload.');
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Facilitator agenda');
      expect(await page.getByLabel('Who may see it').inputValue()).toBe('facilitators');
      await expectNoSeriousA11yViolations(page);
    },
    AXE_TIMEOUT,
  );

  it('uploads the chosen file, which anyone may then download from the resources page', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);
    const path = join(folder, 'Workshop agenda.pdf');
    writeFileSync(path, bytes);

    const page = await staffPage();
    await page.goto('/staff/resources');
    await page.getByLabel('Title', { exact: true }).fill('Workshop agenda (uploaded)');
    await page.getByLabel('Who may see it').selectOption('public');
    await page.getByLabel('Or upload a file').setInputFiles(path);
    await page.getByRole('button', { name: 'Add the resource' }).click();
    await page.waitForURL('**/staff/resources?notice=resource-added');
    expect(await page.getByRole('row', { name: /Workshop agenda \(uploaded\)/ }).textContent()).toContain(
      'Workshop agenda.pdf, 2 KB',
    );

    const visitorPage = await pages.newPage();
    await visitorPage.goto('/resources');
    const downloading = visitorPage.waitForEvent('download');
    await visitorPage.getByRole('link', { name: 'Workshop agenda (uploaded)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Workshop agenda.pdf');
    const saved = join(folder, 'downloaded.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(bytes)).toBe(true);
  });

  it('removing a document asks in a dialog first: going back keeps it, confirming removes it', async () => {
    const page = await staffPage();
    await page.goto('/staff/resources');
    const row = page.getByRole('row', { name: /Workshop agenda \(uploaded\)/ });
    const remove = row.getByRole('button', { name: 'Remove “Workshop agenda (uploaded)”' });

    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Remove this resource?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The uploaded file Workshop agenda.pdf is deleted with it.');
    // The safe choice has the focus.
    expect(
      await dialog.getByRole('button', { name: 'No, go back' }).evaluate((b) => b === document.activeElement),
    ).toBe(true);
    await dialog.getByRole('button', { name: 'No, go back' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await row.count()).toBe(1);

    await remove.click();
    await dialog.getByRole('button', { name: 'Remove the resource' }).click();
    await page.waitForURL('**/staff/resources?notice=resource-removed');
    expect(await page.getByRole('status').textContent()).toBe('The resource is removed.');
    expect(await page.getByRole('row', { name: /Workshop agenda \(uploaded\)/ }).count()).toBe(0);
  });
});
