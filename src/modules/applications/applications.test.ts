import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signIn,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';
import { US_ONLY_REASON, type Application, type Review } from './applications.schemas.js';

let sink: SmtpSink;
let test: TestPortal;
let staff: TestUser;
let staff2: TestUser;
let applicant: TestUser;
let other: TestUser;
let facilitator: TestUser;
let manager: TestUser;
let existingPartnerId = '';

const API = '/api/v1/partner-applications';
/** The default PROGRAM_CONTACT_EMAIL: program staff. */
const STAFF_ADDRESS = 'partner@example.org';

interface Problem {
  detail: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

// The caller names the body type it expects, as with fetch().json().
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
async function api<T>(method: string, path: string, body?: unknown, cookie?: string) {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, cookie));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function form(path: string, fields: Record<string, string>, cookie: string) {
  const response = await fetch(`${test.url}${path}`, formRequest(test, fields, cookie));
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

const organizations = (lead: string) => [
  { name: `${lead} Foundation`, role: 'funding', country: 'US', state: 'ID' },
  { name: `${lead} University`, role: 'professional learning and outreach', country: 'US', state: 'ID' },
];

/** A complete draft through the JSON API, ready to submit. */
async function completeDraft(cookie: string, lead: string, regions: string[]) {
  const created = await api<Application>('POST', API, {}, cookie);
  expect(created.status).toBe(201);
  const id = created.body.id;
  const steps: [string, unknown][] = [
    [
      'organizations',
      { contactName: 'Ada Lead', contactEmail: 'ada@example.org', organizations: organizations(lead) },
    ],
    ['region', { regions }],
    ['staffing', { staff: [{ name: 'Pat Manager', email: `pat-${id.slice(0, 8)}@example.org`, fte: 0.5 }] }],
    ['narrative', { answers: Object.fromEntries(created.body.questions.map((q) => [q.id, 'Our answer.'])) }],
  ];
  for (const [step, body] of steps) {
    const saved = await api<Problem>('PUT', `${API}/${id}/${step}`, body, cookie);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  return id;
}

/** Mail enqueued for an application: every message about one links to it, to the applicant or to staff. */
async function outboxFor(id: string) {
  const rows = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['toAddress', 'subject', 'textBody'])
    .execute();
  return rows.filter((m) => m.textBody.includes(`/applications/${id}`));
}

/** Polls a condition of the database (not a fixed sleep) until it holds, or fails after a timeout. */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function toInterview(id: string) {
  for (const to of ['in_review', 'interview']) {
    expect((await api('POST', `${API}/${id}/transitions`, { to }, staff.cookie)).status).toBe(200);
  }
}

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  staff = await signedInUser(test, 'staff');
  staff2 = await signedInUser(test, 'staff');
  applicant = await signedInUser(test, 'participant');
  other = await signedInUser(test, 'participant');
  facilitator = await signedInUser(test, 'facilitator');
  expect(
    (await api('POST', '/api/v1/program-years', { name: '2027-28', makeCurrent: true }, staff.cookie)).status,
  ).toBe(201);
  const existing = await api<{ id: string }>(
    'POST',
    '/api/v1/partners',
    {
      programYear: '2027-28',
      name: 'Existing Partner',
      contactName: 'Eve',
      contactEmail: 'eve@example.org',
      organizations: [{ name: 'Existing Org', role: 'everything' }],
    },
    staff.cookie,
  );
  expect(existing.status).toBe(201);
  expect(
    (await api('POST', `/api/v1/partners/${existing.body.id}/regions`, { region: 'WA:King' }, staff.cookie))
      .status,
  ).toBe(201);
  existingPartnerId = existing.body.id;
  manager = await signedInUser(test, 'program_manager', existing.body.id);
});
afterAll(async () => {
  await test.close();
  await sink.close();
});

describe('the application', () => {
  let jointId = '';

  it('saves a joint application step by step through the forms, resumes it on another device and submits it', async () => {
    const start = await form('/applications', {}, applicant.cookie);
    expect(start.status).toBe(303);
    const id = /\/applications\/([^/]+)\/organizations/.exec(start.location ?? '')?.[1] ?? '';
    expect(id).not.toBe('');
    jointId = id;

    const orgs = await form(
      `/applications/${id}/organizations`,
      {
        contactName: 'Ada Lead',
        contactEmail: 'ada@example.org',
        'organizations.0.name': 'Gem State Foundation',
        'organizations.0.role': 'funding',
        'organizations.0.country': 'US',
        'organizations.0.state': 'ID',
        'organizations.1.name': 'Gem State University',
        'organizations.1.role': 'professional learning and outreach',
        'organizations.1.country': 'US',
        'organizations.1.state': 'ID',
        // A spare row left blank, as the form offers it.
        'organizations.2.name': '',
        'organizations.2.role': '',
        'organizations.2.country': 'US',
        'organizations.2.state': '',
      },
      applicant.cookie,
    );
    expect(orgs.status).toBe(303);
    expect(orgs.location).toBe(`/applications/${id}/region?notice=application-saved`);
    expect((await form(`/applications/${id}/region`, { regions: 'ID' }, applicant.cookie)).status).toBe(303);
    const staffing = await form(
      `/applications/${id}/staffing`,
      {
        'staff.0.name': 'Sam Share',
        'staff.0.email': 'sam@gemstate.example.org',
        'staff.0.fte': '0.25',
        'staff.1.name': 'Kim Share',
        'staff.1.email': 'kim@gemstate.example.org',
        'staff.1.fte': '0.25',
        'staff.2.name': '',
        'staff.2.email': '',
        'staff.2.fte': '',
      },
      applicant.cookie,
    );
    expect(staffing.status).toBe(303);

    // Another device: a new session of the same person finds the draft on the server.
    const elsewhere = await signIn(test, applicant.email, applicant.password);
    const resumed = await api<Application>('GET', `${API}/${id}`, undefined, elsewhere);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('draft');
    expect(resumed.body.organizations.map((o) => o.role)).toEqual([
      'funding',
      'professional learning and outreach',
    ]);
    expect(resumed.body.regions).toEqual(['ID']);
    expect(resumed.body.staff.map((s) => s.fte)).toEqual([0.25, 0.25]);
    const page = await fetch(`${test.url}/applications/${id}/staffing`, { headers: { cookie: elsewhere } });
    expect(await page.text()).toContain('value="sam@gemstate.example.org"');

    const answers = Object.fromEntries(resumed.body.questions.map((q) => [`answers.${q.id}`, 'Because.']));
    expect((await form(`/applications/${id}/narrative`, answers, elsewhere)).status).toBe(303);
    const submitted = await form(`/applications/${id}/submit`, {}, elsewhere);
    expect(submitted.status).toBe(303);
    const after = await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie);
    expect(after.body.status).toBe('submitted');
    expect(after.body.events.map((e) => e.to)).toEqual(['draft', 'submitted']);

    // The applicant (the account, not the contact person) hears what happens next, with a link to it.
    const confirmation = await sink.waitFor(
      (m) => m.to.includes(applicant.email) && m.text.includes(`/applications/${id}`),
    );
    expect(confirmation.subject).toBe('We received your Regional Partner application for 2027-28');
    expect(confirmation.text).toContain('Gem State Foundation');
    expect(confirmation.text).toContain('What happens next');
    expect(confirmation.text).toContain(`${test.url}/applications/${id}`);
    // Staff get a link to the review page; the applicant's typed names stay out of the subject.
    const notice = await sink.waitFor(
      (m) => m.to.includes(STAFF_ADDRESS) && m.text.includes(`/staff/applications/${id}`),
    );
    expect(notice.subject).toBe('A Regional Partner application for 2027-28 is ready for review');
    expect(notice.text).toContain(`${test.url}/staff/applications/${id}`);
    expect(notice.text).toContain('Gem State Foundation');
    expect(await outboxFor(id)).toHaveLength(2);
    // Locked: no more edits.
    const edit = await api<Problem>('PUT', `${API}/${id}/region`, { regions: ['ID'] }, applicant.cookie);
    expect(edit.status).toBe(409);
  });

  it('refuses FTE shares below the year’s figure, next to the field', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    const page = await form(
      `/applications/${id}/staffing`,
      {
        'staff.0.name': 'A',
        'staff.0.email': 'a@example.org',
        'staff.0.fte': '0.2',
        'staff.1.name': 'B',
        'staff.1.email': 'b@example.org',
        'staff.1.fte': '0.2',
      },
      applicant.cookie,
    );
    expect(page.status).toBe(400);
    expect(page.html).toContain('id="field-staff"');
    expect(page.html).toContain('The shares add up to 0.40 FTE');
    const viaApi = await api<Problem>(
      'PUT',
      `${API}/${id}/staffing`,
      { staff: [{ name: 'A', email: 'a@example.org', fte: 0.3 }] },
      applicant.cookie,
    );
    expect(viaApi.status).toBe(400);
    expect(viaApi.body.errors?.[0]?.path).toBe('staff');
    const tooSmall = await api<Problem>(
      'PUT',
      `${API}/${id}/staffing`,
      { staff: [{ name: 'A', email: 'a@example.org', fte: 0.01 }] },
      applicant.cookie,
    );
    expect(tooSmall.body.errors).toEqual([
      { path: 'staff.0.fte', message: 'Each share is at least 0.05 FTE.' },
    ]);
  });

  it('explains an empty lead organization, an outside-US organization, unknown and served regions', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    const empty = await form(
      `/applications/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        'organizations.0.name': '',
        'organizations.0.country': 'US',
      },
      applicant.cookie,
    );
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Name the lead organization.');

    const abroad = await api<Problem>(
      'PUT',
      `${API}/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        organizations: [{ name: 'Maple Learning', role: 'lead', country: 'Canada', state: 'ON' }],
      },
      applicant.cookie,
    );
    expect(abroad.status).toBe(422);
    expect(abroad.body.detail).toBe(US_ONLY_REASON);
    expect(abroad.body.errors).toEqual([{ path: 'organizations.0.country', message: US_ONLY_REASON }]);
    const abroadPage = await form(
      `/applications/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        'organizations.0.name': 'Maple Learning',
        'organizations.0.role': 'lead',
        'organizations.0.country': 'other',
      },
      applicant.cookie,
    );
    expect(abroadPage.status).toBe(422);
    expect(abroadPage.html).toContain('id="field-organizations.0.country-error"');

    const unknown = await api<Problem>('PUT', `${API}/${id}/region`, { regions: ['ZZ'] }, applicant.cookie);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.path).toBe('regions');
    // WA contains King County, which Existing Partner holds; WA:King:… is held exactly.
    for (const region of ['WA', 'WA:King', '98101']) {
      const served = await api<Problem>(
        'PUT',
        `${API}/${id}/region`,
        { regions: [region] },
        applicant.cookie,
      );
      expect(served.status, region).toBe(409);
      expect(served.body.errors?.[0]?.message).toContain('Existing Partner');
    }
  });

  it('refuses an incomplete submit, naming each missing part', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    await api(
      'PUT',
      `${API}/${id}/organizations`,
      { contactName: 'Ada', contactEmail: 'ada@example.org', organizations: organizations('Half') },
      applicant.cookie,
    );
    const refused = await api<Problem>('POST', `${API}/${id}/submit`, undefined, applicant.cookie);
    expect(refused.status).toBe(422);
    const paths = refused.body.errors?.map((e) => e.path) ?? [];
    expect(paths).toContain('regions');
    expect(paths).toContain('staff');
    expect(paths.filter((p) => p.startsWith('answers.'))).toHaveLength(created.body.questions.length);
    const page = await form(`/applications/${id}/submit`, {}, applicant.cookie);
    expect(page.status).toBe(422);
    expect(page.html).toContain('Propose at least one region (step 2).');
    expect(await outboxFor(id)).toEqual([]);
  });

  it('checks eligibility again on submit: a region served since it was saved is refused', async () => {
    const id = await completeDraft(applicant.cookie, 'Desert', ['AZ']);
    const assigned = await api(
      'POST',
      `/api/v1/partners/${existingPartnerId}/regions`,
      { region: 'AZ:Pima' },
      staff.cookie,
    );
    expect(assigned.status).toBe(201);
    const refused = await api<Problem>('POST', `${API}/${id}/submit`, undefined, applicant.cookie);
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.[0]?.path).toBe('regions');
    expect(refused.body.detail).toContain('Existing Partner');
    expect((await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie)).body.status).toBe(
      'draft',
    );
    expect(await outboxFor(id)).toEqual([]);
  });

  it('lets the applicant withdraw until a decision', async () => {
    const id = await completeDraft(applicant.cookie, 'Withdrawing', ['NV']);
    expect((await api('POST', `${API}/${id}/submit`, undefined, applicant.cookie)).status).toBe(200);
    const withdrawn = await api<Application>('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.events.at(-1)?.actorEmail).toBe(applicant.email);
    const confirmation = await sink.waitFor(
      (m) => m.to.includes(applicant.email) && m.subject.endsWith('is withdrawn') && m.text.includes(id),
    );
    expect(confirmation.subject).toBe('Your Regional Partner application for 2027-28 is withdrawn');
    expect(confirmation.text).toContain('Withdrawing Foundation');
    expect(confirmation.text).toContain(`${test.url}/applications/${id}`);
    const notice = await sink.waitFor(
      (m) =>
        m.to.includes(STAFF_ADDRESS) &&
        m.text.includes(`/staff/applications/${id}`) &&
        m.subject.endsWith('was withdrawn'),
    );
    expect(notice.subject).toBe('A Regional Partner application for 2027-28 was withdrawn');
    expect(notice.text).toContain('it was submitted');
    expect(notice.text).toContain(`${test.url}/staff/applications/${id}`);

    expect((await api('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie)).status).toBe(409);
    // Submitted, then withdrawn: two messages each way, and the refused second withdrawal sent nothing.
    expect((await outboxFor(id)).map((m) => m.toAddress).sort()).toEqual(
      [applicant.email, applicant.email, STAFF_ADDRESS, STAFF_ADDRESS].sort(),
    );
  });

  it('withdrawing a draft confirms to the applicant only: staff never received it', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    expect((await api('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie)).status).toBe(200);
    const confirmation = await sink.waitFor((m) => m.to.includes(applicant.email) && m.text.includes(id));
    expect(confirmation.text).toContain('your application for 2027-28 is withdrawn');
    expect((await outboxFor(id)).map((m) => m.toAddress)).toEqual([applicant.email]);
  });

  describe('review and acceptance', () => {
    it('averages two reviewers, moves to interview, and accepting onboards the partner at once', async () => {
      const review0 = await api<Review>('GET', `${API}/${jointId}/review`, undefined, staff.cookie);
      const criteria = review0.body.criteria;
      expect(criteria.length).toBeGreaterThan(0);
      const all = (score: number) => Object.fromEntries(criteria.map((c) => [c.id, score]));
      expect((await api('PUT', `${API}/${jointId}/scores`, { scores: all(4) }, staff.cookie)).status).toBe(
        200,
      );
      const second = await form(
        `/staff/applications/${jointId}/scores`,
        Object.fromEntries(criteria.map((c) => [`scores.${c.id}`, '2'])),
        staff2.cookie,
      );
      expect(second.status).toBe(303);
      const review = await api<Review>('GET', `${API}/${jointId}/review`, undefined, staff.cookie);
      expect(review.body.averageTotal).toBe(3 * criteria.length);
      expect(
        (await api('POST', `${API}/${jointId}/notes`, { body: 'Strong reach.' }, staff.cookie)).status,
      ).toBe(201);

      // Not yet in review: accepting is not allowed.
      const early = await api<Problem>(
        'POST',
        `${API}/${jointId}/transitions`,
        { to: 'accepted' },
        staff.cookie,
      );
      expect(early.status).toBe(409);
      await toInterview(jointId);
      const accepted = await api<Application>(
        'POST',
        `${API}/${jointId}/transitions`,
        { to: 'accepted', emailSubject: 'Welcome aboard, Gem State', emailBody: 'Edited by staff.' },
        staff.cookie,
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('accepted');
      expect(accepted.body.events.map((e) => e.to)).toEqual([
        'draft',
        'submitted',
        'in_review',
        'interview',
        'accepted',
      ]);
      const partnerId = accepted.body.partnerId ?? '';
      const partner = await api<{ name: string; regions: string[]; organizations: { role: string }[] }>(
        'GET',
        `/api/v1/partners/${partnerId}`,
        undefined,
        staff.cookie,
      );
      expect(partner.body.name).toBe('Gem State Foundation');
      expect(partner.body.regions).toEqual(['ID']);
      expect(partner.body.organizations).toHaveLength(2);
      const lookup = await api<{ partner: { name: string } | null }>(
        'GET',
        '/api/v1/regions/lookup?state=ID',
      );
      expect(lookup.body.partner?.name).toBe('Gem State Foundation');

      for (const email of ['sam@gemstate.example.org', 'kim@gemstate.example.org']) {
        const mail = await sink.waitFor((m) => m.to.includes(email));
        expect(mail.subject).toContain('You are invited to manage Gem State Foundation');
        expect(mail.text).toMatch(/\/invitations\/[\w-]+/);
      }
      const decision = await sink.waitFor((m) => m.subject === 'Welcome aboard, Gem State');
      expect(decision.to).toContain('ada@example.org');
      expect(decision.text).toContain('Edited by staff.');
      // Decided: no more withdrawal or transitions.
      expect((await api('POST', `${API}/${jointId}/withdraw`, undefined, applicant.cookie)).status).toBe(409);
      expect(
        (await api('POST', `${API}/${jointId}/transitions`, { to: 'declined' }, staff.cookie)).status,
      ).toBe(409);
    });

    /*
     * Two acceptances at once, of a state and a county inside it. On PostgreSQL the test makes them overlap: a
     * transaction of the test holds an EXCLUSIVE lock on `partners` (reads go on, inserts wait), so the first
     * acceptance waits at its partner insert while holding the year; the second must then wait for the year
     * before it checks exclusivity. Without that wait both would pass the check (the unique constraint only
     * catches the same unit) and the county would be served twice. SQLite has a single writer: the second
     * transaction starts only after the first commits. The outcome asserted is the same on both.
     */
    it('lets only one of two simultaneous acceptances for overlapping regions win', async () => {
      const db = test.deps.db.kysely;
      const a = await completeDraft(applicant.cookie, 'Big Sky A', ['MT']);
      const b = await completeDraft(other.cookie, 'Big Sky B', ['MT:Gallatin']);
      for (const [id, cookie] of [
        [a, applicant.cookie],
        [b, other.cookie],
      ] as const) {
        expect((await api('POST', `${API}/${id}/submit`, undefined, cookie)).status).toBe(200);
        await toInterview(id);
      }
      const accept = (id: string) =>
        api<Problem>('POST', `${API}/${id}/transitions`, { to: 'accepted' }, staff.cookie);

      let results: Awaited<ReturnType<typeof accept>>[];
      if (test.deps.db.dialect === 'postgres') {
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        let markLocked = () => {};
        const locked = new Promise<void>((resolve) => (markLocked = resolve));
        const holder = db.transaction().execute(async (trx) => {
          await sql`lock table partners in exclusive mode`.execute(trx);
          markLocked();
          await released;
        });
        await locked;
        const racing = Promise.all([a, b].map(accept));
        try {
          // One waits at its partner insert, the other for the year (or, without the year lock, at its insert).
          await waitUntil(async () => {
            const waiting = await sql<{ count: string }>`
              select count(*) as count from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
            return Number(waiting.rows[0]?.count) === 2;
          });
        } finally {
          release();
          await holder;
        }
        results = await racing;
      } else {
        results = await Promise.all([a, b].map(accept));
      }

      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const [winner, loser] = results[0]?.status === 200 ? [a, b] : [b, a];
      const refusal = results.find((r) => r.status === 409)?.body;
      expect(refusal?.code).toBe('REGION_ALREADY_ASSIGNED');
      // Either the state or the county inside it, whichever acceptance won, in words.
      expect(refusal?.detail).toMatch(
        /^(Montana is partly served: Big Sky [AB]\b.*? serves Gallatin County, MT|Gallatin County, MT is already served: Big Sky [AB]\b.*? serves Montana)/,
      );

      const winnerApp = await api<Application>('GET', `${API}/${winner}`, undefined, staff.cookie);
      const loserApp = await api<Application>('GET', `${API}/${loser}`, undefined, staff.cookie);
      expect(winnerApp.body.status).toBe('accepted');
      expect(loserApp.body.status).toBe('interview');
      expect(loserApp.body.events.map((e) => e.to)).toEqual(['draft', 'submitted', 'in_review', 'interview']);
      expect(loserApp.body.partnerId).toBeNull();

      const assignments = await db
        .selectFrom('regionAssignments')
        .select('partnerId')
        .where('unit', 'in', ['MT', 'MT:Gallatin'])
        .execute();
      expect(assignments).toEqual([{ partnerId: winnerApp.body.partnerId }]);
      const partners = await db
        .selectFrom('partners')
        .select('name')
        .where('name', 'like', 'Big Sky%')
        .execute();
      expect(partners.map((p) => p.name)).toEqual([winnerApp.body.organizations[0]?.name]);
      const loserManager = loserApp.body.staff[0]?.email ?? '';
      expect(loserManager).not.toBe('');
      const invitations = await db
        .selectFrom('partnerInvitations')
        .select('id')
        .where('email', '=', loserManager)
        .execute();
      expect(invitations).toEqual([]);
      // One decision email (the winner's; the earlier acceptance used an edited subject), no invitation mail.
      const decisions = await db
        .selectFrom('mailOutbox')
        .select('id')
        .where('subject', '=', 'Your Regional Partner application for 2027-28 is accepted')
        .execute();
      expect(decisions).toHaveLength(1);
      expect(
        await db.selectFrom('mailOutbox').select('id').where('toAddress', '=', loserManager).execute(),
      ).toEqual([]);
    });

    it('declines with the default email and filters the queue by status and state', async () => {
      const id = await completeDraft(other.cookie, 'Declined Org', ['UT']);
      expect((await api('POST', `${API}/${id}/submit`, undefined, other.cookie)).status).toBe(200);
      expect((await api('POST', `${API}/${id}/transitions`, { to: 'in_review' }, staff.cookie)).status).toBe(
        200,
      );
      const queue = await api<{ applications: { id: string }[] }>(
        'GET',
        `${API}/queue?status=in_review&state=UT`,
        undefined,
        staff.cookie,
      );
      expect(queue.body.applications.map((x) => x.id)).toEqual([id]);
      const page = await fetch(`${test.url}/staff/applications?status=in_review&state=UT`, {
        headers: { cookie: staff.cookie },
      });
      expect(await page.text()).toContain('Declined Org Foundation');
      const declined = await form(`/staff/applications/${id}/transition`, { to: 'declined' }, staff.cookie);
      expect(declined.status).toBe(303);
      const mail = await sink.waitFor((m) => m.subject === 'Your Regional Partner application for 2027-28');
      expect(mail.text).toContain('Declined Org Foundation');
    });
  });

  it('lets staff configure the year’s questions and rubric', async () => {
    const saved = await api<{ questions: { prompt: string }[]; criteria: { maxScore: number }[] }>(
      'PUT',
      `${API}/settings?year=2027-28`,
      { questions: ['Why you?', 'Why now?'], criteria: [{ title: 'Fit', maxScore: 10 }] },
      staff.cookie,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.questions.map((q) => q.prompt)).toEqual(['Why you?', 'Why now?']);
    const page = await form(
      '/staff/applications/settings?year=2027-28',
      { questions: 'Why you?\nWhy here?', criteria: 'Fit | 10\nReach | 5' },
      staff.cookie,
    );
    expect(page.status).toBe(303);
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    expect(created.body.questions.map((q) => q.prompt)).toEqual(['Why you?', 'Why here?']);
    const bad = await api<Problem>(
      'PUT',
      `${API}/settings`,
      { questions: [], criteria: 'x | 500' },
      staff.cookie,
    );
    expect(bad.status).toBe(400);
  });
});

describe('authorization', () => {
  it('shows an application only to its applicant and staff, and lets only the applicant change it', async () => {
    const id = await completeDraft(applicant.cookie, 'Private', ['VT']);
    const anonymous = await api('GET', `${API}/${id}`);
    expect(anonymous.status).toBe(401);
    for (const user of [other, facilitator, manager]) {
      expect((await api('GET', `${API}/${id}`, undefined, user.cookie)).status).toBe(404);
      expect((await api('PUT', `${API}/${id}/region`, { regions: ['VT'] }, user.cookie)).status).toBe(404);
      expect((await api('POST', `${API}/${id}/submit`, undefined, user.cookie)).status).toBe(404);
      expect((await api('POST', `${API}/${id}/withdraw`, undefined, user.cookie)).status).toBe(404);
      const page = await fetch(`${test.url}/applications/${id}`, { headers: { cookie: user.cookie } });
      expect(page.status).toBe(404);
      expect((await form(`/applications/${id}/region`, { regions: 'VT' }, user.cookie)).status).toBe(404);
    }
    for (const step of ['', '/organizations', '/region', '/staffing', '/narrative', '/review']) {
      const page = await fetch(`${test.url}/applications/${id}${step}`, {
        headers: { cookie: applicant.cookie },
      });
      expect(page.status, step).toBe(200);
    }
    expect((await api('GET', `${API}/${id}`, undefined, staff.cookie)).status).toBe(200);
    expect((await api('PUT', `${API}/${id}/region`, { regions: ['VT'] }, staff.cookie)).status).toBe(403);
    expect((await api('GET', API)).status).toBe(401);
    expect((await api('POST', API, {})).status).toBe(401);
    const mine = await api<{ id: string }[]>('GET', API, undefined, other.cookie);
    expect(mine.body.map((a) => a.id)).not.toContain(id);
    // Pages send anonymous visitors to sign in.
    const pageAnon = await fetch(`${test.url}/applications`, { redirect: 'manual' });
    expect(pageAnon.status).toBe(303);
    expect(pageAnon.headers.get('location')).toMatch(/^\/sign-in/);
  });

  it('keeps review, decisions and configuration to staff', async () => {
    const id = await completeDraft(applicant.cookie, 'Guarded', ['NH']);
    await api('POST', `${API}/${id}/submit`, undefined, applicant.cookie);
    const staffOnly: [string, string, unknown][] = [
      ['GET', `${API}/queue`, undefined],
      ['GET', `${API}/settings`, undefined],
      ['PUT', `${API}/settings`, { questions: ['x'], criteria: [{ title: 'y', maxScore: 1 }] }],
      ['GET', `${API}/${id}/review`, undefined],
      ['PUT', `${API}/${id}/scores`, { scores: {} }],
      ['POST', `${API}/${id}/notes`, { body: 'x' }],
      ['POST', `${API}/${id}/transitions`, { to: 'in_review' }],
    ];
    for (const [method, path, body] of staffOnly) {
      expect((await api(method, path, body)).status, `${method} ${path} anonymous`).toBe(401);
      for (const user of [applicant, other, facilitator, manager]) {
        expect((await api(method, path, body, user.cookie)).status, `${method} ${path} ${user.email}`).toBe(
          403,
        );
      }
    }
    for (const path of ['/staff/applications', '/staff/applications/settings', `/staff/applications/${id}`]) {
      const anonymous = await fetch(`${test.url}${path}`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toMatch(/^\/sign-in/);
      for (const user of [applicant, facilitator, manager]) {
        expect((await fetch(`${test.url}${path}`, { headers: { cookie: user.cookie } })).status, path).toBe(
          403,
        );
      }
      expect((await fetch(`${test.url}${path}`, { headers: { cookie: staff.cookie } })).status, path).toBe(
        200,
      );
    }
    for (const path of [`/staff/applications/${id}/transition`, `/staff/applications/${id}/notes`]) {
      expect((await form(path, { to: 'in_review', body: 'x' }, applicant.cookie)).status).toBe(403);
    }
    expect((await api('GET', `${API}/does-not-exist`, undefined, staff.cookie)).status).toBe(404);
  });
});

describe('API description', () => {
  it('documents the partner-application routes', async () => {
    const doc = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      API,
      `${API}/queue`,
      `${API}/settings`,
      `${API}/{id}/staffing`,
      `${API}/{id}/transitions`,
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
  });
});
