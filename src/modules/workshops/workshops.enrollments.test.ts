import { describe, expect, it } from 'vitest';
import { jsonRequest } from '../../../tests/helpers/portal.js';
import type { Enrollment } from './workshops.enrollments.schemas.js';
import { api, createWorkshop, test, userOf, useWorkshopPortal, type Who } from './workshops.fixture.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

let people = 0;
/** A new person's sign-up body. */
function person(overrides: Record<string, unknown> = {}) {
  people += 1;
  return { name: `Teacher ${people}`, email: `teacher${people}@example.org`, role: 'teacher', ...overrides };
}

async function signUp(
  workshop: Workshop,
  body: unknown,
  who: Who = 'anonymous',
  headers: Record<string, string> = {},
) {
  const init = jsonRequest(test, 'POST', body, userOf(who)?.cookie);
  const response = await fetch(`${test.url}/api/v1/workshops/${workshop.id}/enrollments`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...headers },
  });
  return { status: response.status, body: (await response.json()) as Enrollment & Record<string, unknown> };
}

async function mailTo(address: string): Promise<{ subject: string; textBody: string }[]> {
  return test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['subject', 'textBody'])
    .where('toAddress', '=', address)
    .orderBy('createdAt')
    .execute();
}

/** The private link's token from the person's latest mail. */
async function manageToken(address: string): Promise<{ id: string; token: string }> {
  const mails = await mailTo(address);
  const match = /\/enrollments\/([\w-]+)\?token=([\w-]+)/.exec(mails.at(-1)?.textBody ?? '');
  if (!match?.[1] || !match[2]) throw new Error(`no manage link mailed to ${address}`);
  return { id: match[1], token: match[2] };
}

async function cancelByLink(address: string) {
  const { id, token } = await manageToken(address);
  return api('POST', `/api/v1/enrollments/${id}/cancel?token=${token}`, 'anonymous');
}

async function statuses(workshop: Workshop): Promise<string[]> {
  const roster = await api('GET', `/api/v1/workshops/${workshop.id}/enrollments`, 'pmA');
  return (roster.body.enrollments as Enrollment[]).map(
    (e) => `${e.name}:${e.status}${e.waitlistPosition ?? ''}`,
  );
}

describe('signing up', () => {
  it('gives a seat, then the waitlist with its number, and tells each person by email', async () => {
    const workshop = await createWorkshop({ capacity: 2 }, { publish: true });
    const [a, b, c, d] = [person(), person(), person(), person()];
    expect((await signUp(workshop, a)).body).toMatchObject({ status: 'enrolled' });
    expect((await signUp(workshop, b)).body).toMatchObject({ status: 'enrolled' });
    expect((await signUp(workshop, c)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await signUp(workshop, d)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect((await mailTo(c.email))[0]?.textBody).toContain('waitlist, number 1');
    expect((await api('GET', `/api/v1/workshops/${workshop.id}`, 'anonymous')).body).toMatchObject({
      seatsLeft: 0,
    });
  });

  it('keeps one enrollment per person, however the address is typed, and says where they stand', async () => {
    const workshop = await createWorkshop({}, { publish: true });
    const someone = person();
    expect((await signUp(workshop, someone)).status).toBe(201);
    const again = await signUp(workshop, { ...someone, email: `  ${someone.email.toUpperCase()} ` });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_ENROLLED' });
    expect(again.body.detail).toMatch(/already enrolled/);
  });

  it('uses a signed-in person’s account, and shows them where they stand', async () => {
    const workshop = await createWorkshop({}, { publish: true });
    const response = await signUp(
      workshop,
      { role: 'counselor', email: 'ignored@example.org' },
      'participant',
    );
    expect(response.body).toMatchObject({ status: 'enrolled', name: 'Test participant', role: 'counselor' });
    expect(response.body.email).toBe(userOf('participant')?.email);
    const mine = await api('GET', '/api/v1/me/enrollments', 'participant');
    expect((mine.body.enrollments as Enrollment[]).map((e) => e.workshopId)).toContain(workshop.id);
    const page = await fetch(`${test.url}/workshops/${workshop.id}`, {
      headers: { cookie: userOf('participant')?.cookie ?? '' },
    });
    expect(await page.text()).toContain('Give up my seat');
  });

  it('refuses what cannot be signed up for, and a malformed address, writing nothing', async () => {
    const draft = await createWorkshop();
    const cancelled = await createWorkshop({}, { publish: true });
    await api('POST', `/api/v1/workshops/${cancelled.id}/cancel`, 'pmA', { reason: 'No venue.' });
    const closed = await createWorkshop(
      { registrationClosesAt: new Date(Date.now() + 1500).toISOString() },
      { publish: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const open = await createWorkshop({}, { publish: true });
    const cases: [Workshop, unknown, number, RegExp][] = [
      [draft, person(), 404, /no such workshop/i],
      [cancelled, person(), 409, /cancelled/],
      [closed, person(), 409, /closed/],
      [open, person({ email: 'not-an-address' }), 400, /email address/],
      [open, person({ role: 'principal' }), 400, /teacher, counselor or administrator/],
      [open, { role: 'teacher' }, 400, /name/],
    ];
    for (const [workshop, body, status, message] of cases) {
      const response = await signUp(workshop, body);
      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body)).toMatch(message);
    }
    const rows = await test.deps.db.kysely
      .selectFrom('enrollments')
      .select('id')
      .where('workshopId', 'in', [draft.id, cancelled.id, closed.id, open.id])
      .execute();
    expect(rows).toEqual([]);
  });

  it('answers a repeated Idempotency-Key with the same result, and refuses it with another body', async () => {
    const workshop = await createWorkshop({}, { publish: true });
    const body = person();
    const first = await signUp(workshop, body, 'anonymous', { 'idempotency-key': 'key-1' });
    const second = await signUp(workshop, body, 'anonymous', { 'idempotency-key': 'key-1' });
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const other = await signUp(workshop, person(), 'anonymous', { 'idempotency-key': 'key-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('the waitlist', () => {
  it('promotes the first waiting when a seat frees, and a promoted person who cancels frees it for the next', async () => {
    const workshop = await createWorkshop({ capacity: 1 }, { publish: true });
    const [a, b, c] = [person(), person(), person()];
    for (const someone of [a, b, c]) await signUp(workshop, someone);
    expect((await cancelByLink(a.email)).body).toMatchObject({ status: 'cancelled' });
    expect((await mailTo(b.email)).at(-1)?.subject).toMatch(/A seat is yours/);
    expect(await statuses(workshop)).toEqual([
      `${a.name}:cancelled`,
      `${b.name}:enrolled`,
      `${c.name}:waitlisted1`,
    ]);
    await cancelByLink(b.email);
    expect(await statuses(workshop)).toEqual([
      `${a.name}:cancelled`,
      `${b.name}:cancelled`,
      `${c.name}:enrolled`,
    ]);
  });

  it('lets anyone leave the waitlist, and promotes nobody once registration has closed', async () => {
    const workshop = await createWorkshop({ capacity: 1 }, { publish: true });
    const [a, b, c] = [person(), person(), person()];
    for (const someone of [a, b, c]) await signUp(workshop, someone);
    await cancelByLink(b.email);
    expect(await statuses(workshop)).toEqual([
      `${a.name}:enrolled`,
      `${b.name}:cancelled`,
      `${c.name}:waitlisted1`,
    ]);
    const closesSoon = new Date(Date.now() + 1000).toISOString();
    expect(
      (await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', { registrationClosesAt: closesSoon }))
        .status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await cancelByLink(a.email);
    expect(await statuses(workshop)).toEqual([
      `${a.name}:cancelled`,
      `${b.name}:cancelled`,
      `${c.name}:waitlisted1`,
    ]);
  });

  it('refuses a capacity below those enrolled, with the numbers, and gives added seats to those waiting', async () => {
    const workshop = await createWorkshop({ capacity: 2 }, { publish: true });
    const [a, b, c] = [person(), person(), person()];
    for (const someone of [a, b, c]) await signUp(workshop, someone);
    const lower = await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', { capacity: 1 });
    expect(lower.status).toBe(400);
    expect(JSON.stringify(lower.body)).toContain('2 people are enrolled');
    expect((await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', { capacity: 3 })).status).toBe(200);
    expect(await statuses(workshop)).toEqual([
      `${a.name}:enrolled`,
      `${b.name}:enrolled`,
      `${c.name}:enrolled`,
    ]);
  });

  it('tells everyone enrolled or waiting when the workshop is cancelled', async () => {
    const workshop = await createWorkshop({ capacity: 1 }, { publish: true });
    const [a, b] = [person(), person()];
    for (const someone of [a, b]) await signUp(workshop, someone);
    await api('POST', `/api/v1/workshops/${workshop.id}/cancel`, 'pmA', {
      reason: 'The building is closed for repairs.',
    });
    for (const someone of [a, b]) {
      const last = (await mailTo(someone.email)).at(-1);
      expect(last?.subject).toMatch(/^Cancelled:/);
      expect(last?.textBody).toContain('The building is closed for repairs.');
    }
  });
});

describe('who sees enrollments', () => {
  it('shows a roster to the workshop’s organizers only, and an enrollment to its person only', async () => {
    const workshop = await createWorkshop({}, { publish: true });
    const someone = person();
    const { body } = await signUp(workshop, someone);
    const roster: Record<Who, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmB: 403,
      pmA: 200,
      staff: 200,
    };
    for (const [who, status] of Object.entries(roster) as [Who, number][]) {
      expect({
        who,
        status: (await api('GET', `/api/v1/workshops/${workshop.id}/enrollments`, who)).status,
      }).toEqual({ who, status });
      const page = await fetch(`${test.url}/workshops/${workshop.id}/roster`, {
        redirect: 'manual',
        headers: { cookie: userOf(who)?.cookie ?? '' },
      });
      expect({ who, page: page.status }).toEqual({ who, page: who === 'anonymous' ? 303 : status });
    }
    const { token } = await manageToken(someone.email);
    expect((await api('GET', `/api/v1/enrollments/${body.id}`, 'participant')).status).toBe(404);
    expect(
      (await api('GET', `/api/v1/enrollments/${body.id}?token=${token.slice(1)}x`, 'anonymous')).status,
    ).toBe(404);
    expect((await api('GET', `/api/v1/enrollments/${body.id}?token=${token}`, 'anonymous')).status).toBe(200);
    expect((await api('POST', `/api/v1/enrollments/${body.id}/cancel`, 'pmB')).status).toBe(404);
    expect((await api('POST', `/api/v1/enrollments/${body.id}/cancel`, 'participant')).status).toBe(404);
  });
});

describe('capacity under simultaneous requests', () => {
  it('seats exactly as many as there are seats, the rest waiting in a queue without gaps', async () => {
    const workshop = await createWorkshop({ capacity: 5 }, { publish: true });
    const results = await Promise.all(Array.from({ length: 24 }, () => signUp(workshop, person())));
    expect(results.map((r) => r.status).every((status) => status === 201)).toBe(true);
    expect(results.filter((r) => r.body.status === 'enrolled')).toHaveLength(5);
    const positions = results.flatMap((r) => r.body.waitlistPosition ?? []).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 19 }, (_, index) => index + 1));
  });

  it('gives a freed seat to the first waiting, not to a newcomer arriving at the same moment', async () => {
    const workshop = await createWorkshop({ capacity: 1 }, { publish: true });
    const [a, b] = [person(), person()];
    await signUp(workshop, a);
    await signUp(workshop, b);
    const newcomers = Array.from({ length: 6 }, () => person());
    await Promise.all([cancelByLink(a.email), ...newcomers.map((someone) => signUp(workshop, someone))]);
    const seated = (await statuses(workshop)).filter((entry) => entry.endsWith(':enrolled'));
    expect(seated).toEqual([`${b.name}:enrolled`]);
  });
});
