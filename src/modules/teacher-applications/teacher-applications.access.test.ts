import { beforeAll, describe, expect, it } from 'vitest';
import {
  EVERYONE,
  api,
  application,
  partnerA,
  test,
  useTeacherApplicationPortal,
  type Who,
} from './teacher-applications.fixture.js';

useTeacherApplicationPortal();

/** The participant's application, routed to partner A (Seattle). */
let id: string;

beforeAll(async () => {
  const created = await api('POST', '/api/v1/teacher-applications', 'participant', application());
  expect(created.status).toBe(201);
  id = created.body.id as string;
  await api('PUT', `/api/v1/partners/${partnerA.id}/cohort-capacity`, 'staff', {
    programYear: '2027-28',
    courseId: 'csp',
    capacity: 10,
  });
});

type Expectation = Record<Who, number>;

const routes: [string, () => [string, string, unknown?], Expectation][] = [
  [
    'reading one application',
    () => ['GET', `/api/v1/teacher-applications/${id}`],
    { anonymous: 401, participant: 200, facilitator: 404, pmA: 200, pmB: 404, staff: 200 },
  ],
  [
    'taking it up for review',
    () => ['POST', `/api/v1/teacher-applications/${id}/review`],
    { anonymous: 401, participant: 403, facilitator: 404, pmA: 200, pmB: 404, staff: 200 },
  ],
  [
    'deciding',
    () => ['POST', `/api/v1/teacher-applications/${id}/decision`, { decision: 'waitlisted' }],
    { anonymous: 401, participant: 403, facilitator: 404, pmA: 200, pmB: 404, staff: 200 },
  ],
  [
    // Allowed past the gate, then refused as not accepted yet.
    'assigning to a workshop',
    () => ['POST', `/api/v1/teacher-applications/${id}/assignment`, { workshopId: 'w' }],
    { anonymous: 401, participant: 403, facilitator: 404, pmA: 409, pmB: 404, staff: 409 },
  ],
  [
    // Staff get past the gate, then are told it is decided already (waitlisted above).
    'giving it to a partner',
    () => ['POST', `/api/v1/teacher-applications/${id}/partner`, { partnerId: partnerA.id }],
    { anonymous: 401, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 409 },
  ],
  [
    'setting a cohort capacity',
    () => [
      'PUT',
      `/api/v1/partners/${partnerA.id}/cohort-capacity`,
      { programYear: '2027-28', courseId: 'csp', capacity: 10 },
    ],
    { anonymous: 401, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
  ],
  [
    'reading a partner’s cohorts',
    () => ['GET', `/api/v1/partners/${partnerA.id}/cohorts`],
    { anonymous: 401, participant: 403, facilitator: 403, pmA: 200, pmB: 403, staff: 200 },
  ],
  [
    'setting the year’s questions',
    () => [
      'PUT',
      '/api/v1/teacher-application-forms/2027-28/csd',
      { questions: [{ prompt: 'Why CS Discoveries?', required: true }] },
    ],
    { anonymous: 401, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
  ],
  [
    'reading the year’s questions',
    () => ['GET', '/api/v1/teacher-application-forms/2027-28/csp'],
    { anonymous: 200, participant: 200, facilitator: 200, pmA: 200, pmB: 200, staff: 200 },
  ],
  [
    // Last: only its teacher may, and then it is withdrawn.
    'withdrawing',
    () => ['POST', `/api/v1/teacher-applications/${id}/withdraw`],
    { anonymous: 401, participant: 200, facilitator: 404, pmA: 403, pmB: 404, staff: 403 },
  ],
];

describe('who may use each route', () => {
  for (const [what, request, expected] of routes) {
    it(what, async () => {
      const order: Who[] = [...EVERYONE.filter((who) => who !== 'participant'), 'participant'];
      for (const who of order) {
        const [method, path, body] = request();
        const response = await api(method, path, who, body);
        expect(response.status, `${who}: ${JSON.stringify(response.body)}`).toBe(expected[who]);
      }
    });
  }

  it('applying needs an account; any signed-in person may apply', async () => {
    expect((await api('POST', '/api/v1/teacher-applications', 'anonymous', application())).status).toBe(401);
    for (const who of ['facilitator', 'pmA', 'pmB', 'staff'] as const) {
      expect((await api('POST', '/api/v1/teacher-applications', who, application())).status).toBe(201);
    }
  });

  it('lists: the teacher’s own, the partner’s for its managers, all for staff; never another partner’s', async () => {
    const ids = async (who: Who, query = '') => {
      const response = await api('GET', `/api/v1/teacher-applications${query}`, who);
      expect(response.status).toBe(200);
      return (response.body.applications as { id: string }[]).map((application) => application.id);
    };
    expect((await api('GET', '/api/v1/teacher-applications', 'anonymous')).status).toBe(401);
    expect(await ids('participant')).toEqual([id]);
    expect(await ids('pmA')).toContain(id);
    expect(await ids('staff')).toContain(id);
    expect(await ids('pmB')).not.toContain(id);
    expect(await ids('pmB', `?partnerId=${partnerA.id}`)).not.toContain(id);
    expect(await ids('facilitator')).not.toContain(id);
    expect(await ids('pmA', '?mine=yes')).not.toContain(id);
  });
});

describe('the OpenAPI document', () => {
  it('describes every teacher-application route', async () => {
    const response = await fetch(`${test.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/teacher-applications',
        '/api/v1/teacher-applications/{id}',
        '/api/v1/teacher-applications/{id}/decision',
        '/api/v1/teacher-applications/{id}/withdraw',
        '/api/v1/teacher-applications/{id}/assignment',
        '/api/v1/teacher-applications/{id}/partner',
        '/api/v1/partners/{id}/cohort-capacity',
        '/api/v1/teacher-application-forms/{programYear}/{courseId}',
      ]),
    );
  });
});
