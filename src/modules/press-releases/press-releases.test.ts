import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { SEEDER, seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { SmtpSink, type ReceivedMail } from '../../../tests/helpers/smtp-sink.js';
import type { Partner } from '../partners/partners.schemas.js';
import {
  BODY_MAX,
  type PressReleaseDetail,
  type PressReleaseEventKind,
  type PressReleaseStatus,
  type VersionDiff,
} from './press-releases.schemas.js';
import { approvePressRelease, createPressRelease, submitPressRelease } from './press-releases.service.js';

let sink: SmtpSink;
let test: TestPortal;
let partnerA: Partner;
let partnerB: Partner;
let staff: TestUser;
let staff2: TestUser;
let pmA: TestUser;
let pmB: TestUser;
let participant: TestUser;
let facilitator: TestUser;

const CONTACT_A = 'press-contact-a@example.org';
const CONTACT_B = 'press-contact-b@example.org';
/** The default PROGRAM_CONTACT_EMAIL: program staff. */
const STAFF_ADDRESS = 'partner@example.org';

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  await seedYears(test, ['2027-28'], '2027-28');
  partnerA = await seedPartner(test, {
    year: '2027-28',
    name: 'Cascade Computing Partners',
    regions: [],
    input: { contactEmail: CONTACT_A },
  });
  partnerB = await seedPartner(test, {
    year: '2027-28',
    name: 'Columbia Basin CS Alliance',
    regions: [],
    input: { contactEmail: CONTACT_B },
  });
  staff = await signedInUser(test, 'staff');
  staff2 = await signedInUser(test, 'staff');
  pmA = await signedInUser(test, 'program_manager', partnerA.id);
  pmB = await signedInUser(test, 'program_manager', partnerB.id);
  participant = await signedInUser(test, 'participant');
  facilitator = await signedInUser(test, 'facilitator');
});
afterAll(async () => {
  await test.close();
  await sink.close();
});

interface ApiResponse {
  status: number;
  type: string;
  body: unknown;
}

async function api(
  method: string,
  path: string,
  user: TestUser | undefined,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, user?.cookie));
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

async function page(
  path: string,
  user?: TestUser,
): Promise<{ status: number; html: string; location: string }> {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: user ? { cookie: user.cookie } : {},
  });
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location') ?? '',
  };
}

async function postForm(
  path: string,
  fields: Record<string, string>,
  user?: TestUser,
): Promise<{ status: number; html: string; location: string }> {
  const response = await fetch(`${test.url}${path}`, formRequest(test, fields, user?.cookie));
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location') ?? '',
  };
}

/** Rows in every table a press-release action writes to: none may change when one is refused. */
async function writes(): Promise<number[]> {
  const db = test.deps.db.kysely;
  return Promise.all(
    (['pressReleases', 'pressReleaseVersions', 'pressReleaseEvents', 'mailOutbox'] as const).map(
      async (table) => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      },
    ),
  );
}

async function stored(id: string) {
  return test.deps.db.kysely
    .selectFrom('pressReleases')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

function mailTo(address: string, containing: string): Promise<ReceivedMail> {
  return sink.waitFor((mail) => mail.to.includes(address) && mail.text.includes(containing));
}

let counter = 0;
/** A press release of partner A brought to a status through the domain functions, as staff would. */
async function releaseIn(status: PressReleaseStatus, partnerId = partnerA.id): Promise<string> {
  counter++;
  const deps = test.deps;
  const release = await createPressRelease(deps, {
    actor: SEEDER,
    input: { partnerId, title: `Release ${counter}`, bodyMarkdown: `Body of release ${counter}.` },
  });
  if (status === 'draft') return release.id;
  await submitPressRelease(deps, { actor: SEEDER, id: release.id });
  if (status === 'submitted') return release.id;
  await approvePressRelease(deps, { actor: SEEDER, id: release.id, input: {} });
  if (status === 'approved') return release.id;
  throw new Error(`releaseIn: ${status} not supported`);
}

const FIRST_BODY = [
  'SEATTLE — Cascade Computing Partners will train 40 teachers this summer.',
  '',
  'Workshops run in **July** at three sites.',
  '',
  'Contact: press@cascade.example.org',
].join('\n');
const SECOND_BODY = [
  'SEATTLE — Cascade Computing Partners will train 60 teachers this summer.',
  '',
  'Workshops run in **July** at three sites.',
  '',
  'Contact: press@cascade.example.org',
].join('\n');

describe('the press release flow', () => {
  it('goes from draft through review and changes to approved and published, keeping every version', async () => {
    // The program manager of A writes a draft and previews it: the preview writes nothing.
    const form = await page('/partner/press-releases/new', pmA);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="bodyMarkdown"');
    const before = await writes();
    const preview = await postForm(
      '/partner/press-releases/new',
      {
        intent: 'preview',
        partnerId: partnerA.id,
        title: 'Cascade trains teachers',
        bodyMarkdown: FIRST_BODY,
      },
      pmA,
    );
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('<strong>July</strong>');
    expect(preview.html).toContain('Cascade trains teachers');
    expect(await writes()).toEqual(before);

    const saved = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: 'Cascade trains teachers', bodyMarkdown: FIRST_BODY },
      pmA,
    );
    expect(saved.status).toBe(303);
    const match = /^\/partner\/press-releases\/([\w-]+)\?notice=press-release-created$/.exec(saved.location);
    expect(match, saved.location).not.toBeNull();
    const id = match?.[1] ?? '';
    expect(await stored(id)).toMatchObject({
      partnerId: partnerA.id,
      status: 'draft',
      bodyMarkdown: FIRST_BODY,
    });

    // Publishing before approval is refused.
    const early = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
      publishedAt: '2027-03-15',
      publishedUrl: 'https://news.example.org/cascade',
    });
    expect(early.status).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect((early.body as { detail: string }).detail).toBe(
      'Only an approved press release can be marked published; this one is a draft.',
    );

    // Submitting makes version 1 and emails staff.
    const submitted = await postForm(`/partner/press-releases/${id}/submit`, {}, pmA);
    expect(submitted.status).toBe(303);
    expect(submitted.location).toBe(`/partner/press-releases/${id}?notice=press-release-submitted`);
    expect((await stored(id)).status).toBe('submitted');
    const toStaff = await mailTo(STAFF_ADDRESS, `${test.url}/staff/press-releases/${id}`);
    expect(toStaff.text).toContain('version 1');
    expect(toStaff.text).toContain('Cascade trains teachers');

    // A submitted release cannot be edited, by the API or the form.
    const beforeEdit = await writes();
    const patch = await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: 'New',
      bodyMarkdown: 'New',
    });
    expect(patch.status).toBe(409);
    expect((patch.body as { detail: string }).detail).toContain('submitted for review');
    const formEdit = await postForm(
      `/partner/press-releases/${id}/edit`,
      { intent: 'save', title: 'New', bodyMarkdown: 'New' },
      pmA,
    );
    expect(formEdit.status).toBe(409);
    expect(formEdit.html).toContain('It can be edited only as a draft');
    expect(await writes()).toEqual(beforeEdit);

    // Staff see it first in the queue and review the rendered version.
    const queue = await page('/staff/press-releases', staff);
    expect(queue.status).toBe(200);
    expect(queue.html).toContain(`/staff/press-releases/${id}`);
    const review = await page(`/staff/press-releases/${id}`, staff);
    expect(review.status).toBe(200);
    expect(review.html).toContain('Version 1 (the latest submitted)');
    expect(review.html).toContain('<strong>July</strong>');

    // Requesting changes needs a comment; the typed form is shown again with the message.
    const beforeEmpty = await writes();
    const empty = await postForm(`/staff/press-releases/${id}/request-changes`, { body: '  ' }, staff);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Write a comment.');
    expect(await writes()).toEqual(beforeEmpty);
    const changes = await postForm(
      `/staff/press-releases/${id}/request-changes`,
      { body: 'Please give the final number of teachers.' },
      staff,
    );
    expect(changes.status).toBe(303);
    expect((await stored(id)).status).toBe('changes_requested');
    const toPm = await mailTo(pmA.email, 'Please give the final number of teachers.');
    expect(toPm.subject).toBe('Program staff asked for changes to your press release');
    expect(toPm.text).toContain(`${test.url}/partner/press-releases/${id}`);
    await mailTo(CONTACT_A, 'Please give the final number of teachers.');

    // The program manager edits and resubmits: version 2.
    const edited = await postForm(
      `/partner/press-releases/${id}/edit`,
      { intent: 'save', title: 'Cascade trains teachers', bodyMarkdown: SECOND_BODY },
      pmA,
    );
    expect(edited.status).toBe(303);
    const resubmitted = await api('POST', `/api/v1/press-releases/${id}/submit`, pmA);
    expect(resubmitted.status).toBe(200);
    const detail = resubmitted.body as PressReleaseDetail;
    expect(detail.status).toBe('submitted');
    expect(detail.versions.map((v) => [v.version, v.bodyMarkdown])).toEqual([
      [1, FIRST_BODY],
      [2, SECOND_BODY],
    ]);
    await mailTo(STAFF_ADDRESS, 'version 2');

    // The diff between 1 and 2 shows exactly the changed line.
    const diff = await api('GET', `/api/v1/press-releases/${id}/diff?version=2`, staff);
    expect(diff.status).toBe(200);
    const lines = (diff.body as { comparedWith: number; lines: { kind: string; text: string }[] }).lines;
    expect((diff.body as { comparedWith: number }).comparedWith).toBe(1);
    expect(lines.filter((line) => line.kind !== 'unchanged')).toEqual([
      { kind: 'removed', text: FIRST_BODY.split('\n')[0] },
      { kind: 'added', text: SECOND_BODY.split('\n')[0] },
    ]);
    const diffPage = await page(`/staff/press-releases/${id}?compare=2`, staff);
    expect(diffPage.html).toContain('Version 2 compared with version 1');
    expect(diffPage.html).toMatch(
      /Removed:<\/span> <code>SEATTLE — Cascade Computing Partners will train 40/,
    );
    expect(diffPage.html).toMatch(/Added:<\/span> <code>SEATTLE — Cascade Computing Partners will train 60/);

    // Staff approve; the partner is emailed.
    const approved = await api('POST', `/api/v1/press-releases/${id}/approve`, staff, { body: 'Lovely.' });
    expect(approved.status).toBe(200);
    expect((approved.body as PressReleaseDetail).status).toBe('approved');
    const approval = await mailTo(pmA.email, 'Lovely.');
    expect(approval.subject).toBe('Your press release is approved');

    // Bad publication details: messages next to the fields, typed values kept, nothing written.
    const beforeBad = await writes();
    const bad = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: '2027-02-30', publishedUrl: 'javascript:alert(1)' },
      pmA,
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('That date does not exist');
    expect(bad.html).toContain('starting with https:// or http://');
    expect(bad.html).toContain('value="2027-02-30"');
    expect(bad.html).toContain('value="javascript:alert(1)"');
    const badApi = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
      publishedAt: 'soon',
      publishedUrl: 'ftp://news.example.org/x',
    });
    expect(badApi.status).toBe(400);
    expect(badApi.type).toContain('application/problem+json');
    expect((badApi.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'publishedAt',
      'publishedUrl',
    ]);
    expect(await writes()).toEqual(beforeBad);

    const published = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: '2027-03-15', publishedUrl: 'https://news.example.org/cascade' },
      pmA,
    );
    expect(published.status).toBe(303);
    expect(await stored(id)).toMatchObject({
      status: 'published',
      publishedAt: '2027-03-15',
      publishedUrl: 'https://news.example.org/cascade',
    });
    await mailTo(STAFF_ADDRESS, 'https://news.example.org/cascade');

    const final = await api('GET', `/api/v1/press-releases/${id}`, pmA);
    const finalDetail = final.body as PressReleaseDetail;
    expect(finalDetail.versions).toHaveLength(2);
    expect(finalDetail.events.map((event) => [event.kind, event.version])).toEqual([
      ['created', null],
      ['submitted', 1],
      ['changes_requested', 1],
      ['submitted', 2],
      ['approved', 2],
      ['published', 2],
    ]);
    const partnerPage = await page(`/partner/press-releases/${id}`, pmA);
    expect(partnerPage.html).toContain('Published on 2027-03-15');
  });

  it('lets staff comment without changing the status, emailing the partner', async () => {
    const id = await releaseIn('submitted');
    const response = await api('POST', `/api/v1/press-releases/${id}/comment`, staff, {
      body: 'Nice headline.',
    });
    expect(response.status).toBe(200);
    expect((response.body as PressReleaseDetail).status).toBe('submitted');
    await mailTo(CONTACT_A, 'Nice headline.');
  });
});

describe('bad input', () => {
  it('refuses an empty title and body on the form, keeping what was typed, and writes nothing', async () => {
    const before = await writes();
    const response = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: '   ', bodyMarkdown: '' },
      pmA,
    );
    expect(response.status).toBe(400);
    expect(response.html).toContain('id="field-title-error"');
    expect(response.html).toContain('Enter a title.');
    expect(response.html).toContain('Write the press release.');
    expect(await writes()).toEqual(before);

    const kept = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: 'Kept title', bodyMarkdown: '' },
      pmA,
    );
    expect(kept.status).toBe(400);
    expect(kept.html).toContain('value="Kept title"');
  });

  it('answers the API with problem+json naming each bad field, and writes nothing', async () => {
    const before = await writes();
    const response = await api('POST', '/api/v1/press-releases', pmA, { title: '', bodyMarkdown: 42 });
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect((response.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'bodyMarkdown',
      'title',
    ]);
    const id = await releaseIn('draft');
    const afterSeed = await writes();
    const patch = await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: 'Fine',
      bodyMarkdown: ' ',
    });
    expect(patch.status).toBe(400);
    expect(await writes()).toEqual(afterSeed);
    expect(before[0]).toBe((afterSeed[0] ?? 0) - 1);
  });

  it('escapes what partners write: the Markdown is sanitized', async () => {
    const preview = await postForm(
      '/partner/press-releases/new',
      { intent: 'preview', partnerId: partnerA.id, title: 'T', bodyMarkdown: '<script>alert(1)</script>Hi' },
      pmA,
    );
    expect(preview.html).not.toContain('<script>alert(1)');
  });
});

type Who = 'anonymous' | 'participant' | 'facilitator' | 'pmA' | 'pmB' | 'staff';
const EVERYONE: Who[] = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'];

function userOf(who: Who): TestUser | undefined {
  return {
    anonymous: undefined,
    participant,
    facilitator,
    pmA,
    pmB,
    staff,
  }[who];
}

describe('who may do what (JSON API)', () => {
  it('lists every release for staff and only their partners’ for program managers', async () => {
    const a = await releaseIn('draft', partnerA.id);
    const b = await releaseIn('draft', partnerB.id);
    const ids = async (who: Who) => {
      const response = await api('GET', '/api/v1/press-releases', userOf(who));
      return {
        status: response.status,
        ids: (response.body as { pressReleases?: { id: string }[] }).pressReleases,
      };
    };
    expect((await ids('anonymous')).status).toBe(401);
    expect((await ids('participant')).status).toBe(403);
    expect((await ids('facilitator')).status).toBe(403);
    const ofA = (await ids('pmA')).ids?.map((r) => r.id) ?? [];
    expect(ofA).toContain(a);
    expect(ofA).not.toContain(b);
    const ofB = (await ids('pmB')).ids?.map((r) => r.id) ?? [];
    expect(ofB).toContain(b);
    expect(ofB).not.toContain(a);
    const all = (await ids('staff')).ids?.map((r) => r.id) ?? [];
    expect(all).toEqual(expect.arrayContaining([a, b]));
  });

  const expected = (overrides: Partial<Record<Who, number>>): Record<Who, number> => ({
    anonymous: 401,
    participant: 403,
    facilitator: 403,
    pmA: 200,
    pmB: 404,
    staff: 200,
    ...overrides,
  });

  const cases: {
    name: string;
    status: PressReleaseStatus;
    method: string;
    path: (id: string) => string;
    body?: unknown;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'read one',
      status: 'draft',
      method: 'GET',
      path: (id) => `/api/v1/press-releases/${id}`,
      expect: expected({}),
    },
    {
      name: 'diff',
      status: 'submitted',
      method: 'GET',
      path: (id) => `/api/v1/press-releases/${id}/diff?version=1`,
      expect: expected({}),
    },
    {
      name: 'edit the draft',
      status: 'draft',
      method: 'PATCH',
      path: (id) => `/api/v1/press-releases/${id}`,
      body: { title: 'Edited', bodyMarkdown: 'Edited body.' },
      expect: expected({}),
    },
    {
      name: 'submit',
      status: 'draft',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/submit`,
      expect: expected({}),
    },
    {
      name: 'comment',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/comment`,
      body: { body: 'A comment.' },
      expect: expected({ pmA: 403, pmB: 403 }),
    },
    {
      name: 'request changes',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/request-changes`,
      body: { body: 'Change it.' },
      expect: expected({ pmA: 403, pmB: 403 }),
    },
    {
      name: 'approve',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/approve`,
      expect: expected({ pmA: 403, pmB: 403 }),
    },
    {
      name: 'publish',
      status: 'approved',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/publish`,
      body: { publishedAt: '2027-04-01', publishedUrl: 'https://news.example.org/x' },
      expect: expected({}),
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: ${EVERYONE.map((who) => `${who} ${testCase.expect[who]}`).join(', ')}`, async () => {
      for (const who of EVERYONE) {
        // A fresh release per caller, so that an allowed change does not alter what the next one sees.
        const id = await releaseIn(testCase.status);
        const before = await writes();
        const response = await api(testCase.method, testCase.path(id), userOf(who), testCase.body);
        expect(response.status, `${who}: ${JSON.stringify(response.body)}`).toBe(testCase.expect[who]);
        if (response.status !== 200) {
          expect(response.type).toContain('application/problem+json');
          expect(await writes()).toEqual(before);
        }
      }
    });
  }

  it('create: anonymous 401, participant and facilitator 403, another partner’s manager 403; A’s manager and staff 201', async () => {
    const body = { partnerId: partnerA.id, title: 'New one', bodyMarkdown: 'Text.' };
    const statuses: Record<Who, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmA: 201,
      pmB: 403,
      staff: 201,
    };
    for (const who of EVERYONE) {
      const response = await api('POST', '/api/v1/press-releases', userOf(who), body);
      expect(response.status, who).toBe(statuses[who]);
    }
    // Permission comes before validation: another partner's manager learns nothing from the messages.
    const invalid = await api('POST', '/api/v1/press-releases', pmB, { partnerId: partnerA.id, title: '' });
    expect(invalid.status).toBe(403);
    // A manager of one partner need not name it.
    const implicit = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Implicit',
      bodyMarkdown: 'Text.',
    });
    expect((implicit.body as PressReleaseDetail).partnerId).toBe(partnerA.id);
  });

  it('documents the API in the OpenAPI description', async () => {
    const response = await api('GET', '/api/openapi.json', undefined);
    const paths = Object.keys((response.body as { paths: Record<string, unknown> }).paths);
    for (const path of [
      '/api/v1/press-releases',
      '/api/v1/press-releases/{id}',
      '/api/v1/press-releases/{id}/diff',
      '/api/v1/press-releases/{id}/submit',
      '/api/v1/press-releases/{id}/comment',
      '/api/v1/press-releases/{id}/request-changes',
      '/api/v1/press-releases/{id}/approve',
      '/api/v1/press-releases/{id}/publish',
    ]) {
      expect(paths).toContain(path);
    }
  });
});

describe('who may do what (pages)', () => {
  const pages: {
    name: string;
    status: PressReleaseStatus;
    path: (id: string) => string;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'the partner list',
      status: 'draft',
      path: () => '/partner/press-releases',
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 200, staff: 200 },
    },
    {
      name: 'a new draft',
      status: 'draft',
      path: () => '/partner/press-releases/new',
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 200, staff: 200 },
    },
    {
      name: 'a release',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}`,
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 404, staff: 200 },
    },
    {
      name: 'editing',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/edit`,
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 404, staff: 200 },
    },
    {
      name: 'the staff queue',
      status: 'submitted',
      path: () => '/staff/press-releases',
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
    },
    {
      name: 'the review page',
      status: 'submitted',
      path: (id) => `/staff/press-releases/${id}`,
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
    },
  ];
  for (const testCase of pages) {
    it(`${testCase.name}: ${EVERYONE.map((who) => `${who} ${testCase.expect[who]}`).join(', ')}`, async () => {
      const id = await releaseIn(testCase.status);
      for (const who of EVERYONE) {
        const response = await page(testCase.path(id), userOf(who));
        expect(response.status, who).toBe(testCase.expect[who]);
        if (response.status === 303) expect(response.location).toMatch(/^\/sign-in\?next=/);
      }
    });
  }

  const forms: {
    name: string;
    status: PressReleaseStatus;
    path: (id: string) => string;
    fields: Record<string, string>;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'saving a new draft for A',
      status: 'draft',
      path: () => '/partner/press-releases/new',
      fields: { intent: 'save', title: 'T', bodyMarkdown: 'B' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 403, staff: 303 },
    },
    {
      name: 'saving an edit',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/edit`,
      fields: { intent: 'save', title: 'T', bodyMarkdown: 'B' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 404, staff: 303 },
    },
    {
      name: 'previewing an edit',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/edit`,
      fields: { intent: 'preview', title: 'T', bodyMarkdown: 'B' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 200, pmB: 404, staff: 200 },
    },
    {
      name: 'submitting',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/submit`,
      fields: {},
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 404, staff: 303 },
    },
    {
      name: 'publishing',
      status: 'approved',
      path: (id) => `/partner/press-releases/${id}/publish`,
      fields: { publishedAt: '2027-05-01', publishedUrl: 'https://news.example.org/y' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 404, staff: 303 },
    },
    ...(['comment', 'request-changes', 'approve'] as const).map((action) => ({
      name: `staff: ${action}`,
      status: 'submitted' as const,
      path: (id: string) => `/staff/press-releases/${id}/${action}`,
      fields: { body: 'Words.' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 303 },
    })),
  ];
  for (const testCase of forms) {
    it(`${testCase.name}: ${EVERYONE.map((who) => `${who} ${testCase.expect[who]}`).join(', ')}`, async () => {
      for (const who of EVERYONE) {
        const id = await releaseIn(testCase.status);
        const fields = testCase.path(id).endsWith('/new')
          ? { ...testCase.fields, partnerId: partnerA.id }
          : testCase.fields;
        const before = await writes();
        const response = await postForm(testCase.path(id), fields, userOf(who));
        expect(response.status, who).toBe(testCase.expect[who]);
        if (response.status >= 400) expect(await writes()).toEqual(before);
      }
    });
  }
});

/** What the database holds for one release: its versions, its events of a kind, and the mail about it. */
async function recorded(id: string, eventKind: PressReleaseEventKind) {
  const db = test.deps.db.kysely;
  const [versions, events, mail] = await Promise.all([
    db.selectFrom('pressReleaseVersions').select('version').where('pressReleaseId', '=', id).execute(),
    db
      .selectFrom('pressReleaseEvents')
      .select('body')
      .where('pressReleaseId', '=', id)
      .where('kind', '=', eventKind)
      .execute(),
    db
      .selectFrom('mailOutbox')
      .select(['toAddress', 'subject'])
      .where('textBody', 'like', `%/press-releases/${id}`)
      .orderBy('toAddress')
      .execute(),
  ]);
  return { versions: versions.map((row) => row.version), events, mail };
}

/** Two requests sent together; the statuses come back sorted, with the refusal's detail. */
async function atOnce(requests: [Promise<ApiResponse>, Promise<ApiResponse>]) {
  const responses = await Promise.all(requests);
  const refused = responses.find((response) => response.status !== 200);
  return {
    statuses: responses.map((response) => response.status).sort(),
    refusal: refused && { type: refused.type, detail: (refused.body as { detail?: string }).detail },
  };
}

// Several rounds, because one round may happen not to overlap; on PostgreSQL they usually do.
const ROUNDS = 5;

describe('two people acting at once', () => {
  it('two submissions of one draft: one wins, the other gets 409, one version and one email to staff', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('draft');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/submit`, pmA),
        api('POST', `/api/v1/press-releases/${id}/submit`, pmA),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.type).toContain('application/problem+json');
      expect(refusal?.detail).toBe(
        'This press release is already submitted for review; reload the page to see where it stands.',
      );
      const after = await recorded(id, 'submitted');
      expect(after.versions).toEqual([1]);
      expect(after.events).toHaveLength(1);
      expect(after.mail).toEqual([
        { toAddress: STAFF_ADDRESS, subject: `A press release from ${partnerA.name} is ready for review` },
      ]);
      expect((await stored(id)).status).toBe('submitted');
    }
  });

  it('two staff approving one version: one wins, the other gets 409, one approval and one email each', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('submitted');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/approve`, staff, { body: 'From the first.' }),
        api('POST', `/api/v1/press-releases/${id}/approve`, staff2, { body: 'From the second.' }),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.type).toContain('application/problem+json');
      expect(refusal?.detail).toBe(
        'This press release is already approved; reload the page to see where it stands.',
      );
      const after = await recorded(id, 'approved');
      expect(after.events).toHaveLength(1);
      const approvals = after.mail.filter((mail) => mail.subject === 'Your press release is approved');
      expect(approvals.map((mail) => mail.toAddress)).toEqual([CONTACT_A, pmA.email].sort());
      expect((await stored(id)).status).toBe('approved');
    }
  });

  it('approval and a request for changes at once: only one decision is recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('submitted');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/approve`, staff, {}),
        api('POST', `/api/v1/press-releases/${id}/request-changes`, staff2, { body: 'Shorter.' }),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.detail).toMatch(
        /^Only a submitted version can have changes requested or be approved; this one is (approved|waiting for the changes staff asked for)\.$/,
      );
      const approvals = await recorded(id, 'approved');
      const requests = await recorded(id, 'changes_requested');
      expect(approvals.events.length + requests.events.length).toBe(1);
    }
  });

  it('two publications at once: one is recorded, with one email to staff', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('approved');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
          publishedAt: '2027-01-10',
          publishedUrl: 'https://news.example.org/one',
        }),
        api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
          publishedAt: '2027-01-11',
          publishedUrl: 'https://news.example.org/two',
        }),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.detail).toBe(
        'This press release is already published; reload the page to see where it stands.',
      );
      const after = await recorded(id, 'published');
      expect(after.events).toHaveLength(1);
      const toStaff = after.mail.filter((mail) => mail.toAddress === STAFF_ADDRESS);
      expect(toStaff.map((mail) => mail.subject).sort()).toEqual([
        `A press release from ${partnerA.name} is published`,
        `A press release from ${partnerA.name} is ready for review`,
      ]);
    }
  });

  it('a double click on the submit form: the second click gets a 409 page saying it is already submitted', async () => {
    const id = await releaseIn('draft');
    const [first, second] = await Promise.all([
      postForm(`/partner/press-releases/${id}/submit`, {}, pmA),
      postForm(`/partner/press-releases/${id}/submit`, {}, pmA),
    ]);
    expect([first.status, second.status].sort()).toEqual([303, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.html).toContain('This press release is already submitted for review');
    // The release page as it now stands, not a bare error page: the way on is right there.
    expect(refused.html).toContain('All press releases');
    expect((await recorded(id, 'submitted')).versions).toEqual([1]);
  });

  it('a review form sent from a stale page shows the review page again with why it was refused', async () => {
    const id = await releaseIn('approved');
    const refused = await postForm(
      `/staff/press-releases/${id}/request-changes`,
      { body: 'Too late?' },
      staff,
    );
    expect(refused.status).toBe(409);
    expect(refused.html).toContain(
      'Only a submitted version can have changes requested or be approved; this one is approved.',
    );
    expect(refused.html).toContain('<div class="error-summary" role="alert"');
    expect(refused.html).toContain('All press releases');
    const publishedEarly = await postForm(
      `/partner/press-releases/${await releaseIn('submitted')}/publish`,
      { publishedAt: '2027-09-01', publishedUrl: 'https://news.example.org/release' },
      pmA,
    );
    expect(publishedEarly.status).toBe(409);
    expect(publishedEarly.html).toContain('<div class="error-summary" role="alert"');
  });

  it('an edit racing a submission never changes the submitted text afterwards', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('draft');
      const [submit, edit] = await Promise.all([
        api('POST', `/api/v1/press-releases/${id}/submit`, pmA),
        api('PATCH', `/api/v1/press-releases/${id}`, pmA, { title: 'Edited', bodyMarkdown: 'Edited body.' }),
      ]);
      expect(submit.status).toBe(200);
      expect([200, 409]).toContain(edit.status);
      const detail = (await api('GET', `/api/v1/press-releases/${id}`, pmA)).body as PressReleaseDetail;
      const [version] = detail.versions;
      // Whichever came first, the working draft and the one submitted version agree.
      expect([version?.title, version?.bodyMarkdown]).toEqual([detail.title, detail.bodyMarkdown]);
    }
  });
});

describe('more bad input', () => {
  it(`refuses a body over ${BODY_MAX.toLocaleString('en-US')} characters with a message, by API and form`, async () => {
    const before = await writes();
    const tooLong = 'a'.repeat(BODY_MAX + 1);
    const response = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Long',
      bodyMarkdown: tooLong,
    });
    expect(response.status).toBe(400);
    expect((response.body as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'bodyMarkdown', message: 'Keep the press release under 50,000 characters.' },
    ]);
    const form = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: 'Long', bodyMarkdown: tooLong },
      pmA,
    );
    expect(form.status).toBe(400);
    expect(form.html).toContain('Keep the press release under 50,000 characters.');
    expect(form.html).toContain('value="Long"');
    expect(await writes()).toEqual(before);

    const atLimit = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Just fits',
      bodyMarkdown: 'a'.repeat(BODY_MAX),
    });
    expect(atLimit.status).toBe(201);
  });

  it('answers a request over a megabyte with 413 and a message, writing nothing', async () => {
    const before = await writes();
    const response = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Huge',
      bodyMarkdown: 'a'.repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(response.type).toContain('application/problem+json');
    expect((response.body as { detail: string }).detail).toBe('The request is too large.');
    expect(await writes()).toEqual(before);
  });

  it('diffs two long versions with nothing in common quickly', async () => {
    const lines = (letter: string) => Array.from({ length: 20_000 }, () => letter).join('\n');
    const created = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Many lines',
      bodyMarkdown: lines('a'),
    });
    const id = (created.body as PressReleaseDetail).id;
    expect((await api('POST', `/api/v1/press-releases/${id}/submit`, pmA)).status).toBe(200);
    expect(
      (await api('POST', `/api/v1/press-releases/${id}/request-changes`, staff, { body: 'Redo it.' })).status,
    ).toBe(200);
    await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: 'Many lines',
      bodyMarkdown: lines('b'),
    });
    expect((await api('POST', `/api/v1/press-releases/${id}/submit`, pmA)).status).toBe(200);
    const diff = await api('GET', `/api/v1/press-releases/${id}/diff?version=2`, staff);
    expect(diff.status).toBe(200);
    const kinds = (diff.body as VersionDiff).lines.map((line) => line.kind);
    expect(kinds.filter((kind) => kind === 'removed')).toHaveLength(20_000);
    expect(kinds.filter((kind) => kind === 'added')).toHaveLength(20_000);
    const review = await page(`/staff/press-releases/${id}?compare=2`, staff);
    expect(review.status).toBe(200);
  });

  it('refuses a publication date in the far future or long past, and a web address that is not a site', async () => {
    const id = await releaseIn('approved');
    const before = await writes();
    const cases: [Record<string, string>, string, string][] = [
      [
        { publishedAt: '2207-03-15', publishedUrl: 'https://news.example.org/a' },
        'publishedAt',
        'Enter a date no more than a year from today',
      ],
      [
        { publishedAt: '0207-03-15', publishedUrl: 'https://news.example.org/a' },
        'publishedAt',
        'Enter a date from 2000-01-01 on.',
      ],
      [
        { publishedAt: '2027-03-15', publishedUrl: 'news.example.org/a' },
        'publishedUrl',
        'starting with https://',
      ],
      [
        { publishedAt: '2027-03-15', publishedUrl: 'https://localhost/a' },
        'publishedUrl',
        'starting with https://',
      ],
      [
        { publishedAt: '2027-03-15', publishedUrl: 'data:text/html,hi' },
        'publishedUrl',
        'starting with https://',
      ],
    ];
    for (const [body, path, message] of cases) {
      const response = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const errors = (response.body as { errors: { path: string; message: string }[] }).errors;
      expect(errors.map((error) => error.path)).toEqual([path]);
      expect(errors[0]?.message).toContain(message);
    }
    const form = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: '2207-03-15', publishedUrl: 'https://news.example.org/a' },
      pmA,
    );
    expect(form.status).toBe(400);
    expect(form.html).toContain('Enter a date no more than a year from today');
    expect(form.html).toContain('value="2207-03-15"');
    expect(await writes()).toEqual(before);
  });

  it('refuses to publish a press release that is not approved, for every other status', async () => {
    for (const status of ['draft', 'submitted'] as const) {
      const id = await releaseIn(status);
      const response = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
        publishedAt: '2027-03-15',
        publishedUrl: 'https://news.example.org/a',
      });
      expect(response.status).toBe(409);
      expect((await stored(id)).status).toBe(status);
    }
  });
});

describe('no request body makes the server fail', () => {
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constant(''),
    fc.constant('   '),
    fc.constant('\u0000'),
    fc.constant('https://news.example.org/x'),
    fc.constant('2027-03-15'),
  );
  const value = fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string()),
    fc.object(),
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        partnerId: fc.oneof(value, fc.constant('__partnerA__'), fc.constant('__partnerB__')),
        title: value,
        bodyMarkdown: value,
        body: value,
        publishedAt: value,
        publishedUrl: value,
      },
      { requiredKeys: [] },
    ),
  );
  const resolve = (input: unknown): unknown =>
    JSON.parse(
      JSON.stringify(input ?? null)
        .replaceAll('__partnerA__', partnerA.id)
        .replaceAll('__partnerB__', partnerB.id),
    );

  const targets: {
    name: string;
    status: PressReleaseStatus;
    method: string;
    path: (id: string) => string;
  }[] = [
    { name: 'create', status: 'draft', method: 'POST', path: () => '/api/v1/press-releases' },
    { name: 'update', status: 'draft', method: 'PATCH', path: (id) => `/api/v1/press-releases/${id}` },
    { name: 'submit', status: 'draft', method: 'POST', path: (id) => `/api/v1/press-releases/${id}/submit` },
    {
      name: 'approve',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/approve`,
    },
    {
      name: 'publish',
      status: 'approved',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/publish`,
    },
  ];
  for (const target of targets) {
    it(`${target.name}: any JSON body gets a 2xx or a 4xx problem`, async () => {
      const id = await releaseIn(target.status);
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom(pmA, pmB, staff), async (input, user) => {
          const response = await api(target.method, target.path(id), user, resolve(input));
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
          if (response.status >= 400) expect(response.type).toContain('application/problem+json');
        }),
        { numRuns: 60 },
      );
    });
  }

  it('any fields posted to the draft form get a page, never a 5xx', async () => {
    const id = await releaseIn('draft');
    const field = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant(''));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            intent: fc.oneof(field, fc.constantFrom('save', 'preview')),
            partnerId: fc.oneof(field, fc.constant(partnerA.id)),
            title: field,
            bodyMarkdown: fc.oneof(field, fc.constant('# H\n\n[link](javascript:x) <b>x</b> | a |\n|-|')),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('/partner/press-releases/new', `/partner/press-releases/${id}/edit`),
        async (fields, path) => {
          const response = await postForm(path, fields, pmA);
          expect(response.status, response.html.slice(0, 500)).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('bodies that are not JSON at all get a 4xx problem', async () => {
    const id = await releaseIn('draft');
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        fc.constantFrom('/api/v1/press-releases', `/api/v1/press-releases/${id}/submit`),
        async (raw, contentType, path) => {
          const response = await fetch(`${test.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': contentType, origin: test.url, cookie: pmA.cookie },
            body: raw,
          });
          const responseText = await response.text();
          expect(response.status, responseText).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
