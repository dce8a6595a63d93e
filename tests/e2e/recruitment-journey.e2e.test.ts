import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import {
  callApiOk,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

// A teacher applies from a school in the partner's region, found in the directory; the partner's program
// manager accepts them and enrolls them in one of its CS Principles workshops; the partner's progress chart
// counts the school (and the teacher).

let test: TestPortal;
let pages: BrowserPages;
let manager: TestUser;
let teacher: TestUser;
let directory: string;
const AXE_TIMEOUT = 60_000;
const SCHOOL = 'Harborview High School';
const WORKSHOP = 'CS Principles summer workshop, Tacoma';

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
  const staff = await signedInUser(test, 'staff');
  [manager, teacher] = await Promise.all([
    signedInUser(test, 'program_manager', partner.id),
    signedInUser(test, 'participant'),
  ]);
  // The directory, as the operator imports it from the NCES file.
  directory = mkdtempSync(join(tmpdir(), 'portal-directory-'));
  const file = join(directory, 'schools.csv');
  writeFileSync(
    file,
    [
      'NCESSCH,LEAID,SCH_NAME,LEA_NAME,LSTREET1,LCITY,LSTATE,LZIP,GSLO,GSHI,SCH_TYPE_TEXT,CHARTER_TEXT,SY_STATUS_TEXT',
      `530000900901,5300009,${SCHOOL},Tacoma School District,1 Harbor Way,Tacoma,WA,98402,09,12,Regular School,No,Open`,
    ].join('\n'),
  );
  const problems: string[] = [];
  const status = await runCli(['schools:import', file], {
    env: { DATABASE_URL: test.deps.config.databaseUrl, AUTH_SECRET: 'c'.repeat(32), NODE_ENV: 'development' },
    stdout: () => {},
    stderr: (message) => {
      problems.push(message);
    },
  });
  expect(status, problems.join('\n')).toBe(0);
  // Staff open CS Principles to applications, with one question and a cohort of 20.
  await api('PUT', '/api/v1/teacher-application-forms/2027-28/csp', staff, {
    questions: [{ prompt: 'Why do you want to teach CS Principles?', required: true }],
  });
  await api('PUT', `/api/v1/partners/${partner.id}/cohort-capacity`, staff, {
    programYear: '2027-28',
    courseId: 'csp',
    capacity: 20,
  });
  const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const workshop = await api('POST', '/api/v1/workshops', manager, {
    partnerId: partner.id,
    programYear: '2027-28',
    kind: 'course',
    courseId: 'csp',
    subject: '5-day Summer',
    title: WORKSHOP,
    description: 'Five days of **CS Principles**.',
    audience: ['teachers'],
    capacity: 30,
    timeZone: 'America/Los_Angeles',
    location: {
      mode: 'in_person',
      venue: 'Tacoma Public Library',
      address: '1102 Tacoma Ave S',
      zip: '98402',
    },
    visibility: 'public',
    sessions: [{ date: inAMonth, start: '09:00', end: '16:00' }],
  });
  await api('POST', `/api/v1/workshops/${workshop.id as string}/publish`, manager);
}, 120_000);
afterAll(async () => {
  await pages.close();
  await test.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('from a teacher’s application to the partner’s progress', () => {
  it(
    'applies from a directory school, is accepted and enrolled, and the chart counts the school',
    async () => {
      const page = await pages.newPage(teacher);
      await page.goto('/teacher-applications/new');
      await page.getByLabel('Course', { exact: true }).selectOption({ label: 'CS Principles' });
      await page.getByLabel('Your school’s name or ZIP code').fill('harbor');
      await page.getByRole('button', { name: 'Find your school' }).click();
      await page
        .getByLabel('Your school', { exact: true })
        .selectOption({ label: `${SCHOOL}, Tacoma, WA 98402` });
      await page
        .getByLabel('Why do you want to teach CS Principles?')
        .fill('My students keep asking for it.');
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'Send your application' }).click();
      await page.getByText('Cascade Computing Partners').first().waitFor();

      const review = await pages.newPage(manager);
      await review.goto('/teacher-applications');
      await review
        .getByRole('link', { name: /Test participant/ })
        .first()
        .click();
      await review.getByRole('button', { name: 'Accept' }).click();
      const workshops = review.getByLabel('Workshop', { exact: true });
      const choice = await workshops.locator('option', { hasText: WORKSHOP }).getAttribute('value');
      await workshops.selectOption(choice ?? '');
      await review.getByRole('button', { name: 'Enroll the teacher' }).click();
      // Enrolled through the workshop's gate: the workshop is among the teacher's own.
      await review.getByText('enrolled', { exact: false }).first().waitFor();
      await page.goto('/my/workshops');
      await page.getByRole('heading', { level: 2, name: WORKSHOP }).waitFor();
      await expectNoSeriousA11yViolations(review);

      await review.goto('/partner/recruitment/progress');
      const row = review
        .locator('table.chart-table')
        .first()
        .getByRole('row', { name: /CS Principles/ });
      const cells = await row.getByRole('cell').allTextContents();
      // Districts, schools and teachers, each "committed of goal".
      expect(cells.map((cell) => cell.split(' ')[0])).toEqual(['0', '1', '1']);
      await expectNoSeriousA11yViolations(review);
    },
    AXE_TIMEOUT * 3,
  );
});
