import { beforeAll, describe, expect, it } from 'vitest';
import {
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

describe('who may use each route', () => {
  // Who gets through each route is the access matrix's (tests/access/); these are what each person gets.
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
