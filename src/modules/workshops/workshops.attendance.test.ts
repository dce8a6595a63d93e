import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, formRequest, signedInUser, type TestUser } from '../../../tests/helpers/portal.js';
import { daytimeZone, sessionFromNow } from '../../../tests/helpers/zones.js';
import { instantInZone, wallTimeInZone } from '../../platform/zoned-time.js';
import { checkInCode, checkInWindow, isCheckInCode } from './workshops.attendance.check-in.js';
import type { Enrollment } from './workshops.enrollments.schemas.js';
import {
  api,
  createWorkshop,
  EVERYONE,
  partnerA,
  staff,
  test,
  userOf,
  useWorkshopPortal,
  type Who,
} from './workshops.fixture.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

const ZONE = 'America/Chicago';
/** The zone of the tests whose sessions start near now (they must end on the day they start). */
const NEAR_NOW_ZONE = daytimeZone();

describe('the check-in window', () => {
  // 9:00 to 12:00 in Chicago on the day daylight saving time starts there: 14:00 to 17:00 UTC.
  const session = {
    startsAt: instantInZone('2027-03-14', '09:00', ZONE),
    endsAt: instantInZone('2027-03-14', '12:00', ZONE),
  };
  const at = (date: string, time: string) => instantInZone(date, time, ZONE);
  const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

  it('opens one hour before the session starts, to the minute, in the workshop’s zone', () => {
    expect(session.startsAt).toBe('2027-03-14T14:00:00.000Z');
    expect(checkInWindow(session, at('2027-03-14', '07:59')).state).toBe('early');
    expect(checkInWindow(session, at('2027-03-14', '08:00')).state).toBe('open');
    expect(checkInWindow(session, at('2027-03-14', '08:01')).state).toBe('open');
    expect(checkInWindow(session, shifted(at('2027-03-14', '08:00'), -1)).state).toBe('early');
    expect(checkInWindow(session, shifted(at('2027-03-14', '14:00'), 1)).state).toBe('late');
  });

  it('closes two hours after the session ends, to the minute', () => {
    expect(checkInWindow(session, at('2027-03-14', '13:59')).state).toBe('open');
    expect(checkInWindow(session, at('2027-03-14', '14:00')).state).toBe('open');
    expect(checkInWindow(session, at('2027-03-14', '14:01')).state).toBe('late');
    expect(checkInWindow(session, at('2027-03-14', '12:00'))).toEqual({
      state: 'open',
      opensAt: '2027-03-14T13:00:00.000Z',
      closesAt: '2027-03-14T19:00:00.000Z',
    });
  });

  it('counts real hours across the night clocks spring forward', () => {
    // 3:00 AM CDT (8:00 UTC) comes one real hour after 1:00 AM CST (7:00 UTC): clocks skip 2:00 to 3:00.
    const early = { startsAt: at('2027-03-14', '03:00'), endsAt: at('2027-03-14', '04:00') };
    expect(checkInWindow(early, at('2027-03-14', '01:01')).state).toBe('open');
    expect(checkInWindow(early, at('2027-03-14', '00:59')).state).toBe('early');
  });
});

describe('a session’s check-in code', () => {
  const deps = { config: { authSecret: 'a-secret-of-the-portal-for-tests-0123456789' } };

  it('is six characters without look-alikes, the same each time, and its own session’s only', () => {
    const code = checkInCode(deps, 'session-1');
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect(checkInCode(deps, 'session-1')).toBe(code);
    expect(checkInCode(deps, 'session-2')).not.toBe(code);
    expect(checkInCode({ config: { authSecret: 'another-secret' } }, 'session-1')).not.toBe(code);
    expect(isCheckInCode(deps, 'session-1', ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `)).toBe(
      true,
    );
    expect(isCheckInCode(deps, 'session-2', code)).toBe(false);
  });
});

function sessionAt(fromNow: number, minutes: number) {
  return sessionFromNow(NEAR_NOW_ZONE, fromNow, minutes);
}

let people = 0;
function person() {
  people += 1;
  return { name: `Teacher ${people}`, email: `attendee${people}@example.org`, role: 'teacher' };
}

async function signUp(workshop: Workshop, who: Who = 'anonymous', body: unknown = person()) {
  const response = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, who, body);
  if (response.status !== 201)
    throw new Error(`sign-up: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as unknown as Enrollment;
}

/** The private token of an enrollment's manage link, from the mail it was sent. */
async function tokenOf(enrollment: Enrollment): Promise<string> {
  const mail = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select('textBody')
    .where('toAddress', '=', enrollment.email)
    .executeTakeFirstOrThrow();
  const match = new RegExp(`/enrollments/${enrollment.id}\\?token=([\\w-]+)`).exec(mail.textBody);
  if (!match?.[1]) throw new Error('no manage link');
  return match[1];
}

function rows(sessionId: string, enrollmentId?: string) {
  let query = test.deps.db.kysely.selectFrom('attendance').selectAll().where('sessionId', '=', sessionId);
  if (enrollmentId) query = query.where('enrollmentId', '=', enrollmentId);
  return query.execute();
}

async function userId(user: TestUser): Promise<string> {
  const row = await test.deps.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', user.email)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Someone approved to facilitate CS Principles and contracted by partner A, assigned to the workshop. */
async function assignLead(workshop: Workshop): Promise<TestUser> {
  const lead = await signedInUser(test, 'participant');
  const applied = await callApi(test, 'POST', '/api/v1/facilitator-applications', lead, {
    courseIds: ['csp'],
    homeZip: '98101',
    bio: 'I taught CS for ten years.',
  });
  const { id, facilitatorId } = applied.body as { id: string; facilitatorId: string };
  const steps = [
    await callApi(test, 'POST', `/api/v1/facilitator-applications/${id}/decisions`, staff, {
      courseId: 'csp',
      decision: 'approved',
    }),
    await callApi(test, 'POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, staff, {
      facilitatorId,
      programYear: '2027-28',
    }),
    await api('POST', `/api/v1/workshops/${workshop.id}/facilitators`, 'pmA', { facilitatorId }),
  ];
  expect(steps.map((step) => step.status)).toEqual([200, 201, 201]);
  return lead;
}

type Role = Who | 'lead';

describe('the API document', () => {
  it('describes the attendance routes', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/v1/sessions/{id}/attendance'] ?? {})).toContain('put');
    expect(Object.keys(document.paths['/api/v1/sessions/{id}/check-in'] ?? {})).toContain('post');
    expect(Object.keys(document.paths['/api/v1/enrollments/{id}/not-completed'] ?? {})).toContain('post');
    expect(Object.keys(document.paths['/api/v1/workshops/{id}/attendance'] ?? {})).toContain('get');
    expect(JSON.stringify(document.paths['/api/v1/workshops/{id}'])).toContain('checkInCode');
  });
});

describe('who keeps attendance', () => {
  let workshop: Workshop;
  let lead: TestUser;
  let someone: Enrollment;
  let mine: Enrollment;

  beforeAll(async () => {
    workshop = await createWorkshop({ timeZone: ZONE }, { publish: true });
    lead = await assignLead(workshop);
    someone = await signUp(workshop);
    mine = await signUp(workshop, 'participant', { role: 'teacher' });
  });

  const as = (role: Role, method: string, path: string, body?: unknown) =>
    role === 'lead' ? callApi(test, method, path, lead, body) : api(method, path, role, body);
  const everyone: Role[] = [...EVERYONE, 'lead'];

  it('lets the organizers and the assigned facilitator mark and read it, and nobody else', async () => {
    const session = workshop.sessions[0]?.id ?? '';
    const allowed: Record<Role, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmB: 403,
      pmA: 200,
      staff: 200,
      lead: 200,
    };
    for (const role of everyone) {
      const mark = await as(role, 'PUT', `/api/v1/sessions/${session}/attendance`, {
        enrollmentId: someone.id,
        present: true,
      });
      const read = await as(role, 'GET', `/api/v1/workshops/${workshop.id}/attendance`);
      const page = await fetch(`${test.url}/workshops/${workshop.id}/attendance`, {
        redirect: 'manual',
        headers: { cookie: (role === 'lead' ? lead : userOf(role))?.cookie ?? '' },
      });
      expect({ role, mark: mark.status, read: read.status, page: page.status }).toEqual({
        role,
        mark: allowed[role],
        read: allowed[role],
        page: role === 'anonymous' ? 303 : allowed[role],
      });
    }
    // The facilitator finds the page from their home page.
    const home = await fetch(`${test.url}/facilitator`, { headers: { cookie: lead.cookie } });
    expect(await home.text()).toContain(`href="/workshops/${workshop.id}/attendance"`);
    // The participant, enrolled themselves, neither saw nor marked anyone's attendance.
    const marks = await rows(session);
    expect(marks.map((row) => row.enrollmentId)).toEqual([someone.id]);
    expect(marks[0]?.markedBy).toBe(await userId(lead));
  });

  it('shows the check-in codes in the workshop to its organizers and staff only', async () => {
    for (const role of everyone) {
      const response = await as(role, 'GET', `/api/v1/workshops/${workshop.id}`);
      const sessions = (response.body as unknown as Workshop).sessions;
      const codes = sessions.map((session) => session.checkInCode);
      const organizer = role === 'pmA' || role === 'staff';
      expect({ role, codes }).toEqual({
        role,
        codes: organizer
          ? sessions.map((session) => checkInCode(test.deps, session.id))
          : [undefined, undefined],
      });
    }
  });

  it('lets only the organizers mark an enrollment as not completed', async () => {
    const expected: Record<Role, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 404,
      pmB: 404,
      lead: 404,
      pmA: 200,
      staff: 200,
    };
    for (const role of everyone) {
      const response = await as(role, 'POST', `/api/v1/enrollments/${mine.id}/not-completed`);
      expect({ role, status: response.status }).toEqual({ role, status: expected[role] });
    }
  });
});

describe('marking the roster', () => {
  it('records who marked whom, one row per session and person, and the form marks everyone listed', async () => {
    const workshop = await createWorkshop({ timeZone: ZONE, capacity: 2 }, { publish: true });
    const [a, b, waiting] = [await signUp(workshop), await signUp(workshop), await signUp(workshop)];
    const session = workshop.sessions[1]?.id ?? '';
    const put = (enrollmentId: string, present: boolean, who: Who = 'pmA') =>
      api('PUT', `/api/v1/sessions/${session}/attendance`, who, { enrollmentId, present });

    const marked = await put(a.id, true);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({
      sessionId: session,
      enrollmentId: a.id,
      present: true,
      method: 'roster',
    });
    expect((await put(a.id, false, 'staff')).body).toMatchObject({ present: false });
    expect(await rows(session, a.id)).toEqual([
      expect.objectContaining({ present: 0, method: 'roster', markedBy: await userId(staff) }),
    ]);

    // The form: both listed, only b ticked.
    const pmA = userOf('pmA');
    const init = formRequest(test, {}, pmA?.cookie);
    const body = new URLSearchParams(init.body as string);
    for (const id of [a.id, b.id]) body.append('enrollmentIds', id);
    body.append('present', b.id);
    const saved = await fetch(`${test.url}/sessions/${session}/attendance`, {
      ...init,
      body: body.toString(),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(
      `/workshops/${workshop.id}/attendance?notice=attendance-saved#session-${session}`,
    );
    const marks = await rows(session);
    expect(Object.fromEntries(marks.map((row) => [row.enrollmentId, row.present]))).toEqual({
      [a.id]: 0,
      [b.id]: 1,
    });

    const page = await fetch(`${test.url}/workshops/${workshop.id}/attendance`, {
      headers: { cookie: pmA?.cookie ?? '' },
    });
    const html = await page.text();
    expect(html).toContain(checkInCode(test.deps, session).slice(0, 3));
    expect(html).toContain('<svg');
    expect(html).toMatch(new RegExp(`value="${b.id}"\\s+checked`));

    // A waiting person, a cancelled one and another workshop's are refused, and nothing is written.
    const other = await createWorkshop({}, { publish: true });
    const stranger = await signUp(other);
    const cancelled = await signUp(workshop);
    await api('POST', `/api/v1/enrollments/${cancelled.id}/cancel`, 'pmA');
    const refusals = [
      await put(waiting.id, true),
      await put(cancelled.id, true),
      await put(stranger.id, true),
    ];
    expect(refusals.map((r) => [r.status, r.body.detail])).toEqual([
      [409, expect.stringContaining('on the waitlist, not enrolled')],
      [409, expect.stringContaining('cancelled, not enrolled')],
      [404, 'There is no such enrollment in this workshop.'],
    ]);
    expect((await put('', true)).status).toBe(400);
    const malformed = await api('PUT', `/api/v1/sessions/${session}/attendance`, 'pmA', {
      enrollmentId: a.id,
      present: 'yes',
    });
    expect([malformed.status, JSON.stringify(malformed.body)]).toEqual([
      400,
      expect.stringContaining('true or false'),
    ]);
    expect((await rows(session)).map((row) => row.enrollmentId).sort()).toEqual([a.id, b.id].sort());

    // A form listing a waiting person is shown again with the reason, and marks nobody.
    const again = new URLSearchParams(init.body as string);
    for (const id of [a.id, waiting.id]) again.append('enrollmentIds', id);
    again.append('present', a.id);
    const refused = await fetch(`${test.url}/sessions/${session}/attendance`, {
      ...init,
      body: again.toString(),
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('on the waitlist, not enrolled');
    expect((await rows(session, a.id))[0]?.present).toBe(0);
    // Ticking someone the form did not list is refused too.
    const unlisted = new URLSearchParams(init.body as string);
    unlisted.append('enrollmentIds', a.id);
    unlisted.append('present', b.id);
    const odd = await fetch(`${test.url}/sessions/${session}/attendance`, {
      ...init,
      body: unlisted.toString(),
    });
    expect(odd.status).toBe(400);
    expect(await odd.text()).toContain('Tick only people listed on this roster.');
    expect((await rows(session, a.id))[0]?.present).toBe(0);
  });
});

describe('self check-in', () => {
  let workshop: Workshop;
  let soon: string;
  let later: string;
  let mine: Enrollment;
  let theirs: Enrollment;
  let waiting: Enrollment;

  const checkIn = (session: string, body: unknown, who: Who = 'participant') =>
    api('POST', `/api/v1/sessions/${session}/check-in`, who, body);

  beforeAll(async () => {
    // One session starting in 30 minutes, one in two hours: the first takes check-ins now, the second not yet.
    workshop = await createWorkshop(
      { timeZone: NEAR_NOW_ZONE, capacity: 2, sessions: [sessionAt(30, 30), sessionAt(120, 30)] },
      { publish: true },
    );
    [soon, later] = workshop.sessions.map((session) => session.id) as [string, string];
    mine = await signUp(workshop, 'participant', { role: 'teacher' });
    theirs = await signUp(workshop);
    waiting = await signUp(workshop);
  });

  it('checks in a session starting in 30 minutes, once however often it is done', async () => {
    const code = checkInCode(test.deps, soon);
    const first = await checkIn(soon, { code });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      enrollmentId: mine.id,
      present: true,
      method: 'check_in',
      alreadyCheckedIn: false,
    });
    const second = await checkIn(soon, { code: code.toLowerCase() });
    expect(second.body).toMatchObject({ alreadyCheckedIn: true, markedAt: first.body.markedAt });
    expect(await rows(soon, mine.id)).toHaveLength(1);
    // With the private link's token, not signed in.
    const token = await tokenOf(theirs);
    const anonymous = await checkIn(soon, { code, token }, 'anonymous');
    expect(anonymous.body).toMatchObject({ enrollmentId: theirs.id, markedBy: null });
  });

  it('refuses a session starting in two hours, saying when check-in opens in the workshop’s zone', async () => {
    const response = await checkIn(later, { code: checkInCode(test.deps, later) });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('CHECK_IN_CLOSED');
    const opens = wallTimeInZone(
      new Date(Date.parse(workshop.sessions[1]?.startsAt ?? '') - 3_600_000).toISOString(),
      NEAR_NOW_ZONE,
    );
    const [hour, minute] = opens.time.split(':').map(Number) as [number, number];
    const zoneName = new Intl.DateTimeFormat('en-US', { timeZone: NEAR_NOW_ZONE, timeZoneName: 'short' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    const clock = `${((hour + 11) % 12) + 1}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'AM' : 'PM'} ${zoneName}`;
    expect(response.body.detail).toContain(`opens at`);
    expect(response.body.detail).toContain(clock);
    expect(await rows(later)).toEqual([]);
  });

  it('refuses a session that ended yesterday, saying when check-in closed', async () => {
    const past = await createWorkshop(
      { timeZone: NEAR_NOW_ZONE, sessions: [sessionAt(30, 30)] },
      { publish: true },
    );
    const enrollment = await signUp(past, 'anonymous');
    const yesterday = wallTimeInZone(new Date(Date.now() - 86_400_000).toISOString(), NEAR_NOW_ZONE).date;
    // Moved after the sign-up (registration closes when the first session starts); the session keeps its id.
    const moved = await api('PATCH', `/api/v1/workshops/${past.id}`, 'pmA', {
      sessions: [{ date: yesterday, start: '09:00', end: '10:00' }, sessionAt(30, 30)],
    });
    expect(moved.status).toBe(200);
    const session = past.sessions[0]?.id ?? '';
    const response = await checkIn(
      session,
      { code: checkInCode(test.deps, session), token: await tokenOf(enrollment) },
      'anonymous',
    );
    expect([response.status, response.body.detail]).toEqual([
      409,
      expect.stringMatching(
        /^Check-in for this session closed at .* 12:00 PM CST, two hours after it ended\.$/,
      ),
    ]);
    expect(await rows(session)).toEqual([]);
  });

  it('refuses a wrong code, another session’s code, someone not enrolled or waiting, and writes nothing', async () => {
    const before = await rows(soon);
    const wrong = await checkIn(soon, {
      code: checkInCode(test.deps, soon) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA',
    });
    expect([wrong.status, wrong.body.code, wrong.body.detail]).toEqual([
      400,
      'CHECK_IN_CODE_WRONG',
      'This is not the code of this session: check the code shown in the room.',
    ]);
    const swapped = await checkIn(soon, { code: checkInCode(test.deps, later) });
    expect(swapped.status).toBe(400);
    expect(swapped.body.detail).toMatch(
      /^This is the code of session 2, on .* CST; this page checks you in to session 1/,
    );
    const short = await checkIn(soon, { code: 'ABC' });
    expect([short.status, JSON.stringify(short.body)]).toEqual([
      400,
      expect.stringContaining('6-character code'),
    ]);

    const code = checkInCode(test.deps, soon);
    const stranger = await checkIn(soon, { code }, 'facilitator');
    expect([stranger.status, stranger.body.detail]).toEqual([403, 'You are not enrolled in this workshop.']);
    const queued = await checkIn(soon, { code, token: await tokenOf(waiting) }, 'anonymous');
    expect([queued.status, queued.body.detail]).toEqual([409, expect.stringContaining('waitlist')]);
    expect((await checkIn(soon, { code }, 'anonymous')).status).toBe(401);
    const elsewhere = await createWorkshop({}, { publish: true });
    const foreign = await checkIn(soon, { code, token: await tokenOf(await signUp(elsewhere)) }, 'anonymous');
    expect(foreign.status).toBe(404);
    expect((await checkIn('no-such-session', { code })).status).toBe(404);
    expect(await rows(soon)).toEqual(before);
  });

  it('has a page the QR code opens, with the code filled in, that checks in without JavaScript', async () => {
    expect((await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', { capacity: 5 })).status).toBe(200);
    const fresh = await signUp(workshop, 'anonymous');
    const code = checkInCode(test.deps, soon);
    const anonymous = await (await fetch(`${test.url}/sessions/${soon}/check-in?code=${code}`)).text();
    expect(anonymous).toContain('Check-in is open until');
    expect(anonymous).toContain('Sign in');
    // The manage page links each session's check-in, with the private token.
    const token = await tokenOf(fresh);
    const manage = await (await fetch(`${test.url}/enrollments/${fresh.id}?token=${token}`)).text();
    expect(manage).toContain(`/sessions/${soon}/check-in?token=${token}`);
    const pageHtml = await (
      await fetch(`${test.url}/sessions/${soon}/check-in?token=${token}&code=${code}`)
    ).text();
    expect(pageHtml).toContain(`value="${code}"`);
    const posted = await fetch(`${test.url}/sessions/${soon}/check-in`, formRequest(test, { code, token }));
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(
      `/sessions/${soon}/check-in?token=${token}&notice=checked-in`,
    );
    expect(await rows(soon, fresh.id)).toHaveLength(1);
    const wrong = await fetch(
      `${test.url}/sessions/${soon}/check-in`,
      formRequest(test, { code: 'ZZZZZZ', token }),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('not the code of this session');
  });
});

describe('check-in and cancellation at the same moment', () => {
  it('leaves each enrollment either cancelled without attendance, or attended and not cancelled', async () => {
    const workshop = await createWorkshop(
      { timeZone: NEAR_NOW_ZONE, capacity: 20, sessions: [sessionAt(30, 30)] },
      { publish: true },
    );
    const session = workshop.sessions[0]?.id ?? '';
    const code = checkInCode(test.deps, session);
    const signedUp = await Promise.all(Array.from({ length: 8 }, () => signUp(workshop)));
    const tokens = await Promise.all(signedUp.map(tokenOf));
    await Promise.all(
      signedUp.flatMap((enrollment, index) => [
        api('POST', `/api/v1/enrollments/${enrollment.id}/cancel?token=${tokens[index]}`, 'anonymous'),
        api('POST', `/api/v1/sessions/${session}/check-in`, 'anonymous', { code, token: tokens[index] }),
      ]),
    );
    const states = await test.deps.db.kysely
      .selectFrom('enrollments')
      .leftJoin('attendance', 'attendance.enrollmentId', 'enrollments.id')
      .select(['enrollments.status', 'attendance.present'])
      .where('enrollments.workshopId', '=', workshop.id)
      .execute();
    expect(states).toHaveLength(8);
    const outcomes = new Set(states.map((state) => `${state.status}:${state.present ?? 'no attendance'}`));
    expect(
      [...outcomes].filter((outcome) => !['cancelled:no attendance', 'enrolled:1'].includes(outcome)),
    ).toEqual([]);
  });
});

describe('completing a workshop', () => {
  it('refuses to cancel an enrollment with attendance, and lets its organizer mark it not completed', async () => {
    const workshop = await createWorkshop({ timeZone: ZONE }, { publish: true });
    const [attended, waitingCapacity] = [await signUp(workshop), await signUp(workshop)];
    const token = await tokenOf(attended);
    await api('PUT', `/api/v1/sessions/${workshop.sessions[0]?.id}/attendance`, 'pmA', {
      enrollmentId: attended.id,
      present: true,
    });
    const cancel = await api('POST', `/api/v1/enrollments/${attended.id}/cancel?token=${token}`, 'anonymous');
    expect([cancel.status, cancel.body.code]).toEqual([409, 'ENROLLMENT_ATTENDED']);

    const marked = await api('POST', `/api/v1/enrollments/${attended.id}/not-completed`, 'pmA');
    expect(marked.status).toBe(200);
    expect(marked.body.status).toBe('enrolled');
    expect(marked.body.notCompletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const again = await api('POST', `/api/v1/enrollments/${attended.id}/not-completed`, 'staff');
    expect(again.body.notCompletedAt).toBe(marked.body.notCompletedAt);

    const roster = await fetch(`${test.url}/workshops/${workshop.id}/roster`, {
      headers: { cookie: userOf('pmA')?.cookie ?? '' },
    });
    expect(await roster.text()).toContain('badge badge-warning">Not completed');

    // The page's button asks first, then marks.
    const pmA = userOf('pmA')?.cookie;
    const ask = await fetch(
      `${test.url}/enrollments/${waitingCapacity.id}/not-completed`,
      formRequest(test, {}, pmA),
    );
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Mark as not completed?');
    const done = await fetch(
      `${test.url}/enrollments/${waitingCapacity.id}/not-completed`,
      formRequest(test, { confirmed: 'yes' }, pmA),
    );
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/workshops/${workshop.id}/attendance?notice=not-completed`);

    // Only an enrolled person's enrollment is marked.
    const full = await createWorkshop({ capacity: 1 }, { publish: true });
    await signUp(full);
    const queued = await signUp(full);
    const refused = await api('POST', `/api/v1/enrollments/${queued.id}/not-completed`, 'pmA');
    expect([refused.status, refused.body.code]).toEqual([409, 'NOT_ENROLLED']);
    const row = await test.deps.db.kysely
      .selectFrom('enrollments')
      .select('notCompletedAt')
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(row.notCompletedAt).toBeNull();
  });
});
