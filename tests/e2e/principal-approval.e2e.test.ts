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

// A partner asks for principals' approval; a teacher applies naming their principal; the principal opens the
// emailed link without an account and approves (asked first in a dialog); the partner then accepts.

let test: TestPortal;
let pages: BrowserPages;
let manager: TestUser;
let teacher: TestUser;
let partnerId: string;
const AXE_TIMEOUT = 60_000;
const PRINCIPAL_EMAIL = 'dana.whitfield@lincoln.example.org';

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
  const staff = await signedInUser(test, 'staff');
  [manager, teacher] = await Promise.all([
    signedInUser(test, 'program_manager', partner.id),
    signedInUser(test, 'participant'),
  ]);
  await callApiOk(test, 'PUT', '/api/v1/teacher-application-forms/2027-28/csp', staff, { questions: [] });
  await callApiOk(test, 'PUT', `/api/v1/partners/${partner.id}/cohort-capacity`, staff, {
    programYear: '2027-28',
    courseId: 'csp',
    capacity: 20,
  });
}, 120_000);
afterAll(async () => {
  await pages.close();
  await test.close();
});

async function principalLink(): Promise<string> {
  const mail = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select('textBody')
    .where('toAddress', '=', PRINCIPAL_EMAIL)
    .executeTakeFirstOrThrow();
  const found = /https?:\/\/\S+\/principal-approvals\/\S+/.exec(mail.textBody)?.[0] ?? '';
  return new URL(found).pathname;
}

describe('principal approval, in the browser', () => {
  it(
    'the manager turns it on; the teacher names the principal, who approves; the partner accepts',
    async () => {
      const settings = await pages.newPage(manager);
      await settings.goto(`/partner/teacher-application-settings/${partnerId}`);
      await settings.getByLabel('Teacher applications need the principal’s approval').check();
      await settings.getByRole('button', { name: 'Save the settings' }).click();
      await settings.getByText('The teacher application settings are saved.').waitFor();
      await expectNoSeriousA11yViolations(settings);

      const page = await pages.newPage(teacher);
      await page.goto('/teacher-applications/new?programYear=2027-28&courseId=csp');
      await page.getByLabel('School name').fill('Lincoln High School');
      await page.getByLabel('School ZIP code').fill('98101');
      await page.getByRole('button', { name: 'Send your application' }).click();
      // Refused: the partner asks, so the principal's details are needed; what was typed stays.
      await page.getByRole('alert').waitFor();
      expect(await page.getByLabel('School name').inputValue()).toBe('Lincoln High School');
      await expectNoSeriousA11yViolations(page);
      await page.getByLabel('Principal’s name').fill('Dana Whitfield');
      await page.getByLabel('Principal’s email address').fill(PRINCIPAL_EMAIL);
      await page.getByRole('button', { name: 'Send your application' }).click();
      await page.getByText('Your application is sent.').waitFor();

      const principal = await pages.newPage();
      await principal.goto(await principalLink());
      await principal.getByText('Lincoln High School').first().waitFor();
      await expectNoSeriousA11yViolations(principal);
      await principal.getByLabel('Comment (optional)').fill('Glad to support this.');
      await principal.getByRole('button', { name: 'Approve' }).click();
      const dialog = principal.getByRole('dialog', { name: 'Send your answer?' });
      await dialog.getByRole('button', { name: 'Send the answer' }).click();
      await principal.getByText('Thank you: your answer is recorded').waitFor();
      await principal.getByText('The answer is recorded and cannot be changed.').waitFor();
      await expectNoSeriousA11yViolations(principal);

      const review = await pages.newPage(manager);
      await review.goto('/teacher-applications');
      await review.getByText('Approved by the principal').first().waitFor();
      await expectNoSeriousA11yViolations(review);
      await review
        .getByRole('link', { name: /Test participant/ })
        .first()
        .click();
      await review.getByText('Approved by the principal').waitFor();
      await review.getByText('Glad to support this.').waitFor();
      await expectNoSeriousA11yViolations(review);
      await review.getByRole('button', { name: 'Accept' }).click();
      await review.getByText('The decision is recorded').waitFor();
    },
    AXE_TIMEOUT * 4,
  );
});
