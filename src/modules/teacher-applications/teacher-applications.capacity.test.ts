import { describe, expect, it } from 'vitest';
import { signedInUser } from '../../../tests/helpers/portal.js';
import { seedPartner } from '../../../tests/helpers/seed.js';
import {
  api,
  application,
  test,
  useTeacherApplicationPortal,
  writes,
} from './teacher-applications.fixture.js';

useTeacherApplicationPortal();

describe('cohort capacity', () => {
  it('holds under simultaneous acceptances, and the refused are told the numbers', async () => {
    // A partner of its own, holding the ZIP code: the cohort is this test's alone.
    const partner = await seedPartner(test, {
      year: '2027-28',
      name: 'Race Cohort Partner',
      regions: ['98101'],
    });
    const manager = await signedInUser(test, 'program_manager', partner.id);
    const notSet = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const teacher = await signedInUser(test, 'participant');
        const created = await api('POST', '/api/v1/teacher-applications', teacher, application());
        expect(created.body.partner).toMatchObject({ id: partner.id });
        // The ZIP code it holds wins over partner A's state.
        const row = await test.deps.db.kysely
          .selectFrom('teacherApplications')
          .select('matchedBy')
          .where('id', '=', created.body.id as string)
          .executeTakeFirstOrThrow();
        expect(row.matchedBy).toBe('zip');
        return created.body.id as string;
      }),
    );
    const before = await writes();
    const unset = await api('POST', `/api/v1/teacher-applications/${notSet[0] ?? ''}/decision`, manager, {
      decision: 'accepted',
    });
    expect(unset.status).toBe(409);
    expect(unset.body).toMatchObject({ code: 'COHORT_CAPACITY_NOT_SET' });
    expect(await writes()).toEqual(before);

    const set = await api('PUT', `/api/v1/partners/${partner.id}/cohort-capacity`, 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 2,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({
      partnerId: partner.id,
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 2,
      accepted: 0,
    });

    const decisions = await Promise.all(
      notSet.map((id) =>
        api('POST', `/api/v1/teacher-applications/${id}/decision`, manager, { decision: 'accepted' }),
      ),
    );
    const statuses = decisions.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 409, 409, 409, 409]);
    for (const refused of decisions.filter((response) => response.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'COHORT_FULL' });
      expect(String(refused.body.detail)).toMatch(/is full: 2 of 2 places are taken/);
    }
    const accepted = await test.deps.db.kysely
      .selectFrom('teacherApplications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('partnerId', '=', partner.id)
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow();
    expect(Number(accepted.n)).toBe(2);

    const lower = await api('PUT', `/api/v1/partners/${partner.id}/cohort-capacity`, 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 1,
    });
    expect(lower.status).toBe(400);
    expect(JSON.stringify(lower.body)).toMatch(/2 teachers are already accepted/);

    const cohorts = await api('GET', `/api/v1/partners/${partner.id}/cohorts`, manager);
    expect(cohorts.body.cohorts).toEqual([
      { programYear: '2027-28', courseId: 'csp', courseName: 'CS Principles', capacity: 2, accepted: 2 },
    ]);
  });

  it('refuses a capacity for another year, an unknown course or a negative number', async () => {
    const before = await writes();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ programYear: '2031-32', courseId: 'csp', capacity: 5 }, /no program year 2031-32/],
      [{ programYear: '2027-28', courseId: 'nope', capacity: 5 }, /no such course/],
      [{ programYear: '2027-28', courseId: 'csp', capacity: -1 }, /cannot be negative/],
      [{ programYear: '2027-28', courseId: 'csp', capacity: 'many' }, /whole number/],
    ];
    const partner = await seedPartner(test, { year: '2027-28', name: 'Capacity Input Partner', regions: [] });
    for (const [body, message] of bad) {
      const response = await api('PUT', `/api/v1/partners/${partner.id}/cohort-capacity`, 'staff', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(message);
    }
    const missing = await api('PUT', '/api/v1/partners/nope/cohort-capacity', 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 5,
    });
    expect(missing.status).toBe(404);
    expect(await writes()).toEqual(before);
  });
});
