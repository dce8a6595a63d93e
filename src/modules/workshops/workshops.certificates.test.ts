import { PDFParse } from 'pdf-parse';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordAttendance } from './workshops.attendance.repository.js';
import { hoursInWords, type Certificate } from './workshops.certificates.schemas.js';
import { datesInWords } from './workshops.certificates.service.js';
import { manageUrl } from './workshops.enrollments.links.js';
import {
  api,
  createWorkshop,
  EVERYONE,
  partnerA,
  test,
  userOf,
  useWorkshopPortal,
  type Who,
} from './workshops.fixture.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

/** Three sessions: 7 hours, 6 hours, and an evening of 4.5 hours (the next day in UTC). */
const PAST_SESSIONS = [
  { date: '2026-07-13', start: '09:00', end: '16:00' },
  { date: '2026-07-14', start: '09:00', end: '15:00' },
  { date: '2026-07-16', start: '17:00', end: '21:30' },
];
const FUTURE_SESSIONS = [
  { date: '2027-07-13', start: '09:00', end: '16:00' },
  { date: '2027-07-14', start: '09:00', end: '15:00' },
  { date: '2027-07-16', start: '17:00', end: '21:30' },
];

async function get(path: string, who: Who = 'anonymous'): Promise<Response> {
  const cookie = userOf(who)?.cookie;
  return fetch(`${test.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

async function pdfText(response: Response): Promise<{ text: string; pages: number }> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

async function enroll(workshop: Workshop, body: Record<string, unknown>, who: Who = 'anonymous') {
  const response = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, who, {
    role: 'teacher',
    ...body,
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

async function mark(workshop: Workshop, enrollmentId: string, present: (boolean | undefined)[]) {
  for (const [index, value] of present.entries()) {
    const session = workshop.sessions[index];
    if (value === undefined || !session) continue;
    await recordAttendance(test.deps.db.kysely, {
      sessionId: session.id,
      enrollmentId,
      present: value,
      method: 'roster',
      markedBy: null,
    });
  }
}

/** The private link's token of an enrollment, as its confirmation email carries it. */
function tokenOf(enrollmentId: string): string {
  return new URL(manageUrl(test.deps, enrollmentId)).searchParams.get('token') ?? '';
}

/** Moves a workshop's sessions (keeping their ids, so attendance stays) through the API, as its organizer. */
async function moveSessions(workshop: Workshop, sessions: typeof PAST_SESSIONS): Promise<void> {
  const moved = await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', { sessions });
  expect(moved.status).toBe(200);
}

let ended: Workshop;
/** Attended sessions 1 and 3 (absent from 2): 7 + 4.5 hours. */
let zoe: string;
/** The signed-in participant: attended session 2 only. */
let mine: string;
/** Signed up, never marked. */
let absentee: string;
/** Marked absent everywhere. */
let noShow: string;
const ZOE = 'Zoë Ñúñez-Łukasz';

beforeAll(async () => {
  ended = await createWorkshop(
    { title: 'CS Principles: Summer “Intensive”', sessions: FUTURE_SESSIONS },
    { publish: true },
  );
  zoe = await enroll(ended, { name: ZOE, email: 'zoe@example.org' });
  mine = await enroll(ended, {}, 'participant');
  absentee = await enroll(ended, { name: '=HYPERLINK("http://evil.example","x")', email: 'eve@example.org' });
  noShow = await enroll(ended, { name: 'Nora Noshow', email: 'nora@example.org' });
  await mark(ended, zoe, [true, false, true]);
  await mark(ended, mine, [undefined, true]);
  await mark(ended, noShow, [false, false, false]);
  await moveSessions(ended, PAST_SESSIONS);
});

describe('a certificate', () => {
  it('states the hours of the sessions attended, never the scheduled total, with the dates in the workshop’s zone', async () => {
    const { text, pages } = await pdfText(
      await get(`/enrollments/${zoe}/certificate.pdf?token=${tokenOf(zoe)}`),
    );
    expect(pages).toBe(1);
    expect(text).toContain(ZOE);
    expect(text).toContain('CS Principles: Summer “Intensive”');
    expect(text).toContain(partnerA.name);
    expect(text).toContain('July 13 and 16, 2026');
    expect(text).toContain('11.5 hours attended');
    expect(text).not.toContain('17.5');
    const [certificate] = await test.deps.db.kysely
      .selectFrom('certificates')
      .selectAll()
      .where('enrollmentId', '=', zoe)
      .execute();
    expect(certificate?.minutesAttended).toBe(690);
    expect(text).toContain(certificate?.id ?? 'missing');
    expect(text).toContain(`${test.url}/certificates/${certificate?.id ?? ''}`);

    const mineText = (await pdfText(await get(`/enrollments/${mine}/certificate.pdf`, 'participant'))).text;
    expect(mineText).toContain('6 hours attended');
    expect(mineText).toContain('July 14, 2026');
  });

  it('is the same document each time it is downloaded', async () => {
    const path = `/enrollments/${zoe}/certificate.pdf?token=${tokenOf(zoe)}`;
    const first = Buffer.from(await (await get(path)).arrayBuffer());
    const second = Buffer.from(await (await get(path)).arrayBuffer());
    expect(first.equals(second)).toBe(true);
  });

  it('is linked from the page the private link opens, for someone without an account', async () => {
    const page = await (await get(`/enrollments/${zoe}?token=${tokenOf(zoe)}`)).text();
    expect(page).toContain(`href="/enrollments/${zoe}/certificate.pdf?token=${tokenOf(zoe)}"`);
    const none = await (await get(`/enrollments/${noShow}?token=${tokenOf(noShow)}`)).text();
    expect(none).not.toContain('certificate.pdf');
  });

  it('is not issued before the workshop ends, nor to someone who attended no session', async () => {
    const upcoming = await createWorkshop({ sessions: FUTURE_SESSIONS }, { publish: true });
    const early = await enroll(upcoming, { name: 'Early Bird', email: 'early@example.org' });
    await mark(upcoming, early, [true, true, true]);
    for (const [id, message] of [
      [early, /once the workshop has ended/],
      [absentee, /No session of this workshop is recorded as attended/],
      [noShow, /No session of this workshop is recorded as attended/],
    ] as const) {
      const response = await get(`/enrollments/${id}/certificate.pdf`, 'pmA');
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(message);
    }
    const issued = await test.deps.db.kysely
      .selectFrom('certificates')
      .select('id')
      .where('enrollmentId', 'in', [early, absentee, noShow])
      .execute();
    expect(issued).toEqual([]);
  });

  it('is issued once, however many ask for it at the same moment', async () => {
    const workshop = await createWorkshop({ sessions: FUTURE_SESSIONS }, { publish: true });
    const someone = await enroll(workshop, { name: 'Sam Simultaneous', email: 'sam@example.org' });
    await mark(workshop, someone, [true, true, true]);
    await moveSessions(workshop, PAST_SESSIONS);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => get(`/enrollments/${someone}/certificate.pdf`, 'pmA')),
    );
    const texts = await Promise.all(responses.map(async (response) => (await pdfText(response)).text));
    const rows = await test.deps.db.kysely
      .selectFrom('certificates')
      .selectAll()
      .where('enrollmentId', '=', someone)
      .execute();
    expect(rows).toHaveLength(1);
    for (const text of texts) expect(text).toContain(rows[0]?.id ?? 'missing');
    expect(rows[0]?.minutesAttended).toBe(1050);
  });

  it('goes to its person, the workshop’s organizers and staff, and to nobody else', async () => {
    const expected: Record<Who, number> = {
      anonymous: 404,
      participant: 404,
      facilitator: 404,
      pmB: 404,
      pmA: 200,
      staff: 200,
    };
    for (const who of EVERYONE) {
      const response = await get(`/enrollments/${zoe}/certificate.pdf`, who);
      expect(`${who}:${response.status}`).toBe(`${who}:${expected[who]}`);
      await response.arrayBuffer();
    }
    expect((await get(`/enrollments/${zoe}/certificate.pdf?token=${tokenOf(mine)}`)).status).toBe(404);
    expect((await get(`/enrollments/${zoe}/certificate.pdf?token=${tokenOf(zoe)}`)).status).toBe(200);
    expect((await get(`/enrollments/${mine}/certificate.pdf`, 'participant')).status).toBe(200);
    expect((await get(`/enrollments/no-such-enrollment/certificate.pdf`, 'staff')).status).toBe(404);
  });
});

describe('verifying a certificate', () => {
  it('shows the facts and nothing else about the person, on a page and in the API', async () => {
    await get(`/enrollments/${zoe}/certificate.pdf`, 'pmA');
    const row = await test.deps.db.kysely
      .selectFrom('certificates')
      .selectAll()
      .where('enrollmentId', '=', zoe)
      .executeTakeFirstOrThrow();
    const page = await get(`/certificates/${row.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    const html = await page.text();
    for (const fact of [ZOE, partnerA.name, 'July 13 and 16, 2026', '11.5 hours', row.id]) {
      expect(html).toContain(fact);
    }
    expect(html).not.toContain('zoe@example.org');
    expect(html).not.toContain(zoe);

    const json = await api('GET', `/api/v1/certificates/${row.id}`, 'anonymous');
    expect(json.status).toBe(200);
    expect(json.body).toEqual({
      id: row.id,
      participantName: ZOE,
      workshopTitle: 'CS Principles: Summer “Intensive”',
      partnerName: partnerA.name,
      dates: 'July 13 and 16, 2026',
      minutesAttended: 690,
      hoursAttended: '11.5 hours',
      issuedAt: row.issuedAt,
      verificationUrl: `${test.url}/certificates/${row.id}`,
    } satisfies Certificate);
  });

  it('says there is no such certificate for an unknown identifier', async () => {
    const page = await get('/certificates/00000000-0000-0000-0000-000000000000');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('There is no certificate with this identifier');
    const json = await api('GET', '/api/v1/certificates/not-a-certificate', 'anonymous');
    expect(json.status).toBe(404);
    expect(json.body.code).toBe('CERTIFICATE_NOT_FOUND');
  });
});

describe('all of a workshop’s certificates', () => {
  it('come in one PDF, a page per person who attended, for its organizers and staff only', async () => {
    const { text, pages } = await pdfText(await get(`/workshops/${ended.id}/certificates.pdf`, 'pmA'));
    expect(pages).toBe(2);
    expect(text).toContain(ZOE);
    expect(text).toContain('Test participant');
    expect(text).not.toContain('Nora Noshow');
    expect(text).not.toContain('HYPERLINK');
    const expected: Record<Who, number> = {
      anonymous: 303,
      participant: 403,
      facilitator: 403,
      pmB: 403,
      pmA: 200,
      staff: 200,
    };
    for (const who of EVERYONE) {
      const response = await get(`/workshops/${ended.id}/certificates.pdf`, who);
      expect(`${who}:${response.status}`).toBe(`${who}:${expected[who]}`);
      await response.arrayBuffer();
    }
  });

  it('are refused with the reason before the workshop ends', async () => {
    const upcoming = await createWorkshop({ sessions: FUTURE_SESSIONS }, { publish: true });
    const response = await get(`/workshops/${upcoming.id}/certificates.pdf`, 'pmA');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('once the workshop has ended');
    const roster = await (await get(`/workshops/${upcoming.id}/roster`, 'pmA')).text();
    expect(roster).not.toContain('Download all certificates');
  });

  it('are linked from the roster once it has ended, and each from its person’s “My workshops”', async () => {
    const roster = await (await get(`/workshops/${ended.id}/roster`, 'pmA')).text();
    expect(roster).toContain(`href="/workshops/${ended.id}/certificates.pdf"`);
    expect(roster).toContain(`href="/workshops/${ended.id}/roster.csv"`);
    expect(roster).toContain(`href="/workshops/${ended.id}/attendance.csv"`);
    const home = await (await get('/my/workshops', 'participant')).text();
    expect(home).toContain(`href="/enrollments/${mine}/certificate.pdf"`);
  });
});

describe('hours in words', () => {
  it('prints minutes as hours, to the hundredth', () => {
    expect(hoursInWords(690)).toBe('11.5 hours');
    expect(hoursInWords(60)).toBe('1 hour');
    expect(hoursInWords(45)).toBe('0.75 hours');
    expect(hoursInWords(100)).toBe('1.67 hours');
    expect(hoursInWords(1050)).toBe('17.5 hours');
  });
});

describe('dates in words', () => {
  it('groups days by month and year, in the workshop’s zone', () => {
    const at = (iso: string) => ({ startsAt: iso });
    const zone = 'America/Chicago';
    expect(datesInWords([at('2027-07-13T14:00:00Z')], zone)).toBe('July 13, 2027');
    expect(
      datesInWords(
        [at('2027-07-13T14:00:00Z'), at('2027-07-14T14:00:00Z'), at('2027-07-16T14:00:00Z')],
        zone,
      ),
    ).toBe('July 13, 14 and 16, 2027');
    expect(datesInWords([at('2027-07-30T14:00:00Z'), at('2027-08-02T14:00:00Z')], zone)).toBe(
      'July 30 and August 2, 2027',
    );
    expect(datesInWords([at('2027-12-30T15:00:00Z'), at('2028-01-03T15:00:00Z')], zone)).toBe(
      'December 30, 2027 and January 3, 2028',
    );
    // 02:00 UTC on the 17th is the evening of the 16th in Chicago.
    expect(datesInWords([at('2027-07-17T02:00:00Z')], zone)).toBe('July 16, 2027');
  });
});

describe('the API document', () => {
  it('describes the verification, the certificates and the exports', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/certificates/{id}',
        '/enrollments/{id}/certificate.pdf',
        '/workshops/{id}/certificates.pdf',
        '/workshops/{id}/roster.csv',
        '/workshops/{id}/attendance.csv',
      ]),
    );
  });
});
