import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Partner } from '../../src/modules/partners/partners.schemas.js';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import {
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

// The partners' staff screens, the invitations and a program manager's public listing: none scrolls sideways on
// a phone, axe finds nothing serious, and removing a region or revoking an invitation asks first.

let test: TestPortal;
let pages: BrowserPages;
let partner: Partner;
let staff: TestUser;
let manager: TestUser;

beforeAll(async () => {
  test = await startTestPortal();
  await seedYears(test, ['2027-28'], '2027-28');
  partner = await seedPartner(test, {
    year: '2027-28',
    name: 'Northwest Consortium for Computing Education and Very Long Partnership Names',
    regions: ['WA:King', 'WA:Snohomish', '98501'],
    input: {
      contactEmail: 'a-very-long-public-contact-address@northwest-consortium.example.org',
      website: 'https://northwest-consortium-for-computing-education.example.org/regional-partner',
    },
  });
  staff = await signedInUser(test, 'staff');
  const invited = await fetch(
    `${test.url}/api/v1/partners/${partner.id}/invitations`,
    jsonRequest(
      test,
      'POST',
      { email: 'someone-with-a-long-address@northwest-consortium.example.org' },
      staff.cookie,
    ),
  );
  expect(invited.status).toBe(201);
  manager = await signedInUser(test, 'program_manager', partner.id);
  pages = await BrowserPages.launch(test);
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  await (pages as BrowserPages | undefined)?.close();
  await (test as TestPortal | undefined)?.close();
});

async function phonePage(user: TestUser): Promise<Page> {
  const page = await pages.newPage(user);
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

describe('the partners pages on a phone', () => {
  it('do not scroll sideways and pass axe, for staff', async () => {
    const page = await phonePage(staff);
    for (const path of [
      '/staff/partners',
      `/staff/partners/${partner.id}`,
      '/staff/partners/new',
      `/staff/partners/${partner.id}/edit`,
      `/staff/partners/${partner.id}/regions/${encodeURIComponent('WA:King')}/remove`,
      '/staff/invitations',
      '/staff',
    ]) {
      await page.goto(path);
      await expectNoSeriousA11yViolations(page);
    }
  });

  it('do not scroll sideways and pass axe, for the program manager', async () => {
    const page = await phonePage(manager);
    for (const path of ['/partner', `/partner/listing/${partner.id}`]) {
      await page.goto(path);
      await expectNoSeriousA11yViolations(page);
    }
  });

  it('ask in a dialog before removing a region, and remove it once confirmed', async () => {
    const page = await phonePage(staff);
    await page.goto(`/staff/partners/${partner.id}`);
    await page.getByRole('button', { name: 'Remove Snohomish County, WA' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(
      'The finder will no longer send people in Snohomish County, WA',
    );
    await dialog.getByRole('button', { name: 'Remove the region' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('notice')).toBe('region-removed');
    expect(await page.getByRole('main').textContent()).not.toContain('Snohomish County, WA');
  });
});
