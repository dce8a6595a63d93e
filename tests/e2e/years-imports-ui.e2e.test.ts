import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import { signedInUser, startTestPortal, type TestPortal, type TestUser } from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

// The program years, the imports, the finder, the directory and the overview as a person meets them on a phone:
// nothing scrolls sideways at 390 px (wide tables scroll inside their own box), a chosen file is imported, and
// making a year current asks first in a dialog.

let test: TestPortal;
let pages: BrowserPages;
let staff: TestUser;

beforeAll(async () => {
  test = await startTestPortal();
  pages = await BrowserPages.launch(test);
  staff = await signedInUser(test, 'staff');
  await seedYears(test, ['2027-28', '2028-29'], '2027-28');
  await seedPartner(test, {
    year: '2027-28',
    name: 'The Very Long Named Cascade Computer Science Education Alliance of Washington',
    regions: ['WA', 'OR:Multnomah', '97201'],
  });
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  await pages.close();
  await test.close();
});

/** The elements wider than the viewport, when the page scrolls sideways (none when it does not). */
function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((element) => element.outerHTML.slice(0, 120));
  });
}

async function narrowPage(user?: TestUser): Promise<Page> {
  const page = await pages.newPage(user);
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

describe('at 390 px', { timeout: 60_000 }, () => {
  it('the public pages do not scroll sideways', async () => {
    const page = await narrowPage();
    for (const path of ['/', '/find', '/find?zip=97201', '/find?zip=98-1O1', '/partners']) {
      await page.goto(path);
      expect(await tooWide(page), path).toEqual([]);
    }
  });

  it('the staff pages and the import preview do not scroll sideways', async () => {
    const page = await narrowPage(staff);
    for (const path of ['/staff/years', '/staff/imports']) {
      await page.goto(path);
      expect(await tooWide(page), path).toEqual([]);
    }
    // A chosen file, as staff upload it: the preview's wide table scrolls in its own box.
    await page.getByLabel('The file holds').selectOption('regions');
    const longName = 'The Very Long Named Cascade Computer Science Education Alliance of Washington';
    await page.getByLabel('Choose the CSV file').setInputFiles({
      name: 'regions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`partner,program_year,region\n${longName},2027-28,98101\n${longName},2027-28,ID\n`),
    });
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check the import');
    expect(await page.locator('main').textContent()).toContain('Redundant: inside Washington');
    expect(await tooWide(page), 'the preview').toEqual([]);
    const box = page.locator('.table-scroll');
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    // The one page here that no other browser test scans.
    await expectNoSeriousA11yViolations(page);
  });
});

describe('making a year current', { timeout: 60_000 }, () => {
  it('asks in a dialog, saying what the public will see, and goes ahead only when confirmed', async () => {
    const page = await pages.newPage(staff);
    await page.goto('/staff/years');
    await page.getByRole('button', { name: 'Make 2028-29 current' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('No active partner serves a region in 2028-29 yet');
    await dialog.getByRole('button', { name: 'Make 2028-29 current' }).click();
    await expect.poll(() => page.url()).toContain('notice=year-made-current');
    expect(await page.locator('main').textContent()).toContain('The year is now current');
  });
});
