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

let test: TestPortal;
let users: Record<'participant' | 'facilitator' | 'pmA' | 'pmB' | 'staff', TestUser>;

beforeAll(async () => {
  test = await startTestPortal();
  await seedYears(test, ['2027-28'], '2027-28');
  const a = await seedPartner(test, { year: '2027-28', name: 'Partner A', regions: [] });
  const b = await seedPartner(test, { year: '2027-28', name: 'Partner B', regions: [] });
  users = {
    participant: await signedInUser(test, 'participant'),
    facilitator: await signedInUser(test, 'facilitator'),
    pmA: await signedInUser(test, 'program_manager', a.id),
    pmB: await signedInUser(test, 'program_manager', b.id),
    staff: await signedInUser(test, 'staff'),
  };
});
afterAll(() => test.close());

type Who = 'anonymous' | keyof typeof users;
const EVERYONE: Who[] = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'];
const cookieOf = (who: Who) => (who === 'anonymous' ? undefined : users[who].cookie);

async function api(method: string, path: string, who: Who, body?: unknown) {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, cookieOf(who)));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

async function courses() {
  return (await api('GET', '/api/v1/courses', 'anonymous')).body.courses as {
    id: string;
    name: string;
    kind: string;
    subjects: string[];
  }[];
}

describe('courses as data', () => {
  it('lists the seeded courses in order, with their subjects, to anyone', async () => {
    const list = await courses();
    expect(list.map((course) => course.id)).toEqual(['csd', 'csp', 'csf', 'counselor-admin']);
    expect(list[1]).toMatchObject({ name: 'CS Principles', kind: 'course' });
    expect(list[1]?.subjects).toEqual([
      '5-day Summer',
      'Academic Year Workshop 1',
      'Academic Year Workshop 2',
      'Academic Year Workshop 3',
      'Academic Year Workshop 4',
    ]);
    expect(list[3]?.kind).toBe('counselor_admin');
  });

  it('lets only staff add a course or a subject', async () => {
    const expected: Record<Who, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmA: 403,
      pmB: 403,
      staff: 201,
    };
    for (const who of EVERYONE) {
      const created = await api('POST', '/api/v1/courses', who, { name: `Course by ${who}` });
      expect(created.status, who).toBe(expected[who]);
      const subject = await api('POST', '/api/v1/courses/csf/subjects', who, { name: `Subject by ${who}` });
      expect(subject.status, who).toBe(expected[who]);
      const pageStatus = (
        await fetch(`${test.url}/staff/courses`, {
          redirect: 'manual',
          headers: cookieOf(who) ? { cookie: cookieOf(who) ?? '' } : {},
        })
      ).status;
      expect(pageStatus, who).toBe(who === 'anonymous' ? 303 : who === 'staff' ? 200 : 403);
      const form = await fetch(
        `${test.url}/staff/courses`,
        formRequest(test, { name: `Form course by ${who}`, kind: 'course' }, cookieOf(who)),
      );
      expect(form.status, who).toBe(who === 'anonymous' ? 401 : who === 'staff' ? 303 : 403);
    }
    const names = (await courses()).map((course) => course.name);
    expect(names).toContain('Course by staff');
    expect(names).toContain('Form course by staff');
    expect(names.filter((name) => name.startsWith('Course by'))).toEqual(['Course by staff']);
    expect((await courses()).find((course) => course.id === 'csf')?.subjects).toEqual([
      'Intro Workshop',
      'Deep Dive Workshop',
      'Subject by staff',
    ]);
  });

  it('refuses a duplicate or empty name beside its field, writing nothing', async () => {
    const before = await courses();
    const duplicate = await api('POST', '/api/v1/courses', 'staff', { name: 'cs principles' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([
      { path: 'name', message: 'A course named CS Principles already exists.' },
    ]);
    const empty = await api('POST', '/api/v1/courses', 'staff', { name: '  ', kind: 'other' });
    expect(empty.status).toBe(400);
    expect((empty.body.errors as { path: string }[]).map((error) => error.path)).toEqual(['name', 'kind']);
    const subject = await api('POST', '/api/v1/courses/csp/subjects', 'staff', { name: '5-DAY summer' });
    expect(subject.status).toBe(409);
    expect(subject.body.errors).toEqual([
      { path: 'name', message: 'CS Principles already has the subject 5-DAY summer.' },
    ]);
    expect((await api('POST', '/api/v1/courses/nope/subjects', 'staff', { name: 'X' })).status).toBe(404);
    expect(await courses()).toEqual(before);

    const form = await fetch(
      `${test.url}/staff/courses`,
      formRequest(test, { name: 'CS Discoveries' }, users.staff.cookie),
    );
    expect(form.status).toBe(409);
    const html = await form.text();
    expect(html).toContain('A course named CS Discoveries already exists.');
    expect(html).toContain('value="CS Discoveries"');
  });

  it('renames a subject, and removes one only once confirmed', async () => {
    const staff = users.staff.cookie;
    const page = await (await fetch(`${test.url}/staff/courses`, { headers: { cookie: staff } })).text();
    const link = /href="(\/staff\/courses\/csd\/subjects\/[^"]+)"/.exec(page)?.[1] ?? '';
    expect(link).not.toBe('');
    const renamed = await fetch(`${test.url}${link}`, formRequest(test, { name: 'Summer Week' }, staff));
    expect(renamed.status).toBe(303);
    expect((await courses())[0]?.subjects[0]).toBe('Summer Week');

    const pmRemoves = await fetch(
      `${test.url}${link}/remove`,
      formRequest(test, { confirmed: 'yes' }, users.pmA.cookie),
    );
    expect(pmRemoves.status).toBe(403);
    const asked = await fetch(`${test.url}${link}/remove`, formRequest(test, {}, staff));
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Remove the subject Summer Week from CS Discoveries?');
    expect((await courses())[0]?.subjects[0]).toBe('Summer Week');
    const removed = await fetch(`${test.url}${link}/remove`, formRequest(test, { confirmed: 'yes' }, staff));
    expect(removed.status).toBe(303);
    expect((await courses())[0]?.subjects).not.toContain('Summer Week');
  });

  it('documents the API', async () => {
    const paths = Object.keys((await api('GET', '/api/openapi.json', 'anonymous')).body.paths ?? {});
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/courses', '/api/v1/courses/{id}/subjects']));
  });
});
