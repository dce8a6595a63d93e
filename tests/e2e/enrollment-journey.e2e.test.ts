import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallTimeInZone } from '../../src/platform/zoned-time.js';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import {
  callApiOk,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';
import { daytimeZone, sessionFromNow } from '../helpers/zones.js';

// A teacher finds a full one-seat workshop near her ZIP code, joins its waitlist, takes the seat when its
// holder gives it up, checks in with the code shown in the room, and after the workshop downloads her
// certificate, whose public verification page states what she attended.

let test: TestPortal;
let pages: BrowserPages;
let manager: TestUser;
let seatHolder: TestUser;
let teacher: TestUser;
let partnerId: string;
const AXE_TIMEOUT = 60_000;
const TITLE = 'CS Discoveries Saturday workshop, Seattle';
const ZONE = daytimeZone();
/** signedInUser names each account after its role. */
const TEACHER_NAME = 'Test participant';

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
  partnerId = partner.id;
  [manager, seatHolder, teacher] = await Promise.all([
    signedInUser(test, 'program_manager', partner.id),
    signedInUser(test, 'participant'),
    signedInUser(test, 'participant'),
  ]);
});
afterAll(async () => {
  await pages.close();
  await test.close();
});

describe('a teacher’s way from finding a workshop to a verified certificate', () => {
  it(
    'goes through the waitlist, a promotion, check-in and the certificate',
    async () => {
      // One seat, one 90-minute session starting in half an hour: check-in is open, registration too.
      const created = await api('POST', '/api/v1/workshops', manager, {
        partnerId,
        programYear: '2027-28',
        kind: 'course',
        courseId: 'csd',
        subject: 'Academic Year Workshop 1',
        title: TITLE,
        description: 'A Saturday of **CS Discoveries**.',
        audience: ['teachers'],
        capacity: 1,
        timeZone: ZONE,
        location: {
          mode: 'in_person',
          venue: 'Seattle Central Library',
          address: '1000 4th Ave, Seattle',
          zip: '98104',
        },
        visibility: 'public',
        sessions: [sessionFromNow(ZONE, 30, 90)],
      });
      const workshopId = created.id as string;
      await api('POST', `/api/v1/workshops/${workshopId}/publish`, manager);
      const held = await api('POST', `/api/v1/workshops/${workshopId}/enrollments`, seatHolder, {
        role: 'teacher',
      });
      expect(held.status).toBe('enrolled');

      // Found near her ZIP code, full: she joins the waitlist as number 1.
      const page = await pages.newPage(teacher);
      await page.goto('/workshops');
      await page.getByLabel('Near ZIP code').fill('98101');
      await page.getByLabel('Within').selectOption('50');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByText('The workshop is full').waitFor();
      await page.getByLabel('Teacher').check();
      await page.getByRole('button', { name: 'Join the waitlist' }).click();
      await page.getByText('On the waitlist, number 1').waitFor();
      await expectNoSeriousA11yViolations(page);

      // The seat's holder gives it up: the seat is hers, as her own page says.
      await api('POST', `/api/v1/enrollments/${held.id as string}/cancel`, seatHolder);
      await page.goto('/my/workshops');
      await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Enrolled');
      await expectNoSeriousA11yViolations(page);

      // In the room, the organizer's attendance page shows the session's code; she enters it.
      const organizer = await pages.newPage(manager);
      await organizer.goto(`/workshops/${workshopId}/roster`);
      await organizer.getByRole('heading', { level: 1, name: `Roster: ${TITLE}` }).waitFor();
      await expectNoSeriousA11yViolations(organizer);
      await organizer.goto(`/workshops/${workshopId}/attendance`);
      await expectNoSeriousA11yViolations(organizer);
      const code = ((await organizer.locator('.check-in-code').first().textContent()) ?? '').replace(
        /\s/g,
        '',
      );
      expect(code).toMatch(/^[2-9A-Z]{6}$/);
      await page.getByRole('link', { name: 'Manage your place' }).click();
      await page.getByRole('link', { name: 'Check in to session 1' }).click();
      await page.getByLabel('The code shown in the room').fill(code.toLowerCase());
      await page.getByRole('button', { name: 'Check in' }).click();
      await page.getByText('You are checked in. Welcome!').waitFor();
      await expectNoSeriousA11yViolations(page);

      // The workshop is over (its session moved to yesterday, keeping its id): the certificate is hers.
      const yesterday = wallTimeInZone(new Date(Date.now() - 86_400_000).toISOString(), ZONE).date;
      await api('PATCH', `/api/v1/workshops/${workshopId}`, manager, {
        sessions: [{ date: yesterday, start: '09:00', end: '10:30' }],
      });
      await page.goto('/my/workshops');
      const href = await page.getByRole('link', { name: /^Certificate/ }).getAttribute('href');
      const pdf = await page.request.get(href ?? '');
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const { text } = await new PDFParse({ data: await pdf.body() }).getText();
      expect(text).toContain(TEACHER_NAME);
      expect(text).toContain('1.5 hours');
      const verification = /\/certificates\/([0-9a-f-]{36})/.exec(text)?.[1] ?? '';
      expect(verification).not.toBe('');

      // Anyone holding the certificate can verify it: the same facts, nothing else about her.
      const visitor = await pages.newPage();
      await visitor.goto(`/certificates/${verification}`);
      const facts = (await visitor.locator('main').textContent()) ?? '';
      expect(facts).toContain(TEACHER_NAME);
      expect(facts).toContain(TITLE);
      expect(facts).toContain('Cascade Computing Partners');
      expect(facts).toContain('1.5 hours');
      expect(facts).not.toContain(teacher.email);
      await expectNoSeriousA11yViolations(visitor);
    },
    AXE_TIMEOUT * 3,
  );
});
