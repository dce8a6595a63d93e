import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount } from '../../src/modules/accounts/accounts.service.js';
import { formatDate } from '../../src/platform/ui/date.js';
import { BrowserPages, focusedElement, isFocused } from '../helpers/browser.js';
import {
  loadSeedFaq,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';
import { SmtpSink, type ReceivedMail } from '../helpers/smtp-sink.js';

// Becoming a partner, end to end in a real browser: two organizations in a state nobody serves apply jointly,
// staff review and accept them, the new partner is in the finder, its program manager accepts the emailed
// invitation and takes a press release through review to publication. And the eligibility check's refusals: a
// served county (naming its partner) and an organization outside the United States (the FAQ's reason).

let sink: SmtpSink;
let test: TestPortal;
let pages: BrowserPages;
let staff: TestUser;
let applicant: TestUser;

const YEAR = '2027-28';
/** Serves one county of Washington, for the "served county" refusal. */
const SERVING = { name: 'Cascade Computing Partners', email: 'hello@cascade-cs.example.org' };
const LEAD = { name: 'Gem State CS Collaborative', role: 'professional learning and outreach' };
const CO_APPLICANT = { name: 'Boise Education Foundation', role: 'funding' };
const CONTACT = { name: 'Rosa Delgado', email: 'rosa@gemstate-cs.example.org' };
/** What staff publish as the new partner's contact on accepting: not the contact person's own address. */
const LISTING = { name: 'Gem State CS Help Desk', email: 'hello@gemstate-cs.example.org' };
/** Two people sharing the year's 0.5 FTE program manager position. */
const MANAGERS = [
  {
    name: 'Alex Moreno',
    email: `alex-${randomBytes(3).toString('hex')}@gemstate-cs.example.org`,
    fte: '0.25',
  },
  {
    name: 'Jo Whitfield',
    email: `jo-${randomBytes(3).toString('hex')}@gemstate-cs.example.org`,
    fte: '0.25',
  },
];
const QUESTIONS = [
  'Why do you want to be the Regional Partner for Idaho?',
  'Where will you hold the summer workshops?',
];
const CRITERIA = [
  { title: 'Reach into the districts', max: 5 },
  { title: 'Capacity and staffing', max: 5 },
];
const RELEASE_TITLE = 'Gem State CS Collaborative becomes the Regional Partner for Idaho';
/** A press release is marked published once it has appeared: a few days ago. */
const PUBLISHED_ON = new Date(Date.now() - 3 * 24 * 60 * 60_000).toISOString().slice(0, 10);
/** Each step of the journey depends on the ones before: a long test on a busy two-core machine. */
const JOURNEY_TIMEOUT = 90_000;

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  await loadSeedFaq(test);
  await seedYears(test, [YEAR], YEAR);
  await seedPartner(test, {
    year: YEAR,
    name: SERVING.name,
    regions: ['WA:King'],
    input: { contactName: 'Dana Reyes', contactEmail: SERVING.email, coursesOffered: ['CS Discoveries'] },
  });
  staff = await signedInUser(test, 'staff');
  applicant = await signedInUser(test, 'participant');
  pages = await BrowserPages.launch(test);
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  // Any of them is missing if beforeAll failed half-way.
  await (pages as BrowserPages | undefined)?.close();
  await (test as TestPortal | undefined)?.close();
  await (sink as SmtpSink | undefined)?.close();
});

/** A page in a fresh browser context (anonymous unless `user` is given), closed after the test. */
function newPage(user?: TestUser): Promise<Page> {
  return pages.newPage(user);
}

/** The path of the page's address, without the query. */
function pathname(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Waits for a redirect to `path` (a string, or a pattern for paths with ids) and its notice. */
async function expectNotice(page: Page, path: string | RegExp, notice: string): Promise<void> {
  await expect.poll(() => pathname(page)).toMatch(typeof path === 'string' ? new RegExp(`^${path}$`) : path);
  // Polled too: a page already at `path` (reloaded with an earlier notice in its address) matches the path before
  // the redirect arrives, and would be read too early on a busy machine.
  await expect.poll(() => page.getByRole('status').textContent()).toBe(notice);
}

/** Fills the eligibility check on /apply and shows its answer. */
async function checkEligibility(page: Page, fields: { country: string; state?: string; regions: string }) {
  await page.goto('/apply');
  await page.getByLabel('Where is your organization?').selectOption({ label: fields.country });
  if (fields.state) await page.getByLabel('State (United States only)').selectOption({ label: fields.state });
  await page.getByLabel('The regions you propose to serve').fill(fields.regions);
  await page.getByRole('button', { name: 'Check eligibility' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('regions')).toBe(fields.regions);
  await page.waitForLoadState('domcontentloaded');
  const result = page.getByRole('region', { name: /^Your organization can/ });
  await result.waitFor();
  return result;
}

/** The mail (already delivered or arriving) to `to` whose subject matches. */
function mailTo(to: string, subject: string | RegExp): Promise<ReceivedMail> {
  return sink.waitFor(
    (mail) =>
      mail.to.toLowerCase().includes(to.toLowerCase()) &&
      (typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject)),
  );
}

describe('the eligibility check refuses, and says why', { timeout: 60_000 }, () => {
  it('a served county: names the partner serving it, and "connect me" writes to that partner', async () => {
    const page = await newPage();
    const result = await checkEligibility(page, {
      country: 'United States',
      state: 'Washington',
      regions: 'WA:King',
    });

    expect(await result.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Your organization cannot apply for these regions',
    );
    expect(await result.getByRole('listitem').allTextContents()).toEqual([
      `King County, WA is already served by ${SERVING.name} for ${YEAR}.`,
    ]);

    const connect = result.getByRole('form', { name: `Write to ${SERVING.name} about King County, WA` });
    await connect.getByLabel('Your name').fill('Priya Natarajan');
    const sender = `priya-${randomBytes(3).toString('hex')}@example.org`;
    await connect.getByLabel('Your email address').fill(sender);
    await connect.getByRole('button', { name: 'Connect me with this partner' }).click();

    await expectNotice(
      page,
      '/apply',
      'Thank you: your message is sent to the Regional Partner. We have emailed you a confirmation.',
    );
    const toPartner = await sink.waitFor(
      (mail) => mail.to.includes(SERVING.email) && mail.text.includes(sender),
    );
    expect(toPartner.text).toContain('Priya Natarajan');
  });

  it('outside the United States: refused with the FAQ’s answer to "Do you accept international applications?"', async () => {
    const page = await newPage();
    await page.goto('/faq');
    const faqAnswer = await page
      .getByRole('article', { name: 'Do you accept international applications?' })
      .locator('.prose')
      .textContent();
    expect(faqAnswer?.trim()).toMatch(/^No, at this time/);

    const result = await checkEligibility(page, { country: 'Another country', regions: 'ON' });

    expect(await result.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Your organization cannot apply for these regions',
    );
    expect(await result.getByRole('listitem').allTextContents()).toEqual([faqAnswer?.trim()]);
    // Nobody to connect with, and no way into the application form.
    expect(await result.getByRole('form').count()).toBe(0);
    expect(await result.getByRole('link', { name: 'Start your application' }).count()).toBe(0);
  });
});

describe('from application to published press release', { timeout: JOURNEY_TIMEOUT }, () => {
  /** Shared by the steps below, which run in order. */
  const journey = { applicationId: '', partnerId: '', pressReleaseId: '', managerPassword: '' };

  it('the staff home leads to the application queue', async () => {
    const page = await newPage(staff);
    await page.goto('/staff');
    await page.getByRole('main').getByRole('link', { name: 'Partner applications', exact: true }).click();
    await expect.poll(() => pathname(page)).toBe('/staff/applications');
  });

  it('staff set the year’s narrative questions and rubric', async () => {
    const page = await newPage(staff);
    await page.goto(`/staff/applications?year=${YEAR}`);
    await page.getByRole('link', { name: `Questions and rubric for ${YEAR}` }).click();
    await expect.poll(() => pathname(page)).toBe('/staff/applications/settings');
    await page.getByLabel('Narrative questions').fill(QUESTIONS.join('\n'));
    await page.getByLabel('Rubric criteria').fill(CRITERIA.map((c) => `${c.title} | ${c.max}`).join('\n'));
    await page.getByRole('button', { name: 'Save' }).click();

    await expectNotice(page, '/staff/applications/settings', 'The questions and the rubric are saved.');
    expect(await page.getByLabel('Narrative questions').inputValue()).toBe(QUESTIONS.join('\n'));
  });

  it('two Idaho organizations check eligibility, then apply jointly with two people sharing 0.5 FTE and submit', async () => {
    const page = await newPage(applicant);
    const result = await checkEligibility(page, { country: 'United States', state: 'Idaho', regions: 'ID' });
    expect(await result.getByRole('heading', { level: 2 }).textContent()).toBe('Your organization can apply');
    await result.getByRole('link', { name: 'Start your application' }).click();

    await expect.poll(() => pathname(page)).toBe('/applications');
    await page.getByRole('button', { name: 'Start a new application' }).click();
    await expect.poll(() => pathname(page)).toMatch(/^\/applications\/[\w-]+\/organizations$/);
    journey.applicationId = pathname(page).split('/')[2] ?? '';
    await page.getByRole('heading', { level: 1, name: 'Step 1 of 5: Organizations' }).waitFor();

    // Step 1: the contact, the lead organization and its co-applicant, each with its role.
    await page.getByLabel('Contact person').fill(CONTACT.name);
    await page.getByLabel('Contact email').fill(CONTACT.email);
    for (const [group, organization] of [
      ['Lead organization', LEAD],
      ['Co-applicant 1', CO_APPLICANT],
    ] as const) {
      const row = page.getByRole('group', { name: group });
      await row.getByLabel('Name').fill(organization.name);
      await row.getByLabel('Role').fill(organization.role);
      expect(await row.getByLabel('Country').locator('option:checked').textContent()).toBe('United States');
      await row.getByLabel('State or territory').selectOption({ label: 'Idaho' });
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expectNotice(
      page,
      `/applications/${journey.applicationId}/region`,
      'Your application is saved as a draft. You can come back to it from any device.',
    );

    // Step 2: the whole state, which nobody serves.
    await page.getByLabel('Proposed region or regions').fill('ID');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect.poll(() => pathname(page)).toBe(`/applications/${journey.applicationId}/staffing`);

    // Step 3: two program managers sharing the position, 0.25 FTE each.
    await page.getByText('The program manager position needs 0.50 FTE in 2027-28').waitFor();
    for (const [index, person] of MANAGERS.entries()) {
      const row = page.getByRole('group', { name: `Person ${index + 1}` });
      await row.getByLabel('Name').fill(person.name);
      await row.getByLabel('Email').fill(person.email);
      await row.getByLabel('FTE share').fill(person.fte);
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect.poll(() => pathname(page)).toBe(`/applications/${journey.applicationId}/narrative`);

    // Step 4: the questions staff set for the year.
    for (const question of QUESTIONS) await page.getByLabel(question).fill(`Our answer to: ${question}`);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect.poll(() => pathname(page)).toBe(`/applications/${journey.applicationId}/review`);

    // Step 5: everything as entered, then submit.
    await page.getByRole('heading', { level: 1, name: 'Step 5 of 5: Review and submit' }).waitFor();
    const summary = (await page.getByRole('main').textContent()) ?? '';
    expect(summary).toContain(`${LEAD.name} — ${LEAD.role} (ID), lead`);
    expect(summary).toContain(`${CO_APPLICANT.name} — ${CO_APPLICANT.role} (ID)`);
    for (const person of MANAGERS) expect(summary).toContain(`${person.name} (${person.email}), 0.25 FTE`);
    expect(summary).toContain(`Our answer to: ${QUESTIONS[1]}`);
    await page.getByRole('button', { name: 'Submit the application' }).click();

    await expectNotice(
      page,
      `/applications/${journey.applicationId}`,
      'Your application is submitted. We will email you when it is decided.',
    );
    const status = page.locator('dt', { hasText: /^Status$/ }).locator('xpath=following-sibling::dd[1]');
    expect(await status.textContent()).toBe('Submitted');
    await page.getByRole('link', { name: 'All your applications' }).waitFor();
    // Locked: the steps now lead back to the overview.
    await page.goto(`/applications/${journey.applicationId}/organizations`);
    expect(pathname(page)).toBe(`/applications/${journey.applicationId}`);
  });

  it('another applicant opening the application is told there is no such page', async () => {
    const page = await newPage(await signedInUser(test, 'participant'));
    const response = await page.goto(`/applications/${journey.applicationId}`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    expect(await page.getByRole('main').textContent()).not.toContain(LEAD.name);
  });

  it('staff score it, invite to an interview and accept it, confirming the public listing and editing the decision email', async () => {
    const page = await newPage(staff);
    await page.goto(`/staff/applications?year=${YEAR}`);
    const table = page.getByRole('table', { name: `Partner applications of ${YEAR}` });
    await table.getByRole('link', { name: LEAD.name }).click();
    await expect.poll(() => pathname(page)).toBe(`/staff/applications/${journey.applicationId}`);
    await page.getByRole('heading', { level: 1, name: LEAD.name }).waitFor();
    const staffPage = `/staff/applications/${journey.applicationId}`;

    // The rubric, one criterion at a time: a reviewer may save part and come back.
    let scores = page.getByRole('region', { name: 'Scores' });
    await scores.getByLabel(`${CRITERIA[0]?.title ?? ''} (0–5)`).fill('4');
    await scores.getByRole('button', { name: 'Save your scores' }).click();
    await expectNotice(page, staffPage, 'Your scores are saved.');
    scores = page.getByRole('region', { name: 'Scores' });
    expect(await scores.textContent()).toContain(
      'Average total: 4 of 10, from 1 reviewer (1 of 2 criteria scored)',
    );
    await scores.getByLabel(`${CRITERIA[1]?.title ?? ''} (0–5)`).fill('5');
    await scores.getByRole('button', { name: 'Save your scores' }).click();
    await expectNotice(page, staffPage, 'Your scores are saved.');
    const scored = (await page.getByRole('region', { name: 'Scores' }).textContent()) ?? '';
    expect(scored).toContain('Average total: 9 of 10, from 1 reviewer (2 of 2 criteria scored)');
    expect(scored).toContain(`${staff.email}: 9`);

    await page.getByRole('button', { name: 'Start the review' }).click();
    await expectNotice(page, staffPage, 'The application is in review.');

    // The interview, with its time in the applicants' zone and an email to them.
    await page.getByRole('link', { name: 'Invite to an interview' }).click();
    const invite = page.getByRole('form', { name: 'Invite to an interview' });
    await invite.getByLabel('Date').fill('2027-02-03');
    await invite.getByLabel('Time', { exact: true }).fill('10:00');
    await invite.getByLabel('Time zone').selectOption({ label: 'Mountain' });
    await invite.getByLabel('Notes for reviewers').fill('Video call; ask about summer workshop sites.');
    await invite.getByRole('button', { name: 'Move to interview and send' }).click();
    await expectNotice(
      page,
      staffPage,
      'The application is at the interview stage, and the applicant is emailed.',
    );
    expect(await page.getByRole('region', { name: 'Interview' }).textContent()).toContain(
      'Feb 3, 2027, 10:00 AM MST',
    );
    const interviewMail = await mailTo(
      CONTACT.email,
      `Your Regional Partner application for ${YEAR}: an interview`,
    );
    expect(interviewMail.text).toContain('When: Feb 3, 2027, 10:00 AM MST');

    // Accepting is a page of its own, apart from declining: the public listing, the email, and a question first.
    await page.getByRole('link', { name: 'Accept the application' }).click();
    const accept = page.getByRole('form', { name: 'Accept the application' });
    expect(await accept.getByLabel('Contact email').inputValue()).toBe(CONTACT.email);
    await accept.getByLabel('Contact name').fill(LISTING.name);
    await accept.getByLabel('Contact email').fill(LISTING.email);
    await accept.getByLabel('Courses offered (optional)').fill('CS Discoveries');
    const subject = `Welcome, ${LEAD.name}: you are a Regional Partner for ${YEAR}`;
    await accept.getByLabel('Subject').fill(subject);
    await accept.getByRole('button', { name: 'Accept and send' }).click();
    const question = page.getByRole('dialog', { name: `Accept ${LEAD.name}?` });
    expect(await question.getByRole('paragraph').textContent()).toBe(
      `Accepting creates the partner ${LEAD.name} with Idaho and emails 2 invitations and the decision. This cannot be undone.`,
    );
    await question.getByRole('button', { name: 'Accept the application' }).click();
    await expectNotice(
      page,
      staffPage,
      'The application is accepted: the partner, its regions and its invitations are created, and the applicant is emailed.',
    );

    // Every move is in the history, with who made it.
    const history = await page
      .getByRole('region', { name: 'History' })
      .getByRole('listitem')
      .allTextContents();
    expect(history.map((line) => line.replace(/^.* UTC: /, ''))).toEqual([
      `Draft by ${applicant.email}`,
      `Draft → Submitted by ${applicant.email}`,
      `Submitted → In review by ${staff.email}`,
      `In review → Interview by ${staff.email}`,
      `Interview → Accepted by ${staff.email}`,
    ]);
    const partnerLink = page.getByRole('link', { name: 'The partner it became' });
    journey.partnerId = (await partnerLink.getAttribute('href'))?.split('/').pop() ?? '';
    expect(journey.partnerId).not.toBe('');

    // The partner it became: both member organizations with their roles, Idaho, and an invitation per manager.
    await partnerLink.click();
    await expect.poll(() => pathname(page)).toBe(`/staff/partners/${journey.partnerId}`);
    const detail = (await page.getByRole('main').textContent()) ?? '';
    for (const organization of [LEAD, CO_APPLICANT]) {
      expect(detail).toContain(organization.name);
      expect(detail).toContain(organization.role);
    }
    expect(detail).toContain('Idaho');
    for (const person of MANAGERS) expect(detail).toContain(person.email);

    const decision = await mailTo(CONTACT.email, subject);
    expect(decision.text).toContain(`${LEAD.name} is accepted as a Regional Partner`);
    for (const person of MANAGERS) {
      const invitation = await mailTo(person.email, /^You are invited to manage /);
      expect(invitation.subject).toContain(LEAD.name);
      expect(invitation.text).toContain(`${test.url}/invitations/`);
    }
  });

  it('the new partner is in the finder for Idaho at once', async () => {
    const page = await newPage();
    await page.goto('/find?state=ID');
    const card = page
      .getByRole('region', { name: /^Your Regional Partner/ })
      .getByRole('article', { name: LEAD.name });
    await card.waitFor();
    // Its public contact is the listing staff confirmed, not the applicant's contact person.
    const listed = (await card.textContent()) ?? '';
    expect(listed).toContain(LISTING.email);
    expect(listed).not.toContain(CONTACT.email);
  });

  it('its program manager accepts the emailed invitation and submits a press release', async () => {
    const manager = MANAGERS[0] ?? { name: '', email: '' };
    const password = `pw-${randomBytes(8).toString('hex')}`;
    journey.managerPassword = password;
    await createVerifiedAccount(test.deps.auth, test.deps.db.kysely, {
      input: { email: manager.email, password, name: manager.name },
      role: 'participant',
    });
    const invitation = await mailTo(manager.email, /^You are invited to manage /);
    const link = new RegExp(`${test.url}(/invitations/\\S+)`).exec(invitation.text)?.[1] ?? '';
    expect(link).not.toBe('');

    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: `You are invited to manage ${LEAD.name}` }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'sign in' }).click();
    await expect.poll(() => pathname(page)).toBe('/sign-in');
    await page.getByLabel('Email address').fill(manager.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => pathname(page)).toBe(link);
    await page.getByRole('button', { name: `Accept as ${manager.email}` }).click();
    await page.getByRole('heading', { level: 1, name: `Welcome to ${LEAD.name}` }).waitFor();
    // The welcome page is a fresh GET: its menu already has the new program manager's place. The partner
    // dashboard it leads to (/partner) links on to the press releases; here they are opened by their address.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Your partner', exact: true })
      .waitFor();
    await page.goto('/partner/press-releases');
    await page.getByRole('heading', { level: 1, name: 'Press releases' }).waitFor();
    await page.getByRole('link', { name: 'Write a press release' }).click();
    await page.getByLabel('Title').fill(RELEASE_TITLE);
    await page
      .getByLabel('Press release')
      .fill(
        `BOISE — ${LEAD.name} and ${CO_APPLICANT.name} will bring CS Discoveries to Idaho.\n\nMore soon.`,
      );
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expectNotice(
      page,
      /^\/partner\/press-releases\/[\w-]+$/,
      'The draft is saved. Submit it for review when it is ready.',
    );
    journey.pressReleaseId = pathname(page).split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expectNotice(
      page,
      `/partner/press-releases/${journey.pressReleaseId}`,
      'The press release is submitted, and program staff are emailed to review it.',
    );
    await mailTo(
      test.deps.config.programContactEmail,
      `A press release from ${LEAD.name} is ready for review`,
    );
  });

  it('staff request changes; the partner revises and resubmits; staff approve; the partner marks it published', async () => {
    const manager = MANAGERS[0] ?? { name: '', email: '' };
    const reviewer = await newPage(staff);
    await reviewer.goto('/staff/press-releases');
    await reviewer.getByRole('link', { name: RELEASE_TITLE }).click();
    await expect.poll(() => pathname(reviewer)).toBe(`/staff/press-releases/${journey.pressReleaseId}`);
    const change = 'Please name the first workshop’s city and date.';
    await reviewer.getByLabel('Comment for the partner').fill(change);
    await reviewer.getByRole('button', { name: 'Request changes' }).click();
    await expectNotice(
      reviewer,
      `/staff/press-releases/${journey.pressReleaseId}`,
      'Changes are requested, and the partner is emailed.',
    );
    const asked = await mailTo(manager.email, 'Program staff asked for changes to your press release');
    expect(asked.text).toContain(change);

    // The manager, signed in again in a browser of their own, revises the draft and submits version 2.
    const partner = await newPage();
    await partner.goto(`/partner/press-releases/${journey.pressReleaseId}`);
    await expect.poll(() => pathname(partner)).toBe('/sign-in');
    await partner.getByText('Sign in to see that page.').waitFor();
    await partner.getByLabel('Email address').fill(manager.email);
    await partner.getByLabel('Password').fill(journey.managerPassword);
    await partner.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => pathname(partner)).toBe(`/partner/press-releases/${journey.pressReleaseId}`);
    await partner.getByRole('heading', { level: 1, name: RELEASE_TITLE }).waitFor();
    expect(await partner.getByRole('region', { name: 'History' }).textContent()).toContain(change);
    await partner.getByRole('link', { name: 'Edit the draft' }).click();
    await expect.poll(() => pathname(partner)).toBe(`/partner/press-releases/${journey.pressReleaseId}/edit`);
    const revised = 'The first workshop is in Boise on June 14, 2027.';
    const body = partner.getByLabel('Press release');
    await body.fill(`${await body.inputValue()}\n\n${revised}`);
    await partner.getByRole('button', { name: 'Save the draft' }).click();
    await expectNotice(partner, `/partner/press-releases/${journey.pressReleaseId}`, 'The draft is saved.');
    await partner.getByRole('button', { name: 'Submit as version 2' }).click();
    await expectNotice(
      partner,
      `/partner/press-releases/${journey.pressReleaseId}`,
      'The press release is submitted, and program staff are emailed to review it.',
    );

    // Staff see what changed since version 1, and approve.
    await reviewer.goto('/staff/press-releases');
    await reviewer.getByRole('link', { name: RELEASE_TITLE }).click();
    await reviewer.getByRole('link', { name: 'changes since version 1' }).click();
    const diff = reviewer.getByRole('region', { name: 'Version 2 compared with version 1' });
    expect(await diff.getByRole('listitem').filter({ hasText: revised }).textContent()).toContain('Added:');
    // Approving cannot be taken back: the reviewer is asked first.
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await reviewer.getByRole('heading', { level: 1, name: 'Approve this press release?' }).waitFor();
    await reviewer.getByRole('button', { name: 'Approve the press release' }).click();
    await expectNotice(
      reviewer,
      `/staff/press-releases/${journey.pressReleaseId}`,
      'The press release is approved, and the partner is emailed.',
    );
    await mailTo(manager.email, 'Your press release is approved');

    // Approved, the partner marks it published with the date and the address.
    await partner.reload();
    const published = partner.getByRole('form', { name: 'Mark it published' });
    await published.getByLabel('Date it was published').fill(PUBLISHED_ON);
    await published
      .getByLabel('Web address where it appeared')
      .fill('https://gemstate-cs.example.org/news/partner');
    await published.getByRole('button', { name: 'Mark published' }).click();
    // It cannot be changed afterwards, so the partner is asked in a dialog first.
    await partner.getByRole('dialog').getByRole('button', { name: 'Mark it published' }).click();
    await expectNotice(
      partner,
      `/partner/press-releases/${journey.pressReleaseId}`,
      'The press release is marked published, and program staff are emailed.',
    );
    expect(await partner.getByRole('main').textContent()).toContain(
      `Published on ${formatDate(PUBLISHED_ON)} at https://gemstate-cs.example.org/news/partner.`,
    );
    await mailTo(test.deps.config.programContactEmail, `A press release from ${LEAD.name} is published`);
  });
});

/** The error message that describes a control or group to a screen reader (beside its hint, if any). */
async function describedError(page: Page, described: Locator): Promise<string | null> {
  const ids = ((await described.getAttribute('aria-describedby')) ?? '').split(' ');
  const errorId = ids.find((id) => id.endsWith('-error')) ?? '';
  return page.locator(`[id="${errorId}"]`).textContent();
}

/** The ids of the controls a person can reach in `form`, in document order (hidden inputs left out). */
function controlIds(formLocator: Locator): Promise<string[]> {
  return formLocator.evaluate((element) =>
    Array.from(element.querySelectorAll('input, select, textarea, button'))
      .filter((control) => !(control instanceof HTMLInputElement && control.type === 'hidden'))
      .map((control) => control.id || `${control.tagName.toLowerCase()} "${control.textContent.trim()}"`),
  );
}

/** Presses Tab `count` times from the focused element, listing what gets the focus each time. */
async function tabThrough(page: Page, count: number): Promise<string[]> {
  const visited: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    visited.push(await focusedElement(page));
  }
  return visited;
}

// Dozens of key presses, each followed by a look at the focus: slow on a busy two-core machine.
describe('the application form, by keyboard and with mistakes', { timeout: 60_000 }, () => {
  async function startApplication(page: Page): Promise<string> {
    await page.goto('/applications');
    await page.getByRole('button', { name: 'Start a new application' }).click();
    await expect.poll(() => pathname(page)).toMatch(/^\/applications\/[\w-]+\/organizations$/);
    await page.waitForLoadState('domcontentloaded');
    return pathname(page).split('/')[2] ?? '';
  }

  it('Tab reaches every field of the organizations and staffing steps, in order, then the button', async () => {
    const page = await newPage(applicant);
    const id = await startApplication(page);
    for (const step of ['organizations', 'staffing']) {
      await page.goto(`/applications/${id}/${step}`);
      const stepForm = page.locator(`form[action="/applications/${id}/${step}"]`);
      const expected = await controlIds(stepForm);
      expect(expected.at(-1)).toBe('button "Save and continue"');
      // From the last link before the form (the step list's last step), Tab walks the form.
      await page
        .getByRole('navigation', { name: 'Application steps' })
        .getByRole('link', { name: 'Review and submit' })
        .focus();
      const visited = await tabThrough(page, expected.length);
      expect(visited.map((element) => element.replace(/^\w+#/, ''))).toEqual(expected);
    }
  });

  it('an empty lead organization: the error is announced, next to the group, and its link moves the focus there', async () => {
    const page = await newPage(applicant);
    const id = await startApplication(page);
    await page.getByLabel('Contact person').fill('Sam Lee');
    await page.getByLabel('Contact email').fill('sam@example.org');
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect((await response).status()).toBe(400);
    await page.waitForLoadState('domcontentloaded');

    const summary = page.getByRole('alert');
    const link = summary.getByRole('link', { name: 'Name the lead organization.' });
    expect(await link.getAttribute('href')).toBe('#field-organizations');
    const group = page.getByRole('group', { name: 'Organizations' });
    expect(await describedError(page, group)).toBe('Error: Name the lead organization.');
    // What was typed is kept.
    expect(await page.getByLabel('Contact person').inputValue()).toBe('Sam Lee');
    expect(pathname(page)).toBe(`/applications/${id}/organizations`);

    await link.click();
    await expect.poll(() => isFocused(group)).toBe(true);
  });

  it('shares short of 0.5 FTE and a malformed email: each explained next to its field', async () => {
    const page = await newPage(applicant);
    const id = await startApplication(page);
    await page.goto(`/applications/${id}/staffing`);
    const first = page.getByRole('group', { name: 'Person 1' });
    const second = page.getByRole('group', { name: 'Person 2' });
    await first.getByLabel('Name').fill('Ana Ruiz');
    await first.getByLabel('Email').fill('ana@example.org');
    await first.getByLabel('FTE share').fill('0.1');
    await second.getByLabel('Name').fill('Ben Cho');
    await second.getByLabel('Email').fill('ben@example.org');
    await second.getByLabel('FTE share').fill('0.1');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    const shortfall =
      'The shares add up to 0.20 FTE; the program manager position for 2027-28 needs 0.50 FTE in total, which one or more people can share.';
    await page.getByRole('alert').getByRole('link', { name: shortfall }).waitFor();
    const staffGroup = page.getByRole('group', { name: 'Program managers' });
    expect(await describedError(page, staffGroup)).toBe(`Error: ${shortfall}`);
    expect(await first.getByLabel('FTE share').inputValue()).toBe('0.1');

    await second.getByLabel('Email').fill('ben at example');
    await second.getByLabel('FTE share').fill('0.4');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const email = page.getByRole('group', { name: 'Person 2' }).getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await describedError(page, email)).toBe('Error: Enter an email address like name@example.org.');
    expect(await email.inputValue()).toBe('ben at example');
  });
});
