import { randomBytes } from 'node:crypto';
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
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { SmtpSink, type ReceivedMail } from '../../../tests/helpers/smtp-sink.js';
import type { Partner } from '../partners/partners.schemas.js';
import type { InquiryDetail } from './inquiries.schemas.js';

let sink: SmtpSink;
let test: TestPortal;
let partnerA: Partner;
let partnerB: Partner;
let staff: TestUser;
let pmA: TestUser;
let pmB: TestUser;
let participant: TestUser;
let facilitator: TestUser;

const CONTACT_A = 'contact-a@example.org';
const CONTACT_B = 'contact-b@example.org';
/** The default PROGRAM_CONTACT_EMAIL: where questions for program staff go. */
const STAFF_ADDRESS = 'partner@example.org';

beforeAll(async () => {
  sink = new SmtpSink();
  // The per-address limit gets its own portal below; here it must not get in the way of the other tests.
  test = await startTestPortal({ SMTP_URL: await sink.start(), INQUIRY_RATE_LIMIT: '100000' });
  await seedYears(test, ['2027-28'], '2027-28');
  // A serves Washington except Spokane County, which B holds along with Oregon.
  partnerA = await seedPartner(test, {
    year: '2027-28',
    name: 'Cascade Computing Partners',
    regions: ['WA'],
    input: { contactEmail: CONTACT_A },
  });
  partnerB = await seedPartner(test, {
    year: '2027-28',
    name: 'Columbia Basin CS Alliance',
    regions: ['OR', 'WA:Spokane'],
    input: { contactEmail: CONTACT_B },
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

function uniqueEmail(label = 'sender'): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.org`;
}

function question(overrides: Record<string, string> = {}) {
  return {
    name: 'Nia Okafor',
    email: uniqueEmail(),
    role: 'teacher',
    zip: '98101',
    message: 'How can I join a CS Discoveries workshop this summer?',
    ...overrides,
  };
}

function send(portal: TestPortal, body: unknown): Promise<Response> {
  return fetch(`${portal.url}/api/v1/inquiries`, jsonRequest(portal, 'POST', body));
}

async function sendOk(body: unknown): Promise<{ id: string; routedTo: Record<string, unknown> }> {
  const response = await send(test, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; routedTo: Record<string, unknown> };
}

/** Rows in every table a submission writes to: none may change when one is refused. */
async function writes(portal: TestPortal = test): Promise<number[]> {
  const db = portal.deps.db.kysely;
  return Promise.all(
    (['inquiries', 'inquiryEvents', 'mailOutbox'] as const).map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
}

function storedInquiry(id: string) {
  return test.deps.db.kysely.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirst();
}

function mailTo(address: string, containing: string): Promise<ReceivedMail> {
  return sink.waitFor((mail) => mail.to.includes(address) && mail.text.includes(containing));
}

async function getJson(path: string, user?: TestUser): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, 'GET', undefined, user?.cookie));
  return { status: response.status, body: await response.json() };
}

async function inboxIds(user: TestUser, query = 'status=all'): Promise<string[]> {
  const { status, body } = await getJson(`/api/v1/inquiries?${query}`, user);
  expect(status).toBe(200);
  return (body as { inquiries: { id: string }[] }).inquiries.map((inquiry) => inquiry.id);
}

function postForm(path: string, fields: Record<string, string>, user?: TestUser): Promise<Response> {
  return fetch(`${test.url}${path}`, formRequest(test, fields, user?.cookie));
}

describe('sending a question', () => {
  it('routes it to the partner serving the ZIP code, emails the partner’s contact and confirms to the sender', async () => {
    const body = question({
      name: 'Ruth Alvarez',
      message: 'Is there a workshop for counselors near Seattle?',
    });
    const sent = await sendOk(body);
    expect(sent.routedTo).toEqual({ kind: 'partner', partnerId: partnerA.id, partnerName: partnerA.name });

    const stored = await storedInquiry(sent.id);
    expect(stored).toMatchObject({
      email: body.email,
      zip: '98101',
      state: 'WA',
      partnerId: partnerA.id,
      status: 'open',
    });
    expect(stored?.programYearId).toBeTruthy();
    const events = await test.deps.db.kysely
      .selectFrom('inquiryEvents')
      .select(['kind', 'body'])
      .where('inquiryId', '=', sent.id)
      .execute();
    expect(events).toEqual([{ kind: 'received', body: `${partnerA.name} serves Washington.` }]);

    const toPartner = await mailTo(CONTACT_A, `${test.url}/inbox/${sent.id}`);
    expect(toPartner.text).toContain('Is there a workshop for counselors near Seattle?');
    expect(toPartner.text).toContain('Ruth Alvarez');
    const receipt = await mailTo(body.email, partnerA.name);
    expect(receipt.subject).toBe('We received your question to the Regional Partner Program');
    expect(receipt.text).toContain('Hello Ruth Alvarez');
    expect(receipt.text).not.toContain('near Seattle');
  });

  it('lets a county carve-out win over the state (ZIP+4 accepted)', async () => {
    const sent = await sendOk(question({ zip: ' 99201-1234 ' }));
    expect(sent.routedTo).toMatchObject({ kind: 'partner', partnerId: partnerB.id });
    expect(await storedInquiry(sent.id)).toMatchObject({ zip: '99201', partnerId: partnerB.id });
    const event = await test.deps.db.kysely
      .selectFrom('inquiryEvents')
      .select('body')
      .where('inquiryId', '=', sent.id)
      .executeTakeFirst();
    expect(event?.body).toBe(`${partnerB.name} serves Spokane County, WA.`);
  });

  it('routes it to program staff where no partner serves the ZIP code', async () => {
    const body = question({ zip: '75201' });
    const sent = await sendOk(body);
    expect(sent.routedTo).toEqual({ kind: 'staff' });
    expect(await storedInquiry(sent.id)).toMatchObject({ partnerId: null, state: 'TX' });
    await mailTo(STAFF_ADDRESS, `${test.url}/inbox/${sent.id}`);
    const receipt = await mailTo(body.email, 'Program staff will answer you');
    expect(receipt.to).toBe(body.email);
  });

  it('without a ZIP code, sends it to a partner holding the whole state, else to program staff', async () => {
    expect((await sendOk(question({ zip: '', state: 'wa' }))).routedTo).toMatchObject({
      partnerId: partnerA.id,
    });
    const { zip: _zip, ...inTexas } = question({ state: 'TX' });
    expect((await sendOk(inTexas)).routedTo).toEqual({ kind: 'staff' });
    const nowhere = await sendOk(question({ zip: '  ' }));
    expect(nowhere.routedTo).toEqual({ kind: 'staff' });
    expect(await storedInquiry(nowhere.id)).toMatchObject({ zip: null, state: null });
  });

  it('keeps the sender’s address normalized', async () => {
    const sent = await sendOk(question({ email: '  Mixed.Case@Example.ORG ' }));
    expect((await storedInquiry(sent.id))?.email).toBe('mixed.case@example.org');
  });

  it('offers the form with the ZIP code or state from the finder, a form token and a hidden spam trap', async () => {
    const byZip = await (await fetch(`${test.url}/contact?zip=98101`)).text();
    expect(byZip).toContain('id="field-zip"');
    expect(byZip).toMatch(/id="field-zip"[^>]*value="98101"|value="98101"[^>]*id="field-zip"/);
    expect(byZip).toContain('name="_csrf"');
    expect(byZip).toMatch(/<div class="contact-extra" aria-hidden="true">/);
    expect(byZip).toMatch(/<input[^>]*name="website"[^>]*tabindex="-1"[^>]*autocomplete="off"/);
    expect(byZip).toContain('Leave this field empty');
    const byState = await (await fetch(`${test.url}/contact?state=wa`)).text();
    expect(byState).toContain('<option value="WA" selected>Washington</option>');
    const junk = await fetch(`${test.url}/contact?state=ZZ&zip=${'9'.repeat(50)}`);
    expect(junk.status).toBe(200);
  });

  it('sends from the form and confirms on the page', async () => {
    const email = uniqueEmail('form');
    const response = await postForm('/contact', {
      name: 'Sam Lee',
      email,
      role: 'administrator',
      zip: '97201',
      state: '',
      message: 'Our district would like to start offering CS Principles.',
      website: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/contact?notice=inquiry-sent');
    const page = await (await fetch(`${test.url}/contact?notice=inquiry-sent`)).text();
    expect(page).toContain('your question is sent');
    await mailTo(CONTACT_B, 'Our district would like to start offering CS Principles.');
  });

  it('explains each problem on the form, keeps what was typed and writes nothing', async () => {
    const before = await writes();
    const response = await postForm('/contact', {
      name: '',
      email: 'not-an-address',
      role: 'wizard',
      zip: '123',
      state: '',
      message: 'Short',
      website: '',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    for (const message of [
      'Enter your name.',
      'Enter an email address like name@example.org.',
      'Choose what describes you best: teacher, counselor, administrator, organization or other.',
      'Enter a 5-digit ZIP code, like 98101, or leave it empty.',
      'Write your question (at least 10 characters).',
    ]) {
      expect(html).toContain(message);
    }
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('value="123"');
    expect(html).toContain('>Short</textarea>');
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(5);
    expect(await writes()).toEqual(before);
  });

  it('answers bad API input with problem details naming each field, and writes nothing', async () => {
    const before = await writes();
    const response = await send(test, {
      name: 'A\nB',
      email: 'x@',
      role: 'teacher',
      zip: '00000',
      message: 'x'.repeat(5001),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('INVALID_INPUT');
    expect(Object.fromEntries(problem.errors.map((e) => [e.path, e.message]))).toEqual({
      name: 'Write your name on one line.',
      email: 'Enter an email address like name@example.org.',
      zip: 'We do not know the ZIP code 00000. Check it, or leave it empty.',
      message: 'Keep your message under 5,000 characters.',
    });
    const notAnObject = await send(test, ['a question']);
    expect(notAnObject.status).toBe(400);
    expect(await writes()).toEqual(before);
  });

  it('answers a filled-in spam trap as if it were accepted, but keeps and sends nothing', async () => {
    const before = await writes();
    const api = await send(test, question({ website: 'https://cheap-pills.example' }));
    expect(api.status).toBe(201);
    const body = (await api.json()) as { id: string; routedTo: unknown };
    expect(body.routedTo).toMatchObject({ kind: 'partner', partnerId: partnerA.id });
    expect(await storedInquiry(body.id)).toBeUndefined();
    const form = await postForm('/contact', question({ website: 'https://cheap-pills.example' }));
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/contact?notice=inquiry-sent');
    expect(await writes()).toEqual(before);
  });

  it('takes at most 5 messages an hour from one sender address, with a message a person understands', async () => {
    const email = uniqueEmail('eager');
    for (let index = 0; index < 5; index += 1) await sendOk(question({ email }));
    const before = await writes();
    const api = await send(test, question({ email: email.toUpperCase() }));
    expect(api.status).toBe(429);
    expect(((await api.json()) as { detail: string; code: string }).code).toBe('RATE_LIMITED');
    const form = await postForm('/contact', {
      name: 'Eager Sender',
      email,
      role: 'other',
      zip: '',
      state: '',
      message: 'One more question, please.',
      website: '',
    });
    expect(form.status).toBe(429);
    const html = await form.text();
    expect(html).toContain('You have already sent 5 messages from this email address in the last hour.');
    expect(html).toContain('One more question, please.');
    expect(await writes()).toEqual(before);
    await sendOk(question());
  });

  it('never answers 5xx, and writes nothing when it refuses, whatever JSON is sent', async () => {
    const text = fc.oneof(fc.string(), fc.constant(''), fc.constant('98101'), fc.constant('WA'));
    const field = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc
            .record(
              {
                name: field,
                email: fc.oneof(field, fc.emailAddress()),
                role: fc.oneof(field, fc.constantFrom('teacher', 'other')),
                zip: field,
                state: field,
                message: fc.oneof(field, fc.string({ minLength: 10 })),
                website: field,
              },
              { requiredKeys: [] },
            )
            .map((body) => JSON.stringify(body)),
        ),
        async (body) => {
          const before = await writes();
          const response = await fetch(`${test.url}/api/v1/inquiries`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: test.url },
            body,
          });
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(await writes()).toEqual(before);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('the per-address limit', () => {
  let limited: TestPortal;
  beforeAll(async () => {
    limited = await startTestPortal({ INQUIRY_RATE_LIMIT: '2' });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('refuses a client address past its hourly budget on the form and the API alike, writing nothing', async () => {
    for (let index = 0; index < 2; index += 1) {
      expect((await send(limited, question())).status).toBe(201);
    }
    const before = await writes(limited);
    const form = await fetch(
      `${limited.url}/contact`,
      formRequest(limited, question({ zip: '', state: '', website: '' })),
    );
    expect(form.status).toBe(429);
    expect(Number(form.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await form.text()).toMatch(
      /Many messages have come from your network in the last hour[^<]*try again in \d+ (minutes|hour)/,
    );
    const api = await send(limited, question());
    expect(api.status).toBe(429);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(((await api.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect(await writes(limited)).toEqual(before);
    // Reading the form is not a submission.
    expect((await fetch(`${limited.url}/contact`)).status).toBe(200);
  });
});

describe('the per-address limit shared with “connect me”', () => {
  let limited: TestPortal;
  beforeAll(async () => {
    limited = await startTestPortal({ INQUIRY_RATE_LIMIT: '2' });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('counts a “connect me” from the eligibility page against the contact form’s budget', async () => {
    expect((await send(limited, question())).status).toBe(201);
    // Every attempt counts, refused or not: this one is incomplete (400) and spends the last of the budget.
    const connect = await fetch(
      `${limited.url}/api/v1/partner-applications/eligibility/connect`,
      jsonRequest(limited, 'POST', {}),
    );
    expect(connect.status).toBe(400);
    await connect.body?.cancel();
    const over = await send(limited, question());
    expect(over.status).toBe(429);
    expect(((await over.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });
});

describe('the inbox', () => {
  let forA: string;
  let forB: string;
  let forStaff: string;

  beforeAll(async () => {
    forA = (await sendOk(question({ name: 'Ana Inbox', zip: '98101' }))).id;
    forB = (await sendOk(question({ name: 'Ben Inbox', zip: '97201' }))).id;
    forStaff = (await sendOk(question({ name: 'Sol Inbox', zip: '75201' }))).id;
  });

  async function statusOf(id: string): Promise<string | undefined> {
    return (await storedInquiry(id))?.status;
  }

  it('shows a program manager only their partner’s inquiries; staff see all, by where they were routed', async () => {
    const a = await inboxIds(pmA);
    expect(a).toContain(forA);
    expect(a).not.toContain(forB);
    expect(a).not.toContain(forStaff);
    const b = await inboxIds(pmB);
    expect(b).toContain(forB);
    expect(b).not.toContain(forA);
    expect(b).not.toContain(forStaff);
    expect(await inboxIds(staff)).toEqual(expect.arrayContaining([forA, forB, forStaff]));
    const routedToStaff = await inboxIds(staff, 'status=all&routedTo=staff');
    expect(routedToStaff).toContain(forStaff);
    expect(routedToStaff).not.toContain(forA);
    const routedToB = await inboxIds(staff, `routedTo=${partnerB.id}`);
    expect(routedToB).toContain(forB);
    expect(routedToB).not.toContain(forA);
    // Asking for another partner's inquiries does not widen a program manager's inbox.
    expect(await inboxIds(pmB, `status=all&routedTo=${partnerA.id}`)).toEqual([]);

    const pageA = await (await fetch(`${test.url}/inbox`, { headers: { cookie: pmA.cookie } })).text();
    expect(pageA).toContain(`href="/inbox/${forA}"`);
    expect(pageA).not.toContain(`href="/inbox/${forB}"`);
    expect(pageA).not.toContain('id="filter-routed-to"');
    const staffPage = await (
      await fetch(`${test.url}/inbox?routedTo=staff`, { headers: { cookie: staff.cookie } })
    ).text();
    expect(staffPage).toContain(`href="/inbox/${forStaff}"`);
    expect(staffPage).not.toContain(`href="/inbox/${forA}"`);
    expect(staffPage).toContain('<option value="staff" selected>Program staff</option>');
  });

  it('refuses every inbox route to those who may not use it, changing nothing', async () => {
    const before = await writes();
    const page = (path: string) => `/inbox/${forA}${path}`;
    const api = (path: string) => `/api/v1/inquiries/${forA}${path}`;
    const bodies: Record<string, Record<string, string>> = {
      '/reply': { body: 'A reply from someone who may not send one.' },
      '/reroute': { to: 'staff' },
      '/close': {},
      '/reopen': {},
    };
    const reads = ['/inbox', page(''), '/api/v1/inquiries', api('')];
    const actions = Object.keys(bodies);

    /** Calls every route as `user` and checks each status against `expected(method, path)`. */
    async function expectStatus(
      user: TestUser | undefined,
      expected: (method: string, path: string) => number,
    ) {
      const who = user?.email ?? 'anonymous';
      for (const path of reads) {
        const response = path.startsWith('/api/')
          ? await fetch(`${test.url}${path}`, jsonRequest(test, 'GET', undefined, user?.cookie))
          : await fetch(`${test.url}${path}`, {
              headers: { cookie: user?.cookie ?? '' },
              redirect: 'manual',
            });
        expect(response.status, `GET ${path} as ${who}`).toBe(expected('GET', path));
      }
      for (const action of actions) {
        const form = await postForm(page(action), bodies[action] ?? {}, user);
        expect(form.status, `POST ${page(action)} as ${who}`).toBe(expected('POST', page(action)));
        const hasBody = action === '/reply' || action === '/reroute';
        const json = await fetch(
          `${test.url}${api(action)}`,
          jsonRequest(test, 'POST', hasBody ? bodies[action] : undefined, user?.cookie),
        );
        expect(json.status, `POST ${api(action)} as ${who}`).toBe(expected('POST', api(action)));
        expect(json.headers.get('content-type')).toContain('application/problem+json');
      }
    }

    // Anonymous: pages send to sign-in; form posts and the API answer 401.
    await expectStatus(undefined, (method, path) =>
      method === 'GET' && !path.startsWith('/api/') ? 303 : 401,
    );
    const signIn = await fetch(`${test.url}/inbox/${forA}`, { redirect: 'manual' });
    expect(signIn.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/inbox/${forA}`)}`);
    for (const user of [participant, facilitator]) await expectStatus(user, () => 403);
    // Partner B's manager has an inbox, but A's inquiry does not exist for them; rerouting is for staff only.
    await expectStatus(pmB, (_method, path) =>
      path === '/inbox' || path === '/api/v1/inquiries' ? 200 : path.endsWith('/reroute') ? 403 : 404,
    );
    // Partner A's manager may read it, but not pass it on.
    for (const path of [page('/reroute'), api('/reroute')]) {
      const response = path.startsWith('/api/')
        ? await fetch(`${test.url}${path}`, jsonRequest(test, 'POST', { to: 'staff' }, pmA.cookie))
        : await postForm(path, { to: 'staff' }, pmA);
      expect(response.status, path).toBe(403);
    }
    expect((await getJson(`/api/v1/inquiries/${forA}`, pmA)).status).toBe(200);
    expect((await getJson(`/api/v1/inquiries/${forStaff}`, pmA)).status).toBe(404);
    expect((await getJson(`/api/v1/inquiries/no-such-inquiry`, staff)).status).toBe(404);

    expect(await writes()).toEqual(before);
    expect(await statusOf(forA)).toBe('open');
    expect((await storedInquiry(forA))?.partnerId).toBe(partnerA.id);
  });

  it('lets staff use every inbox route', async () => {
    const id = (await sendOk(question())).id;
    for (const path of ['/inbox', `/inbox/${id}`]) {
      expect((await fetch(`${test.url}${path}`, { headers: { cookie: staff.cookie } })).status, path).toBe(
        200,
      );
    }
    for (const path of ['/api/v1/inquiries', `/api/v1/inquiries/${id}`]) {
      expect((await getJson(path, staff)).status, path).toBe(200);
    }
    for (const [action, fields] of [
      ['reply', { body: 'Thank you, we will call you.' }],
      ['close', {}],
      ['reopen', {}],
      ['reroute', { to: partnerB.id }],
    ] as const) {
      const form = await postForm(`/inbox/${id}/${action}`, fields, staff);
      expect(form.status, `form ${action}`).toBe(303);
      const json = await fetch(
        `${test.url}/api/v1/inquiries/${id}/${action}`,
        jsonRequest(test, 'POST', action === 'reroute' ? { to: partnerA.id } : fields, staff.cookie),
      );
      expect(json.status, `API ${action}`).toBe(200);
    }
  });

  it('shows the inquiry with its history and the actions the reader may take', async () => {
    const asA = await (await fetch(`${test.url}/inbox/${forA}`, { headers: { cookie: pmA.cookie } })).text();
    expect(asA).toContain('Question from Ana Inbox');
    expect(asA).toContain('How can I join a CS Discoveries workshop this summer?');
    expect(asA).toContain(`${partnerA.name} serves Washington.`);
    expect(asA).toContain(`action="/inbox/${forA}/reply"`);
    expect(asA).toContain(`action="/inbox/${forA}/close"`);
    expect(asA).not.toContain(`action="/inbox/${forA}/reroute"`);
    const asStaff = await (
      await fetch(`${test.url}/inbox/${forA}`, { headers: { cookie: staff.cookie } })
    ).text();
    expect(asStaff).toContain(`action="/inbox/${forA}/reroute"`);
    expect(asStaff).toContain(`<option value="${partnerB.id}">${partnerB.name}</option>`);
  });

  it('emails a reply to the sender, records it and marks the inquiry answered', async () => {
    const sender = uniqueEmail('asker');
    const id = (await sendOk(question({ email: sender, message: 'Which courses do you offer in Tacoma?' })))
      .id;
    const empty = await postForm(`/inbox/${id}/reply`, { body: '   ' }, pmA);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write your reply.');
    expect(await statusOf(id)).toBe('open');

    const response = await postForm(`/inbox/${id}/reply`, { body: 'We offer CS Discoveries in July.' }, pmA);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/inbox/${id}?notice=inquiry-replied`);
    const mail = await mailTo(sender, 'We offer CS Discoveries in July.');
    expect(mail.subject).toBe('An answer to your question to the Regional Partner Program');
    expect(mail.text).toContain(`${partnerA.name} answered your question`);
    expect(mail.text).toContain('> Which courses do you offer in Tacoma?');
    expect(mail.text).toContain(`To write back, email ${CONTACT_A}.`);

    const body = (await getJson(`/api/v1/inquiries/${id}`, pmA)).body as InquiryDetail;
    expect(body.status).toBe('answered');
    expect(body.events.map((event) => [event.kind, event.actorEmail, event.body])).toEqual([
      ['received', null, `${partnerA.name} serves Washington.`],
      ['reply', pmA.email, 'We offer CS Discoveries in July.'],
    ]);

    const byApi = await fetch(
      `${test.url}/api/v1/inquiries/${forStaff}/reply`,
      jsonRequest(test, 'POST', { body: 'Program staff will call you.' }, staff.cookie),
    );
    expect(byApi.status).toBe(200);
    expect(((await byApi.json()) as InquiryDetail).status).toBe('answered');
    const staffMail = await sink.waitFor((m) => m.text.includes('Program staff will call you.'));
    expect(staffMail.text).toContain(`To write back, email ${STAFF_ADDRESS}.`);
  });

  it('closes an inquiry, out of the open list, and reopens it', async () => {
    const id = (await sendOk(question())).id;
    expect(await inboxIds(pmA, 'status=open')).toContain(id);
    const closed = await postForm(`/inbox/${id}/close`, {}, pmA);
    expect(closed.status).toBe(303);
    expect(closed.headers.get('location')).toBe(`/inbox/${id}?notice=inquiry-closed`);
    expect(await statusOf(id)).toBe('closed');
    expect(await inboxIds(pmA, 'status=open')).not.toContain(id);
    expect(await inboxIds(pmA, 'status=closed')).toContain(id);
    const page = await (await fetch(`${test.url}/inbox/${id}`, { headers: { cookie: pmA.cookie } })).text();
    expect(page).toContain('Reopen this inquiry');

    const again = await fetch(
      `${test.url}/api/v1/inquiries/${id}/close`,
      jsonRequest(test, 'POST', undefined, pmA.cookie),
    );
    expect(again.status).toBe(200);
    const reopened = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reopen`,
      jsonRequest(test, 'POST', undefined, pmA.cookie),
    );
    expect(reopened.status).toBe(200);
    const detail = (await reopened.json()) as InquiryDetail;
    expect(detail.status).toBe('open');
    expect(detail.events.map((event) => event.kind)).toEqual(['received', 'closed', 'reopened']);
    expect((await postForm(`/inbox/${id}/reopen`, {}, pmA)).status).toBe(303);
  });

  it('lets staff pass an inquiry from partner A to partner B, who is emailed, and back to staff', async () => {
    const id = (await sendOk(question({ message: 'Moved between partners, please answer.' }))).id;
    const same = await postForm(`/inbox/${id}/reroute`, { to: partnerA.id }, staff);
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('The inquiry is already routed there; choose another.');
    const unknown = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reroute`,
      jsonRequest(test, 'POST', { to: 'no-such-partner' }, staff.cookie),
    );
    expect(unknown.status).toBe(400);

    const moved = await postForm(`/inbox/${id}/reroute`, { to: partnerB.id }, staff);
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/inbox/${id}?notice=inquiry-rerouted`);
    expect(await inboxIds(pmA)).not.toContain(id);
    expect((await getJson(`/api/v1/inquiries/${id}`, pmA)).status).toBe(404);
    expect(await inboxIds(pmB)).toContain(id);
    const mail = await mailTo(CONTACT_B, `${test.url}/inbox/${id}`);
    expect(mail.subject).toBe('A question was passed on to you in the Regional Partner Program portal');
    expect(mail.text).toContain('Moved between partners, please answer.');

    const back = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reroute`,
      jsonRequest(test, 'POST', { to: 'staff' }, staff.cookie),
    );
    expect(back.status).toBe(200);
    const detail = (await back.json()) as InquiryDetail;
    expect(detail.routedTo).toEqual({ kind: 'staff' });
    expect(detail.events.filter((event) => event.kind === 'rerouted').map((event) => event.body)).toEqual([
      `From ${partnerA.name} to ${partnerB.name}.`,
      `From ${partnerB.name} to program staff.`,
    ]);
    expect(await inboxIds(pmB)).not.toContain(id);
  });

  it('documents the API in OpenAPI', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/inquiries',
        '/api/v1/inquiries/{id}',
        '/api/v1/inquiries/{id}/reply',
        '/api/v1/inquiries/{id}/close',
        '/api/v1/inquiries/{id}/reopen',
        '/api/v1/inquiries/{id}/reroute',
      ]),
    );
  });
});
