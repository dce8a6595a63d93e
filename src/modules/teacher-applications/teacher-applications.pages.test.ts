import { describe, expect, it } from 'vitest';
import { formRequest, signedInUser, type TestUser } from '../../../tests/helpers/portal.js';
import {
  DALLAS_SCHOOL,
  SEATTLE_SCHOOL,
  api,
  partnerA,
  publishedWorkshop,
  questionIds,
  test,
  useTeacherApplicationPortal,
  userOf,
  type Who,
} from './teacher-applications.fixture.js';

useTeacherApplicationPortal();

function post(path: string, fields: Record<string, string>, who: Who | TestUser) {
  return fetch(`${test.url}${path}`, formRequest(test, fields, userOf(who)?.cookie));
}

async function page(path: string, who: Who | TestUser = 'anonymous') {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: { cookie: userOf(who)?.cookie ?? '' },
  });
  return { status: response.status, html: await response.text() };
}

/** The directory's id of a school, as the application form's choices name it. */
async function directoryId(by: { ncesId: string }): Promise<string> {
  const row = await test.deps.db.kysely
    .selectFrom('schools')
    .select('id')
    .where('ncesId', '=', by.ncesId)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('the teacher’s pages', () => {
  it('finds the school by a search, applies without JavaScript, lists it, and asks before withdrawing', async () => {
    const teacher = await signedInUser(test, 'participant');
    const start = await page('/teacher-applications/new', teacher);
    expect(start.status).toBe(200);
    expect(start.html).toContain('CS Principles');
    // The form names a directory school by the directory's id, which every school has (NCES id or not).
    const seattle = await directoryId({ ncesId: SEATTLE_SCHOOL });
    const dallas = await directoryId({ ncesId: DALLAS_SCHOOL });
    const found = await page('/teacher-applications/new?programYear=2027-28&courseId=csp&q=garf', teacher);
    expect(found.html).toContain(`value="${seattle}"`);
    expect(found.html).not.toContain('Old Garfield Annex');
    expect(found.html).toContain('Why do you want to teach CS Principles?');
    const byZip = await page('/teacher-applications/new?programYear=2027-28&courseId=csp&q=75201', teacher);
    expect(byZip.html).toContain(`value="${dallas}"`);

    const fields = { programYear: '2027-28', courseId: 'csp', q: 'garf', 'school.id': seattle };
    const refused = await post('/teacher-applications', fields, teacher);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Answer “Why do you want to teach CS Principles?”.');
    expect(refusedHtml).toContain(`value="${seattle}" selected`);

    const sent = await post(
      '/teacher-applications',
      { ...fields, [`answers.${questionIds.why}`]: 'To open CS to every student.' },
      teacher,
    );
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/my/teacher-applications?notice=teacher-application-sent');
    const mine = await page('/my/teacher-applications', teacher);
    expect(mine.html).toContain('Cascade Computing Partners');
    expect(mine.html).toContain('Submitted');

    const id = /\/my\/teacher-applications\/([\w-]+)\/withdraw/.exec(mine.html)?.[1] ?? '';
    const asked = await post(`/my/teacher-applications/${id}/withdraw`, {}, teacher);
    expect(await asked.text()).toContain('Withdraw this application?');
    expect((await api('GET', `/api/v1/teacher-applications/${id}`, teacher)).body.status).toBe('submitted');
    const withdrawn = await post(`/my/teacher-applications/${id}/withdraw`, { confirmed: 'yes' }, teacher);
    expect(withdrawn.status).toBe(303);
    expect((await api('GET', `/api/v1/teacher-applications/${id}`, teacher)).body.status).toBe('withdrawn');
  });

  it('applies from a school staff added to the directory by hand, which has no NCES id', async () => {
    const added = await api('POST', '/api/v1/schools', 'staff', {
      name: 'Puget Sound Community School',
      city: 'Seattle',
      zip: '98103',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const teacher = await signedInUser(test, 'participant');
    const found = await page('/teacher-applications/new?programYear=2027-28&courseId=csp&q=puget', teacher);
    expect(found.html).toContain(`value="${added.body.id as string}"`);
    const sent = await post(
      '/teacher-applications',
      {
        programYear: '2027-28',
        courseId: 'csp',
        'school.id': added.body.id as string,
        [`answers.${questionIds.why}`]: 'Our students asked for it.',
      },
      teacher,
    );
    expect(sent.status).toBe(303);
    const mine = (await api('GET', '/api/v1/teacher-applications', teacher)).body as {
      applications: { school: { name: string; ncesId: string | null }; partner: { name: string } | null }[];
    };
    expect(mine.applications[0]).toMatchObject({
      school: { name: 'Puget Sound Community School', ncesId: null },
      partner: { name: 'Cascade Computing Partners' },
    });
  });

  it('names an unlisted school by hand, with its ZIP checked', async () => {
    const teacher = await signedInUser(test, 'participant');
    const fields = {
      programYear: '2027-28',
      courseId: 'csp',
      'school.name': 'Rainier Valley Academy',
      [`answers.${questionIds.why}`]: 'Because.',
    };
    const refused = await post('/teacher-applications', { ...fields, 'school.zip': '00000' }, teacher);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('We do not know the ZIP code 00000');
    const sent = await post('/teacher-applications', { ...fields, 'school.zip': '98101' }, teacher);
    expect(sent.status).toBe(303);
  });

  it('asks anonymous visitors to sign in', async () => {
    for (const path of ['/teacher-applications/new', '/my/teacher-applications', '/teacher-applications']) {
      const response = await fetch(`${test.url}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/sign-in/);
    }
  });
});

describe('the reviewers’ pages', () => {
  it('lets the partner review, accept (full cohort said on the page) and assign to a workshop', async () => {
    const teacher = await signedInUser(test, 'participant');
    const created = await api('POST', '/api/v1/teacher-applications', teacher, {
      programYear: '2027-28',
      courseId: 'csp',
      school: { ncesId: SEATTLE_SCHOOL },
      answers: { [questionIds.why]: 'Yes.' },
    });
    const id = created.body.id as string;
    const list = await page('/teacher-applications', 'pmA');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/teacher-applications/${id}`);
    expect((await page('/teacher-applications', 'pmB')).html).not.toContain(`/teacher-applications/${id}`);
    expect((await page(`/teacher-applications/${id}`, 'pmB')).status).toBe(404);
    expect((await page('/teacher-applications', 'participant')).status).toBe(403);

    const detail = await page(`/teacher-applications/${id}`, 'pmA');
    expect(detail.html).toContain('Start the review');
    expect((await post(`/teacher-applications/${id}/review`, {}, 'pmA')).status).toBe(303);

    const noCapacity = await post(`/teacher-applications/${id}/decision`, { decision: 'accepted' }, 'pmA');
    expect(noCapacity.status).toBe(409);
    expect(await noCapacity.text()).toContain('has no capacity yet');
    await api('PUT', `/api/v1/partners/${partnerA.id}/cohort-capacity`, 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 5,
    });
    expect((await post(`/teacher-applications/${id}/decision`, { decision: 'accepted' }, 'pmA')).status).toBe(
      303,
    );
    expect((await page('/teacher-applications', 'pmA')).html).toContain('1 of 5 places taken');

    const workshopId = await publishedWorkshop({ title: 'Assigned CSP workshop' });
    const accepted = await page(`/teacher-applications/${id}`, 'pmA');
    expect(accepted.html).toContain('Assigned CSP workshop');
    const assigned = await post(`/teacher-applications/${id}/assignment`, { workshopId }, 'pmA');
    expect(assigned.status).toBe(303);
    expect((await api('GET', `/api/v1/teacher-applications/${id}`, 'pmA')).body.workshopId).toBe(workshopId);
  });

  it('asks before declining', async () => {
    const teacher = await signedInUser(test, 'participant');
    const created = await api('POST', '/api/v1/teacher-applications', teacher, {
      programYear: '2027-28',
      courseId: 'csp',
      school: { ncesId: SEATTLE_SCHOOL },
      answers: { [questionIds.why]: 'Yes.' },
    });
    const id = created.body.id as string;
    expect(await (await post(`/teacher-applications/${id}/decline`, {}, 'pmA')).text()).toContain(
      'Decline this application?',
    );
    expect((await api('GET', `/api/v1/teacher-applications/${id}`, 'pmA')).body.status).toBe('submitted');
    expect((await post(`/teacher-applications/${id}/decline`, { confirmed: 'yes' }, 'pmA')).status).toBe(303);
    expect((await api('GET', `/api/v1/teacher-applications/${id}`, 'pmA')).body.status).toBe('declined');
  });

  it('gives staff the queue of unmatched applications, where they assign a partner', async () => {
    const teacher = await signedInUser(test, 'participant');
    const created = await api('POST', '/api/v1/teacher-applications', teacher, {
      programYear: '2027-28',
      courseId: 'csp',
      school: { ncesId: DALLAS_SCHOOL },
      answers: { [questionIds.why]: 'Yes.' },
    });
    const id = created.body.id as string;
    const queue = await page('/staff/teacher-applications?status=unmatched', 'staff');
    expect(queue.status).toBe(200);
    expect(queue.html).toContain(`/teacher-applications/${id}`);
    for (const who of ['pmA', 'participant'] as const) {
      expect((await page('/staff/teacher-applications?status=unmatched', who)).status).toBe(403);
    }
    const refused = await post(`/teacher-applications/${id}/partner`, { partnerId: '' }, 'staff');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose a partner.');
    const assigned = await post(`/teacher-applications/${id}/partner`, { partnerId: partnerA.id }, 'staff');
    expect(assigned.status).toBe(303);
    expect((await page('/staff/teacher-applications?status=unmatched', 'staff')).html).not.toContain(
      `/teacher-applications/${id}`,
    );
  });
});

describe('staff’s setup page', () => {
  it('opens a course with its questions and sets a partner’s capacity, refusing bad input in place', async () => {
    expect((await page('/staff/teacher-applications/setup', 'pmA')).status).toBe(403);
    const setup = await page('/staff/teacher-applications/setup?programYear=2027-28', 'staff');
    expect(setup.status).toBe(200);
    expect(setup.html).toContain('Why do you want to teach CS Principles?');
    expect(setup.html).toContain('not open to applications');

    const opened = await post(
      '/staff/teacher-application-forms/2027-28/csd',
      {
        'questions.0.prompt': 'What grades do you teach?',
        'questions.0.required': 'yes',
        'questions.1.prompt': '',
      },
      'staff',
    );
    expect(opened.status).toBe(303);
    const form = await api('GET', '/api/v1/teacher-application-forms/2027-28/csd', 'anonymous');
    expect(form.body.questions).toEqual([
      expect.objectContaining({ prompt: 'What grades do you teach?', required: true, position: 1 }),
    ]);

    const refused = await post(
      `/staff/partners/${partnerA.id}/cohort-capacity`,
      { programYear: '2027-28', courseId: 'csd', capacity: 'ten' },
      'staff',
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Enter the capacity as a whole number.');
    const set = await post(
      `/staff/partners/${partnerA.id}/cohort-capacity`,
      { programYear: '2027-28', courseId: 'csd', capacity: '12' },
      'staff',
    );
    expect(set.status).toBe(303);
    expect((await page('/staff/teacher-applications/setup', 'staff')).html).toContain('0 of 12 places taken');
    expect(
      (await post(`/staff/partners/${partnerA.id}/cohort-capacity`, { capacity: '1' }, 'pmA')).status,
    ).toBe(403);
  });
});
