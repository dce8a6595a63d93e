import { describe, expect, it } from 'vitest';
import { signedInUser } from '../../../tests/helpers/portal.js';
import {
  CLOSED_SCHOOL,
  DALLAS_SCHOOL,
  SPOKANE_SCHOOL,
  api,
  application,
  addSchool,
  applyAsNewTeacher,
  mailsTo,
  partnerA,
  partnerB,
  publishedWorkshop,
  questionIds,
  test,
  useTeacherApplicationPortal,
  writes,
} from './teacher-applications.fixture.js';

useTeacherApplicationPortal();

async function stored(id: string) {
  return test.deps.db.kysely
    .selectFrom('teacherApplications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('routing an application', () => {
  it('goes to the partner holding the state for a school elsewhere in it', async () => {
    const { id, body } = await applyAsNewTeacher();
    expect(body).toEqual({ id, status: 'submitted', partner: { id: partnerA.id, name: partnerA.name } });
    expect((await stored(id)).matchedBy).toBe('state');
    const [toPartner] = await mailsTo(partnerA.contactEmail);
    expect(toPartner?.subject).toBe('A teacher applied: CS Principles 2027-28');
    expect(toPartner?.textBody).toContain(`/teacher-applications/${id}`);
  });

  it('goes to the county’s partner for a school in a carved-out county, whatever partner the body names', async () => {
    const { id, body } = await applyAsNewTeacher({
      school: { ncesId: SPOKANE_SCHOOL },
      partnerId: partnerA.id,
      partner: { id: partnerA.id },
    });
    expect(body.partner).toEqual({ id: partnerB.id, name: partnerB.name });
    const row = await stored(id);
    expect(row).toMatchObject({
      partnerId: partnerB.id,
      matchedBy: 'county',
      county: 'Spokane',
      state: 'WA',
    });
    const detail = await api('GET', `/api/v1/teacher-applications/${id}`, 'pmB');
    expect((detail.body.events as { note: string }[])[0]?.note).toBe(
      'Columbia Basin CS Alliance serves Spokane County, WA.',
    );
  });

  it('routes an unlisted school by its ZIP code', async () => {
    const { id, body } = await applyAsNewTeacher({ school: { name: 'Spokane Valley Tech', zip: '99201' } });
    expect(body.partner).toEqual({ id: partnerB.id, name: partnerB.name });
    const detail = await api('GET', `/api/v1/teacher-applications/${id}`, 'staff');
    expect(detail.body.school).toMatchObject({ ncesId: null, name: 'Spokane Valley Tech', zip: '99201' });
  });

  it('waits for staff where no partner serves the school, until staff assign one', async () => {
    const { id, body, teacher } = await applyAsNewTeacher({ school: { ncesId: DALLAS_SCHOOL } });
    expect(body.partner).toBeNull();
    const queue = await api('GET', '/api/v1/teacher-applications?status=unmatched', 'staff');
    expect((queue.body.applications as { id: string }[]).map((a) => a.id)).toContain(id);
    const refused = await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'staff', {
      decision: 'accepted',
    });
    expect(refused.status).toBe(409);

    const assigned = await api('POST', `/api/v1/teacher-applications/${id}/partner`, 'staff', {
      partnerId: partnerA.id,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ partner: { id: partnerA.id }, matchedBy: 'staff' });
    const again = await api('POST', `/api/v1/teacher-applications/${id}/partner`, 'staff', {
      partnerId: partnerA.id,
    });
    expect(again.status).toBe(400);
    const mails = await mailsTo(teacher.email);
    expect(mails.map((mail) => mail.subject)).toEqual([
      'We received your application: CS Principles 2027-28',
      'Your application to CS Principles 2027-28 has a Regional Partner',
    ]);
  });

  it('takes one of simultaneous submissions by the same teacher, and tells the others where it stands', async () => {
    const teacher = await signedInUser(test, 'participant');
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => api('POST', '/api/v1/teacher-applications', teacher, application())),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'ALREADY_APPLIED' });
    }
  });

  it('takes one application per teacher, year and course, and says where the first stands', async () => {
    const { teacher } = await applyAsNewTeacher();
    const before = await writes();
    const second = await api('POST', '/api/v1/teacher-applications', teacher, application());
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'ALREADY_APPLIED' });
    expect(second.body.detail).toMatch(/your application is submitted/);
    expect(await writes()).toEqual(before);
  });
});

describe('bad input is refused with a message and writes nothing', () => {
  const cases: [string, Record<string, unknown>, number, string | RegExp][] = [
    [
      'a school id the directory lacks',
      { school: { ncesId: '999999999999' } },
      404,
      /no school with the NCES id 999999999999/,
    ],
    ['a closed school', { school: { ncesId: CLOSED_SCHOOL } }, 400, /marked closed/],
    ['an NCES id without its leading zeros', { school: { ncesId: '12345' } }, 400, /12 digits/],
    [
      'a course the year does not offer',
      { courseId: 'csd' },
      404,
      /takes no teacher applications for that course/,
    ],
    [
      'a course that does not exist',
      { courseId: 'underwater-basket-weaving' },
      404,
      /takes no teacher applications/,
    ],
    ['a year that does not exist', { programYear: '2031-32' }, 400, /no program year 2031-32/],
    ['a required answer left out', { answers: {} }, 400, /Some fields/],
    ['an answer to no question', { answers: { nope: 'x' } }, 400, /Some fields/],
    [
      'an unknown ZIP code',
      { school: { name: 'Nowhere High', zip: '00000' } },
      400,
      /We do not know the ZIP code 00000/,
    ],
    ['no school', { school: undefined }, 400, /Some fields/],
  ];
  for (const [what, overrides, status, message] of cases) {
    it(what, async () => {
      const teacher = await signedInUser(test, 'participant');
      const before = await writes();
      const response = await api('POST', '/api/v1/teacher-applications', teacher, application(overrides));
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(JSON.stringify(response.body)).toMatch(message);
      expect(await writes()).toEqual(before);
    });
  }

  it('names the unanswered question', async () => {
    const teacher = await signedInUser(test, 'participant');
    const response = await api('POST', '/api/v1/teacher-applications', teacher, application({ answers: {} }));
    expect(JSON.stringify(response.body)).toContain(`answers.${questionIds.why}`);
  });
});

describe('the application’s life', () => {
  it('records every change with who and when, and emails the teacher each time', async () => {
    await api('PUT', `/api/v1/partners/${partnerA.id}/cohort-capacity`, 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 100,
    });
    const { id, teacher } = await applyAsNewTeacher();
    expect((await api('POST', `/api/v1/teacher-applications/${id}/review`, 'pmA')).body.status).toBe(
      'in_review',
    );
    const waitlisted = await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'pmA', {
      decision: 'waitlisted',
      note: 'Full for now.',
    });
    expect(waitlisted.body.status).toBe('waitlisted');
    const accepted = await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'staff', {
      decision: 'accepted',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const events = accepted.body.events as {
      fromStatus: string | null;
      toStatus: string;
      actorName: string;
      note: string | null;
    }[];
    expect(events.map((event) => [event.fromStatus, event.toStatus, event.actorName])).toEqual([
      [null, 'submitted', 'Test participant'],
      ['submitted', 'in_review', 'Test program_manager'],
      ['in_review', 'waitlisted', 'Test program_manager'],
      ['waitlisted', 'accepted', 'Test staff'],
    ]);
    expect(events[2]?.note).toBe('Full for now.');
    const asTeacher = await api('GET', `/api/v1/teacher-applications/${id}`, teacher);
    const notes = (asTeacher.body.events as { note: string | null }[]).map((event) => event.note);
    expect(notes[0]).toBe('Cascade Computing Partners serves Washington.');
    expect(notes.slice(1)).toEqual([null, null, null]);
    const subjects = (await mailsTo(teacher.email)).map((mail) => mail.subject);
    expect(subjects).toHaveLength(4);
    expect(subjects.at(-1)).toBe('Your application to CS Principles 2027-28: accepted');
  });

  it('counts an accepted teacher, and commits their school, in the partner’s recruitment for the course', async () => {
    await api('PUT', `/api/v1/partners/${partnerA.id}/cohort-capacity`, 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 100,
    });
    const progress = async () => {
      const response = await api(
        'GET',
        `/api/v1/partners/${partnerA.id}/recruitment/progress?year=2027-28`,
        'pmA',
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const courses = (response.body.courses ?? []) as {
        courseId: string;
        committed: { teachers: number; schools: number };
      }[];
      return courses.find((course) => course.courseId === 'csp')?.committed ?? { teachers: 0, schools: 0 };
    };
    // A school of its own, which no other test's teacher comes from.
    const tacoma = {
      ncesId: '530000000777',
      name: 'Tacoma Harbor High School',
      city: 'Tacoma',
      state: 'WA',
      zip: '98402',
    };
    await addSchool(tacoma);
    const fromTacoma = { school: { ncesId: tacoma.ncesId } };
    const before = await progress();
    const first = await applyAsNewTeacher(fromTacoma);
    expect(await progress()).toEqual(before);
    await api('POST', `/api/v1/teacher-applications/${first.id}/decision`, 'pmA', { decision: 'accepted' });
    expect(await progress()).toMatchObject({ teachers: before.teachers + 1, schools: before.schools + 1 });
    // A second teacher of the same school is one more teacher, not one more school.
    const second = await applyAsNewTeacher(fromTacoma);
    await api('POST', `/api/v1/teacher-applications/${second.id}/decision`, 'pmA', { decision: 'accepted' });
    expect(await progress()).toMatchObject({ teachers: before.teachers + 2, schools: before.schools + 1 });
    const targets = await api(
      'GET',
      `/api/v1/partners/${partnerA.id}/recruitment/targets?year=2027-28&course=csp`,
      'pmA',
    );
    expect(JSON.stringify(targets.body)).toContain('committed');
  });

  it('is withdrawn by its teacher, after which no decision is taken', async () => {
    const { id, teacher } = await applyAsNewTeacher();
    const withdrawn = await api('POST', `/api/v1/teacher-applications/${id}/withdraw`, teacher);
    expect(withdrawn.body.status).toBe('withdrawn');
    const before = await writes();
    for (const decision of ['accepted', 'declined']) {
      const refused = await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'pmA', { decision });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'APPLICATION_WITHDRAWN' });
      expect(String(refused.body.detail)).toMatch(/withdrew this application/);
    }
    expect((await api('POST', `/api/v1/teacher-applications/${id}/review`, 'pmA')).status).toBe(409);
    expect(await writes()).toEqual(before);
  });

  it('refuses a decision that is not one', async () => {
    const { id } = await applyAsNewTeacher();
    const before = await writes();
    const response = await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'pmA', {
      decision: 'maybe',
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/accepted, waitlisted or declined/);
    expect(await writes()).toEqual(before);
  });
});

describe('assignment to a workshop', () => {
  it('enrolls an accepted teacher through the workshop’s gate, waitlisted there when it is full', async () => {
    const workshopId = await publishedWorkshop({ capacity: 1, title: 'Small CSP workshop' });
    const first = await applyAsNewTeacher();
    const second = await applyAsNewTeacher();
    for (const { id } of [first, second]) {
      await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'pmA', { decision: 'accepted' });
    }
    const seated = await api('POST', `/api/v1/teacher-applications/${first.id}/assignment`, 'pmA', {
      workshopId,
    });
    expect(seated.status, JSON.stringify(seated.body)).toBe(200);
    expect(seated.body).toMatchObject({ workshopId });
    const waiting = await api('POST', `/api/v1/teacher-applications/${second.id}/assignment`, 'pmA', {
      workshopId,
    });
    expect(waiting.status).toBe(200);
    const db = test.deps.db.kysely;
    const enrollments = await db
      .selectFrom('enrollments')
      .select(['id', 'email', 'status'])
      .where('workshopId', '=', workshopId)
      .orderBy('queueNumber')
      .execute();
    expect(enrollments.map((e) => [e.email, e.status])).toEqual([
      [first.teacher.email, 'enrolled'],
      [second.teacher.email, 'waitlisted'],
    ]);
    expect(seated.body.enrollmentId).toBe(enrollments[0]?.id);

    const before = await writes();
    const twice = await api('POST', `/api/v1/teacher-applications/${first.id}/assignment`, 'pmA', {
      workshopId,
    });
    expect(twice.status).toBe(409);
    const changed = await api('POST', `/api/v1/teacher-applications/${first.id}/decision`, 'pmA', {
      decision: 'declined',
    });
    expect(changed.status).toBe(409);
    expect(await writes()).toEqual(before);

    // The seated teacher withdraws: the seat goes back through the gate, to the teacher waiting.
    await api('POST', `/api/v1/teacher-applications/${first.id}/withdraw`, first.teacher);
    const after = await db
      .selectFrom('enrollments')
      .select(['email', 'status'])
      .where('workshopId', '=', workshopId)
      .orderBy('queueNumber')
      .execute();
    expect(after.map((e) => [e.email, e.status])).toEqual([
      [first.teacher.email, 'cancelled'],
      [second.teacher.email, 'enrolled'],
    ]);
  });

  it('refuses a teacher not accepted, and a workshop of another course or partner', async () => {
    const { id } = await applyAsNewTeacher();
    const workshopId = await publishedWorkshop();
    const before = await writes();
    expect(
      (await api('POST', `/api/v1/teacher-applications/${id}/assignment`, 'pmA', { workshopId })).status,
    ).toBe(409);
    await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'pmA', { decision: 'accepted' });
    const afterAccept = await writes();
    const csd = await publishedWorkshop({ courseId: 'csd', title: 'CS Discoveries workshop' });
    const other = await api('POST', `/api/v1/teacher-applications/${id}/assignment`, 'pmA', {
      workshopId: csd,
    });
    expect(other.status).toBe(400);
    expect(JSON.stringify(other.body)).toMatch(/published CS Principles workshops of 2027-28/);
    const missing = await api('POST', `/api/v1/teacher-applications/${id}/assignment`, 'pmA', {
      workshopId: 'nope',
    });
    expect(missing.status).toBe(400);
    expect((await writes())[0]).toBe(afterAccept[0]);
    expect(before[0]).toBe(afterAccept[0]);
  });
});
