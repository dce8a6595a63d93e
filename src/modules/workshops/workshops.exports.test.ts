import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../platform/csv.js';
import { recordAttendance } from './workshops.attendance.repository.js';
import {
  api,
  createWorkshop,
  EVERYONE,
  test,
  userOf,
  useWorkshopPortal,
  type Who,
} from './workshops.fixture.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

const ZOE = 'Zoë Ñúñez 王';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

async function get(path: string, who: Who = 'anonymous'): Promise<Response> {
  const cookie = userOf(who)?.cookie;
  return fetch(`${test.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

async function enroll(workshop: Workshop, name: string, email: string, school?: string): Promise<string> {
  const response = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, 'anonymous', {
    name,
    email,
    role: 'teacher',
    ...(school ? { school } : {}),
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

/** The file's bytes, checked for what Excel needs (BOM, CRLF), and its rows under the header's names. */
async function csvOf(response: Response): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  // Every line ends CRLF: no lone LF or CR anywhere (no value here spans lines).
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const header = headerOf(text);
  const columns = header.map((name) => name.toLowerCase());
  const rows = parseCsv(text, { columns }).map(({ values }) =>
    Object.fromEntries(header.map((name, index) => [name, values[columns[index] ?? ''] ?? ''])),
  );
  return { header, rows };
}

/** The header row's names (none of them has a comma or a quote). */
function headerOf(text: string): string[] {
  return (text.replace(/^\uFEFF/, '').split('\r\n')[0] ?? '').split(',');
}

let workshop: Workshop;
let ids: Record<'zoe' | 'formula' | 'cancelled' | 'waiting' | 'plain', string>;

beforeAll(async () => {
  workshop = await createWorkshop(
    {
      capacity: 3,
      sessions: [
        { date: '2027-07-13', start: '09:00', end: '16:00' },
        { date: '2027-07-14', start: '09:00', end: '15:00' },
        { date: '2027-07-16', start: '17:00', end: '21:30' },
      ],
    },
    { publish: true },
  );
  ids = {
    zoe: await enroll(workshop, ZOE, 'zoe@example.org', 'École Jean-Jaurès'),
    formula: await enroll(workshop, FORMULA, 'eve@example.org', '+1 Academy'),
    cancelled: await enroll(workshop, 'Carl Cancelled', 'carl@example.org'),
    plain: await enroll(workshop, 'Pat Plain', 'pat@example.org'),
    waiting: await enroll(workshop, 'Wanda Waiting', 'wanda@example.org'),
  };
  expect((await api('POST', `/api/v1/enrollments/${ids.cancelled}/cancel`, 'pmA')).status).toBe(200);
  const sessions = workshop.sessions.map((session) => session.id);
  const marks: [string, number, boolean][] = [
    [ids.zoe, 0, true],
    [ids.zoe, 1, false],
    [ids.zoe, 2, true],
    [ids.formula, 1, true],
  ];
  for (const [enrollmentId, index, present] of marks) {
    await recordAttendance(test.deps.db.kysely, {
      sessionId: sessions[index] ?? '',
      enrollmentId,
      present,
      method: 'roster',
      markedBy: null,
    });
  }
});

describe('the roster as CSV', () => {
  it('lists everyone in queue order with their standing, in a file Excel opens as it is', async () => {
    const response = await get(`/workshops/${workshop.id}/roster.csv`, 'pmA');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="roster-cs-principles-summer-workshop.csv"',
    );
    const { header, rows } = await csvOf(response);
    expect(header).toEqual([
      'Queue number',
      'Name',
      'Email',
      'Role',
      'School',
      'Status',
      'Waitlist position',
      'Enrolled at (America/Los_Angeles)',
    ]);
    expect(rows.map((row) => [row['Queue number'], row.Name, row.Status, row['Waitlist position']])).toEqual([
      ['1', ZOE, 'Enrolled', ''],
      ['2', `'${FORMULA}`, 'Enrolled', ''],
      ['3', 'Carl Cancelled', 'Cancelled', ''],
      ['4', 'Pat Plain', 'Enrolled', ''],
      ['5', 'Wanda Waiting', 'On the waitlist', '1'],
    ]);
    expect(rows[0]).toMatchObject({ Email: 'zoe@example.org', Role: 'Teacher', School: 'École Jean-Jaurès' });
    // A cell that starts like a formula is text: the apostrophe leads it.
    expect(rows[1]?.School).toBe(`'+1 Academy`);
    expect(rows[0]?.['Enrolled at (America/Los_Angeles)']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});

describe('attendance as CSV', () => {
  it('has a row per person with a seat, a column per session, and the minutes attended', async () => {
    const response = await get(`/workshops/${workshop.id}/attendance.csv`, 'staff');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="attendance-cs-principles-summer-workshop.csv"',
    );
    const { header, rows } = await csvOf(response);
    const first = '2027-07-13 09:00 (America/Los_Angeles)';
    const second = '2027-07-14 09:00 (America/Los_Angeles)';
    const third = '2027-07-16 17:00 (America/Los_Angeles)';
    expect(header).toEqual(['Name', 'Email', first, second, third, 'Minutes attended']);
    expect(rows).toEqual([
      {
        Name: ZOE,
        Email: 'zoe@example.org',
        [first]: 'present',
        [second]: 'absent',
        [third]: 'present',
        'Minutes attended': '690',
      },
      {
        Name: `'${FORMULA}`,
        Email: 'eve@example.org',
        [first]: '',
        [second]: 'present',
        [third]: '',
        'Minutes attended': '360',
      },
      {
        Name: 'Pat Plain',
        Email: 'pat@example.org',
        [first]: '',
        [second]: '',
        [third]: '',
        'Minutes attended': '0',
      },
    ]);
  });
});

describe('who gets the exports', () => {
  it('gives both files to the workshop’s organizers and staff only', async () => {
    const expected: Record<Who, number> = {
      anonymous: 303,
      participant: 403,
      facilitator: 403,
      pmB: 403,
      pmA: 200,
      staff: 200,
    };
    for (const file of ['roster.csv', 'attendance.csv']) {
      for (const who of EVERYONE) {
        const response = await get(`/workshops/${workshop.id}/${file}`, who);
        expect(`${file} ${who}:${response.status}`).toBe(`${file} ${who}:${expected[who]}`);
        const body = await response.text();
        if (expected[who] !== 200) expect(body).not.toContain('zoe@example.org');
      }
    }
    const unknown = await get('/workshops/no-such-workshop/roster.csv', 'staff');
    expect(unknown.status).toBe(404);
  });
});
