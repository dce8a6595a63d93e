import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import {
  callApiOk,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

// A program manager creates a two-session workshop in the browser, assigns the facilitator the partner
// contracts and publishes it; a visitor finds it from a ZIP code about 27 miles away and takes its calendar.

let test: TestPortal;
let pages: BrowserPages;
let manager: TestUser;
let facilitator: TestUser;
let staff: TestUser;
const AXE_TIMEOUT = 60_000;
const TITLE = 'CS Principles summer workshop, Seattle';

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function api(method: string, path: string, user: TestUser, body?: unknown) {
  return callApiOk(test, method, path, user, body);
}

beforeAll(async () => {
  test = await startTestPortal();
  pages = await BrowserPages.launch(test);
  await seedYears(test, ['2027-28'], '2027-28');
  const partner = await seedPartner(test, {
    year: '2027-28',
    name: 'Cascade Computing Partners',
    regions: ['WA'],
  });
  staff = await signedInUser(test, 'staff');
  manager = await signedInUser(test, 'program_manager', partner.id);
  facilitator = await signedInUser(test, 'participant');
  const application = await api('POST', '/api/v1/facilitator-applications', facilitator, {
    courseIds: ['csp'],
    homeZip: '98101',
    bio: 'Ten years of teaching AP CS Principles.',
  });
  await api('POST', `/api/v1/facilitator-applications/${application.id as string}/decisions`, staff, {
    courseId: 'csp',
    decision: 'approved',
  });
  await api('POST', `/api/v1/partners/${partner.id}/facilitator-contracts`, manager, {
    facilitatorId: application.facilitatorId,
    programYear: '2027-28',
  });
});
afterAll(async () => {
  await pages.close();
  await test.close();
});

describe('a workshop from draft to a visitor’s calendar', () => {
  it(
    'is created, staffed and published by its partner’s manager, then found near a ZIP code',
    async () => {
      const page = await pages.newPage(manager);
      await page.goto('/workshops/new');
      await page.getByLabel('Course', { exact: true }).selectOption({ label: 'CS Principles' });
      await page.getByLabel('Which workshop of the course').selectOption('5-day Summer');
      await page.getByLabel('Title').fill(TITLE);
      await page.getByLabel('Seats').fill('0');
      await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
      await page.getByLabel('Session 1 date').fill(inDays(40));
      await page.getByLabel('Session 1 starts').fill('09:00');
      await page.getByLabel('Session 1 ends').fill('16:00');
      await page.getByLabel('Session 2 date').fill(inDays(41));
      await page.getByLabel('Session 2 starts').fill('09:00');
      await page.getByLabel('Session 2 ends').fill('15:00');
      await page.getByLabel('Venue').fill('Seattle Central Library');
      await page.getByLabel('Street address').fill('1000 4th Ave, Seattle, WA');
      await page.getByLabel('ZIP code').fill('98104');
      await page.getByRole('button', { name: 'Create the draft' }).click();

      // Refused, with the message beside the field and everything typed kept.
      await expect
        .poll(() => page.locator('#field-capacity-error').textContent())
        .toBe('Error: A workshop has at least 1 seat.');
      expect(await page.getByLabel('Title').inputValue()).toBe(TITLE);
      expect(await page.getByLabel('Session 2 ends').inputValue()).toBe('15:00');
      await expectNoSeriousA11yViolations(page);

      await page.getByLabel('Seats').fill('30');
      await page.getByRole('button', { name: 'Create the draft' }).click();
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Draft');

      await page.getByLabel('Facilitator', { exact: true }).selectOption({ label: 'Test participant' });
      await page.getByRole('button', { name: 'Assign' }).click();
      await page.getByText('The facilitator is assigned to the workshop.').waitFor();
      await page.getByRole('button', { name: 'Publish the workshop' }).click();
      await page.getByText('The workshop is published.').waitFor();
      await expectNoSeriousA11yViolations(page);

      const visitor = await pages.newPage();
      await visitor.goto('/workshops');
      await visitor.getByLabel('Near ZIP code').fill('98201');
      await visitor.getByLabel('Within').selectOption('50');
      await visitor.getByRole('button', { name: 'Show' }).click();
      await visitor.getByText('Nearest first from 98201').waitFor();
      expect(await visitor.locator('main').textContent()).toMatch(/27\.\d miles away/);
      await expectNoSeriousA11yViolations(visitor);
      await visitor.getByRole('link', { name: TITLE }).click();
      await visitor.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      expect(await visitor.locator('main').textContent()).toContain('Test participant');
      await expectNoSeriousA11yViolations(visitor);

      const href = await visitor.getByRole('link', { name: 'Add to your calendar' }).getAttribute('href');
      const response = await visitor.request.get(href ?? '');
      expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
      const events = ICAL.Component.fromString(await response.text()).getAllSubcomponents('vevent');
      expect(events.map((event) => event.getFirstPropertyValue('summary'))).toEqual([
        `${TITLE} (session 1 of 2)`,
        `${TITLE} (session 2 of 2)`,
      ]);
    },
    AXE_TIMEOUT * 2,
  );

  it(
    'lands the facilitator on the workshops they lead',
    async () => {
      const page = await pages.newPage(facilitator);
      await page.goto('/facilitator');
      await page.getByRole('link', { name: TITLE, exact: true }).waitFor();
      await expectNoSeriousA11yViolations(page);
    },
    AXE_TIMEOUT,
  );

  it(
    'has pages for each role that pass the accessibility checks, at a phone’s width too',
    async () => {
      const visits: [TestUser, string][] = [
        [staff, '/staff/workshops'],
        [staff, '/staff/courses'],
        [staff, '/staff/facilitators'],
        [manager, '/partner/workshops'],
        [manager, '/partner/facilitators'],
        [facilitator, '/facilitate'],
        [facilitator, '/calendar'],
      ];
      for (const [user, path] of visits) {
        const page = await pages.keptPage(user);
        await page.goto(path);
        expect(await page.locator('h1').count(), path).toBe(1);
        await expectNoSeriousA11yViolations(page);
      }
    },
    AXE_TIMEOUT * 3,
  );
});
