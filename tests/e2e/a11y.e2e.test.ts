import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { submitInquiry } from '../../src/modules/inquiries/inquiries.service.js';
import { BrowserPages, expectNoSeriousA11yViolations, isFocused } from '../helpers/browser.js';
import {
  loadSeedFaq,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

// axe-core on every page of the portal, as rendered by the real server in Chromium. Tests that only open a page
// and look at it share one kept page per person; tests that type or submit open a fresh one.

let test: TestPortal;
let pages: BrowserPages;
let staff: TestUser;
let programManager: TestUser;
/** Ids of seeded records, for the pages that show one; paths name them as `:partner` and `:inquiry`. */
const seeded = { partner: '', inquiry: '' };
/** axe-core takes a few seconds a page, more on a busy two-core machine. */
const AXE_TIMEOUT = 60_000;

/**
 * A current year with partners, so that the finder, the directory and the staff screens show real content: the
 * map with a served (Washington) and a partly served state (Oregon), a partner card, a partner with regions,
 * and an inquiry in partner A's inbox.
 */
async function seedPartners(): Promise<void> {
  await seedYears(test, ['2026-27', '2027-28'], '2027-28');
  const partner = (name: string, contactEmail: string, regions: string[]) =>
    seedPartner(test, {
      year: '2027-28',
      name,
      regions,
      input: {
        contactEmail,
        contactPhone: '+1 206 555 0100',
        website: 'https://partner.example.org/',
        address: '1 Main Street, Seattle, WA 98101',
        coursesOffered: ['CS Discoveries', 'CS Principles'],
        organizations: [
          { name, role: 'professional learning' },
          { name: `${name} Foundation`, role: 'funding' },
        ],
      },
    });
  const partnerA = await partner('Cascade Computing Partners', 'contact-a@example.org', ['WA']);
  await partner('Willamette CS Alliance', 'contact-b@example.org', ['OR:Lincoln', '97201']);
  seeded.partner = partnerA.id;
  programManager = await signedInUser(test, 'program_manager', partnerA.id);
  const inquiry = await submitInquiry(test.deps, {
    input: {
      name: 'Nia Okafor',
      email: 'nia@example.org',
      role: 'teacher',
      zip: '98101',
      message: 'Is there a CS Discoveries workshop near Seattle this summer?',
    },
  });
  seeded.inquiry = inquiry.id;
}

beforeAll(async () => {
  test = await startTestPortal();
  await loadSeedFaq(test);
  staff = await signedInUser(test, 'staff');
  await seedPartners();
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

/** A page in a fresh browser context (anonymous unless `user` is given), closed after the test. */
function newPage(user?: TestUser): Promise<Page> {
  return pages.newPage(user);
}

/** Opens `path` and checks the status, so that axe runs on the page meant and not on an error page. */
async function open(page: Page, path: string, status = 200): Promise<void> {
  path = path.replace(':partner', seeded.partner).replace(':inquiry', seeded.inquiry);
  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBe(status);
  expect(new URL(page.url()).pathname).toBe(new URL(path, test.url).pathname);
}

describe('axe finds nothing serious or critical on the public pages', { timeout: AXE_TIMEOUT }, () => {
  it.each([
    '/',
    '/faq',
    '/find',
    '/find?zip=98101',
    '/find?state=WA',
    '/find?state=OR',
    '/partners',
    '/schools',
    '/schools?q=demo',
    '/apply',
    '/workshops',
    '/contact',
    '/contact?zip=98101',
    '/sign-in',
    '/sign-up',
    '/sign-up/sent',
    '/forgot-password',
    '/api/docs',
    '/reset-password?token=x',
  ])('%s', async (path) => {
    const page = await pages.keptPage();
    await open(page, path);
    await expectNoSeriousA11yViolations(page);
  });

  it('/find?zip=98-101: a malformed ZIP code, refused (400) with the error beside the field', async () => {
    const page = await pages.keptPage();
    await open(page, '/find?zip=98-101', 400);
    const zip = page.getByLabel('ZIP code', { exact: true });
    expect(await zip.inputValue()).toBe('98-101');
    expect(await zip.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#field-zip-error').textContent()).toContain('Enter a 5-digit ZIP code');
    expect(await zip.getAttribute('aria-describedby')).toContain('field-zip-error');
    await expectNoSeriousA11yViolations(page);
  });

  it('the 404 page', async () => {
    const page = await pages.keptPage();
    await open(page, '/no-such-page', 404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    await expectNoSeriousA11yViolations(page);
  });
});

describe('axe finds nothing serious or critical on the staff FAQ editor', { timeout: AXE_TIMEOUT }, () => {
  it.each(['/staff/faq', '/staff/faq/new', '/staff/faq/cs/edit'])('%s', async (path) => {
    const page = await pages.keptPage(staff);
    await open(page, path);
    await expectNoSeriousA11yViolations(page);
  });

  it('the edit page showing a preview', async () => {
    const page = await newPage(staff);
    await open(page, '/staff/faq/cs/edit');
    await page.getByLabel('Answer').fill('Yes, **of course**: see [our guide](https://example.org/guide).');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('region', { name: 'Preview' }).waitFor();
    await expectNoSeriousA11yViolations(page);
  });
});

describe('axe finds nothing serious or critical on the staff screens', { timeout: AXE_TIMEOUT }, () => {
  it.each([
    '/staff',
    '/staff/partners',
    '/staff/partners/new',
    '/staff/partners/:partner',
    '/staff/years',
    '/staff/imports',
    '/staff/schools',
    '/staff/schools/new',
    '/staff/recruitment',
    '/staff/years/2027-28/reminders',
    '/staff/teacher-applications',
    '/staff/teacher-applications/setup',
    '/inbox',
    '/inbox/:inquiry',
  ])('%s', async (path) => {
    const page = await pages.keptPage(staff);
    await open(page, path);
    await expectNoSeriousA11yViolations(page);
  });
});

describe(
  "axe finds nothing serious or critical on a program manager's inbox and recruitment",
  { timeout: AXE_TIMEOUT },
  () => {
    it.each([
      '/inbox',
      '/inbox/:inquiry',
      '/partner/recruitment',
      '/partner/recruitment/list',
      '/partner/recruitment/progress',
    ])('%s', async (path) => {
      const page = await pages.keptPage(programManager);
      await open(page, path);
      await expectNoSeriousA11yViolations(page);
    });
  },
);

describe('the sign-in form', { timeout: AXE_TIMEOUT }, () => {
  it('with a wrong password, shows the error at the password field, keeps the email and announces it', async () => {
    const user = await signedInUser(test, 'participant');
    const page = await newPage();
    await open(page, '/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(`${user.password}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The error summary at the top is an alert, so screen readers announce it.
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('There is a problem');
    const summaryLink = summary.getByRole('link', { name: 'The email address or password is not right.' });
    expect(await summaryLink.getAttribute('href')).toBe('#field-password');

    // Still the sign-in page, not signed in: no session cookie.
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => cookie.name)).not.toContain('better-auth.session_token');

    // The typed email is kept; the password is not sent back.
    expect(await page.getByLabel('Email address').inputValue()).toBe(user.email);
    const password = page.getByLabel('Password');
    expect(await password.inputValue()).toBe('');

    // The message is next to the password field, and the field is marked invalid and described by it.
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby'))?.split(' ') ?? [];
    const inline = page.locator('.field', { has: password }).locator('.error');
    expect(await inline.isVisible()).toBe(true);
    // "Error: " is read to screen readers only.
    expect(await inline.textContent()).toBe('Error: The email address or password is not right.');
    expect(describedBy).toContain(await inline.getAttribute('id'));
    // The email field has no error of its own.
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBeNull();

    // The summary's link takes the keyboard to the field.
    await summaryLink.click();
    await expect.poll(() => isFocused(password)).toBe(true);

    await expectNoSeriousA11yViolations(page);
  });
});
