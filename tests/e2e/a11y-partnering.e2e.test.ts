import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPages, expectNoSeriousA11yViolations } from '../helpers/browser.js';
import {
  jsonRequest,
  loadSeedFaq,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

// axe-core on the pages of becoming a partner (eligibility, the application, its review, resources and press
// releases), as rendered by the real server in Chromium, with real content in each. Tests that only open a page
// and look at it share one kept page per person; tests that type or submit open a fresh one.

let test: TestPortal;
let pages: BrowserPages;
let staff: TestUser;
let applicant: TestUser;
let programManager: TestUser;
/** Ids of seeded records; paths name them as `:draft`, `:submitted` and `:release`. */
const seeded = { draft: '', submitted: '', release: '' };
/** axe-core takes a few seconds a page, more on a busy two-core machine. */
const AXE_TIMEOUT = 60_000;
const YEAR = '2027-28';

/** A JSON API call that must succeed; returns the body. */
async function api(method: string, path: string, body: unknown, user: TestUser): Promise<{ id: string }> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, user.cookie));
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as { id: string };
}

/** An application filled in step by step through the API, as the pages would save it. */
async function seedApplication(lead: string, state: string): Promise<string> {
  const base = '/api/v1/partner-applications';
  const { id } = await api('POST', base, {}, applicant);
  await api(
    'PUT',
    `${base}/${id}/organizations`,
    {
      contactName: 'Rosa Delgado',
      contactEmail: 'rosa@example.org',
      organizations: [
        { name: lead, role: 'professional learning and outreach', country: 'US', state },
        { name: `${lead} Foundation`, role: 'funding', country: 'US', state },
      ],
    },
    applicant,
  );
  await api('PUT', `${base}/${id}/region`, { regions: [state] }, applicant);
  await api(
    'PUT',
    `${base}/${id}/staffing`,
    {
      staff: [
        { name: 'Alex Moreno', email: 'alex@example.org', fte: 0.25 },
        { name: 'Jo Whitfield', email: 'jo@example.org', fte: 0.25 },
      ],
    },
    applicant,
  );
  return id;
}

beforeAll(async () => {
  test = await startTestPortal();
  await loadSeedFaq(test);
  await seedYears(test, [YEAR], YEAR);
  const partner = await seedPartner(test, {
    year: YEAR,
    name: 'Cascade Computing Partners',
    regions: ['WA:King'],
    input: {
      contactName: 'Dana Reyes',
      contactEmail: 'hello@cascade-cs.example.org',
      coursesOffered: ['CS Discoveries'],
    },
  });
  staff = await signedInUser(test, 'staff');
  applicant = await signedInUser(test, 'participant');
  programManager = await signedInUser(test, 'program_manager', partner.id);

  // A draft with its narrative left unanswered, and a complete one submitted for review with a score and a note.
  seeded.draft = await seedApplication('Gem State CS Collaborative', 'ID');
  seeded.submitted = await seedApplication('Big Sky Computing', 'MT');
  const { questions } = (await (
    await fetch(
      `${test.url}/api/v1/partner-applications/${seeded.submitted}`,
      jsonRequest(test, 'GET', undefined, applicant.cookie),
    )
  ).json()) as { questions: { id: string; prompt: string }[] };
  await api(
    'PUT',
    `/api/v1/partner-applications/${seeded.submitted}/narrative`,
    { answers: Object.fromEntries(questions.map((q) => [q.id, `Our answer to: ${q.prompt}`])) },
    applicant,
  );
  await api('POST', `/api/v1/partner-applications/${seeded.submitted}/submit`, undefined, applicant);
  await api(
    'POST',
    `/api/v1/partner-applications/${seeded.submitted}/notes`,
    { body: 'Strong district links; ask about funding at the interview.' },
    staff,
  );

  // A press release submitted, with a comment from staff.
  const release = await api(
    'POST',
    '/api/v1/press-releases',
    {
      title: 'Cascade Computing Partners brings CS Discoveries to King County',
      bodyMarkdown:
        'SEATTLE — **Cascade Computing Partners** will run [workshops](https://example.org/w).\n\nMore soon.',
    },
    programManager,
  );
  seeded.release = release.id;
  await api('POST', `/api/v1/press-releases/${release.id}/submit`, undefined, programManager);
  await api(
    'POST',
    `/api/v1/press-releases/${release.id}/comment`,
    { body: 'Looks good; we will read it closely this week.' },
    staff,
  );
  pages = await BrowserPages.launch(test);
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  await (pages as BrowserPages | undefined)?.close();
  await (test as TestPortal | undefined)?.close();
});

function newPage(user?: TestUser): Promise<Page> {
  return pages.newPage(user);
}

/** Opens `path` and checks the status, so that axe runs on the page meant and not on an error page. */
async function open(page: Page, path: string, status = 200): Promise<void> {
  path = path
    .replace(':draft', seeded.draft)
    .replace(':submitted', seeded.submitted)
    .replace(':release', seeded.release);
  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBe(status);
  expect(new URL(page.url()).pathname).toBe(new URL(path, test.url).pathname);
}

describe('axe finds nothing serious or critical on the public pages', { timeout: AXE_TIMEOUT }, () => {
  it('/apply, before a check', async () => {
    const page = await pages.keptPage();
    await open(page, '/apply');
    await expectNoSeriousA11yViolations(page);
  });

  it('/apply with a served county: the partner is named, with its "connect me" form', async () => {
    const page = await pages.keptPage();
    await open(page, '/apply?country=United+States&state=WA&regions=WA%3AKing');
    const result = page.getByRole('region', { name: 'Your organization cannot apply for these regions' });
    expect(await result.textContent()).toContain('already served by Cascade Computing Partners');
    await result.getByRole('button', { name: 'Connect me with this partner' }).waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it('/apply from outside the United States: refused with the FAQ’s reason', async () => {
    const page = await pages.keptPage();
    await open(page, '/apply?country=Another+country&regions=ON');
    const result = page.getByRole('region', { name: 'Your organization cannot apply for these regions' });
    expect(await result.textContent()).toContain(
      'No, at this time, the Regional Partner Program is only open to organizations in the United States.',
    );
    await expectNoSeriousA11yViolations(page);
  });

  it('/apply with an unknown region', async () => {
    const page = await pages.keptPage();
    // An unreadable region is an input error on the field: a 400 that still shows the page.
    await open(page, '/apply?country=United+States&state=WA&regions=WA%3ANowhere', 400);
    await page.getByRole('alert').waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it.each([
    ['/resources, anonymous', undefined],
    ['/resources, signed in', 'applicant'],
  ] as const)('%s', async (_label, who) => {
    const page = await pages.keptPage(who ? applicant : undefined);
    await open(page, '/resources');
    await expectNoSeriousA11yViolations(page);
  });
});

describe('axe finds nothing serious or critical on the application', { timeout: AXE_TIMEOUT }, () => {
  it.each([
    '/applications',
    '/applications/:draft',
    '/applications/:draft/organizations',
    '/applications/:draft/region',
    '/applications/:draft/staffing',
    '/applications/:draft/narrative',
    '/applications/:draft/review',
    '/applications/:submitted',
  ])('%s', async (path) => {
    const page = await pages.keptPage(applicant);
    await open(page, path);
    await expectNoSeriousA11yViolations(page);
  });

  it('a step refused, with the errors beside the fields', async () => {
    const page = await newPage(applicant);
    await open(page, '/applications/:draft/staffing');
    const person = page.getByRole('group', { name: 'Person 1' });
    await person.getByLabel('FTE share').fill('0.1');
    await page.getByRole('group', { name: 'Person 2' }).getByLabel('Email').fill('not an email');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('alert').waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it('an incomplete application refused at submit, each problem linking to its step', async () => {
    const page = await newPage(applicant);
    await open(page, '/applications/:draft/review');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    const links = await summary.getByRole('link').all();
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(await link.getAttribute('href')).toMatch(
        new RegExp(`^/applications/${seeded.draft}/narrative#field-answers\\.`),
      );
    }
    await expectNoSeriousA11yViolations(page);
  });
});

describe('axe finds nothing serious or critical on the staff review pages', { timeout: AXE_TIMEOUT }, () => {
  it.each([
    '/staff/applications',
    '/staff/applications/settings',
    '/staff/applications/:submitted',
    '/staff/press-releases',
    '/staff/press-releases/:release',
  ])('%s', async (path) => {
    const page = await pages.keptPage(staff);
    await open(page, path);
    await expectNoSeriousA11yViolations(page);
  });

  it('a score out of range, refused beside its field', async () => {
    const page = await newPage(staff);
    await open(page, '/staff/applications/:submitted');
    const scores = page.getByRole('region', { name: 'Scores' });
    const inputs = await scores.getByRole('spinbutton').all();
    for (const input of inputs) await input.fill('3');
    await inputs[0]?.fill('99');
    await scores.getByRole('button', { name: 'Save your scores' }).click();
    await page.getByRole('alert').waitFor();
    const refused = page.getByRole('region', { name: 'Scores' }).getByRole('spinbutton').first();
    expect(await refused.getAttribute('aria-invalid')).toBe('true');
    expect(await refused.inputValue()).toBe('99');
    await expectNoSeriousA11yViolations(page);
  });
});

describe(
  "axe finds nothing serious or critical on a partner's press-release pages",
  { timeout: AXE_TIMEOUT },
  () => {
    it.each(['/partner/press-releases', '/partner/press-releases/new', '/partner/press-releases/:release'])(
      '%s',
      async (path) => {
        const page = await pages.keptPage(programManager);
        await open(page, path);
        await expectNoSeriousA11yViolations(page);
      },
    );

    it('the editor showing a preview', async () => {
      const page = await newPage(programManager);
      await open(page, '/partner/press-releases/new');
      await page.getByLabel('Title').fill('A second announcement');
      await page.getByLabel('Press release').fill('Hello **Seattle**: see [our site](https://example.org/).');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByRole('region', { name: 'Preview' }).waitFor();
      await expectNoSeriousA11yViolations(page);
    });

    it('the editor refusing an empty title', async () => {
      const page = await newPage(programManager);
      await open(page, '/partner/press-releases/new');
      await page.getByLabel('Press release').fill('Some text.');
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByRole('alert').waitFor();
      const title = page.getByLabel('Title');
      expect(await title.getAttribute('aria-invalid')).toBe('true');
      await expectNoSeriousA11yViolations(page);
    });
  },
);
