import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formRequest, jsonRequest, startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import {
  CONTACT_A,
  CONTACT_B,
  mailTo,
  partnerA,
  partnerB,
  postForm,
  question,
  send,
  sendOk,
  STAFF_ADDRESS,
  storedInquiry,
  test,
  uniqueEmail,
  useInquiryPortal,
  writes,
} from './inquiries.fixture.js';

useInquiryPortal();

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
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/contact\/sent\?ref=[0-9A-F]{4}-[0-9A-F]{4}&to=/);
    const page = await (await fetch(`${test.url}${location}`)).text();
    expect(page).toContain('Your question is sent');
    // The confirmation names who will answer and the reference, which the receipt email repeats.
    expect(page).toContain(`<strong>${partnerB.name}</strong>, the Regional Partner serving your area`);
    const reference = new URL(location, test.url).searchParams.get('ref') ?? '';
    expect(page).toContain(reference);
    await mailTo(CONTACT_B, 'Our district would like to start offering CS Principles.');
    expect((await mailTo(email, 'Thank you for writing')).text).toContain(`Your reference: ${reference}.`);
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
    // The same confirmation a person gets, and it opens like theirs.
    const location = form.headers.get('location') ?? '';
    expect(location).toMatch(/^\/contact\/sent\?ref=[0-9A-F]{4}-[0-9A-F]{4}&to=/);
    expect((await fetch(`${test.url}${location}`)).status).toBe(200);
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
