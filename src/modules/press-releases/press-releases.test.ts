import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { SmtpSink, type ReceivedMail } from '../../../tests/helpers/smtp-sink.js';
import type { Actor } from '../../platform/actor.js';
import type { Partner } from '../partners/partners.schemas.js';
import { createPartner } from '../partners/partners.service.js';
import { createProgramYear } from '../program-years/program-years.service.js';
import type { PressReleaseTables } from './press-releases.repository.js';
import type { PressReleaseDetail, PressReleaseStatus } from './press-releases.schemas.js';
import { approvePressRelease, createPressRelease, submitPressRelease } from './press-releases.service.js';

let sink: SmtpSink;
let test: TestPortal;
let partnerA: Partner;
let partnerB: Partner;
let staff: TestUser;
let pmA: TestUser;
let pmB: TestUser;
let participant: TestUser;
let facilitator: TestUser;

const CONTACT_A = 'press-contact-a@example.org';
const CONTACT_B = 'press-contact-b@example.org';
/** The default PROGRAM_CONTACT_EMAIL: program staff. */
const STAFF_ADDRESS = 'partner@example.org';

const seeder: Actor = {
  id: 'seed',
  email: 'seed@example.org',
  name: 'Seed',
  roles: ['staff'],
  partnerIds: [],
};

function partnerInput(name: string, contactEmail: string) {
  return {
    programYear: '2027-28',
    name,
    contactName: `${name} contact`,
    contactEmail,
    organizations: [{ name, role: 'professional learning' }],
  };
}

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  await createProgramYear(test.deps, { actor: seeder, input: { name: '2027-28', makeCurrent: true } });
  partnerA = await createPartner(test.deps, {
    actor: seeder,
    input: partnerInput('Cascade Computing Partners', CONTACT_A),
  });
  partnerB = await createPartner(test.deps, {
    actor: seeder,
    input: partnerInput('Columbia Basin CS Alliance', CONTACT_B),
  });
  staff = await signedInUser(test, 'staff');
  pmA = await signedInUser(test, 'program_manager', partnerA.id);
  pmB = await signedInUser(test, 'program_manager', partnerB.id);
  participant = await signedInUser(test, 'participant');
  facilitator = await signedInUser(test, 'facilitator');
});
afterAll(async () => {
  await test.close();
  await sink.close();
});

async function api(
  method: string,
  path: string,
  user: TestUser | undefined,
  body?: unknown,
): Promise<{ status: number; type: string; body: unknown }> {
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

function tables() {
  return test.deps.db.kysely.withTables<PressReleaseTables>();
}

/** Rows in every table a press-release action writes to: none may change when one is refused. */
async function writes(): Promise<number[]> {
  const db = tables();
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
  return tables().selectFrom('pressReleases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
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
    actor: seeder,
    input: { partnerId, title: `Release ${counter}`, bodyMarkdown: `Body of release ${counter}.` },
  });
  if (status === 'draft') return release.id;
  await submitPressRelease(deps, { actor: seeder, id: release.id });
  if (status === 'submitted') return release.id;
  await approvePressRelease(deps, { actor: seeder, id: release.id, input: {} });
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
      'Only an approved press release can be marked published; this one is draft.',
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
