import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { formRequest, signedInUser, type TestUser } from '../../../tests/helpers/portal.js';
import { HIDDEN_LINK } from '../../platform/mail/outbox.js';
import {
  DALLAS_SCHOOL,
  EVERYONE,
  SEATTLE_SCHOOL,
  SPOKANE_SCHOOL,
  api,
  application,
  applyAsNewTeacher,
  mailsTo,
  partnerA,
  partnerB,
  questionIds,
  staff,
  test,
  useTeacherApplicationPortal,
  userOf,
  writes as fixtureWrites,
  type Who,
} from './teacher-applications.fixture.js';

useTeacherApplicationPortal();

/*
 * Partner A (Seattle) asks for principals' approval from the start of this file; partner B (Spokane) does not.
 */

const PRINCIPAL = { principalName: 'Dana Whitfield', principalEmail: 'dana.whitfield@garfield.example.org' };

beforeAll(async () => {
  for (const partner of [partnerA, partnerB]) {
    const capacity = await api('PUT', `/api/v1/partners/${partner.id}/cohort-capacity`, 'staff', {
      programYear: '2027-28',
      courseId: 'csp',
      capacity: 100,
    });
    expect(capacity.status).toBe(200);
  }
  const on = await api('PUT', `/api/v1/partners/${partnerA.id}/teacher-application-settings`, 'staff', {
    principalApprovalRequired: true,
  });
  expect(on.status, JSON.stringify(on.body)).toBe(200);
});

function post(path: string, fields: Record<string, string>, who: Who | TestUser = 'anonymous') {
  return fetch(`${test.url}${path}`, formRequest(test, fields, userOf(who)?.cookie));
}

async function page(path: string, who: Who | TestUser = 'anonymous') {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: { cookie: userOf(who)?.cookie ?? '' },
  });
  return { status: response.status, html: await response.text() };
}

/** The principal's link in the latest request mailed to them, and that mail as staff read it in the outbox. */
async function requestLink(
  to: string,
): Promise<{ url: string; path: string; token: string; staffText: string }> {
  const mail = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['textBody', 'staffTextBody', 'subject'])
    .where('toAddress', '=', to)
    .where('subject', 'like', 'Please approve%')
    .orderBy('createdAt', 'desc')
    .executeTakeFirstOrThrow();
  const url = /https?:\/\/\S+\/principal-approvals\/(\S+)/.exec(mail.textBody);
  expect(url, mail.textBody).not.toBeNull();
  const [whole = '', token = ''] = url ?? [];
  return { url: whole, path: new URL(whole).pathname, token, staffText: mail.staffTextBody ?? '' };
}

/** Rows in every table that principal approval writes to: none may change when something is refused. */
const writes = () => fixtureWrites(['principalApprovals', 'teacherApplicationSettings']);

async function approval(id: string) {
  return test.deps.db.kysely
    .selectFrom('principalApprovals')
    .selectAll()
    .where('applicationId', '=', id)
    .executeTakeFirst();
}

const accept = (id: string, who: Who = 'pmA') =>
  api('POST', `/api/v1/teacher-applications/${id}/decision`, who, { decision: 'accepted' });

/** A new teacher's application to partner A, with a principal (unique per call, so their mail is theirs). */
async function applyWithPrincipal(overrides: Record<string, unknown> = {}) {
  const principalEmail = `principal-${Math.random().toString(36).slice(2, 10)}@school.example.org`;
  const applied = await applyAsNewTeacher({ ...PRINCIPAL, principalEmail, ...overrides });
  return { ...applied, principalEmail };
}

describe('the partner’s setting', () => {
  it('is read and changed by staff and the partner’s managers only', async () => {
    const expected: Record<Who, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmA: 200,
      pmB: 403,
      staff: 200,
    };
    const path = `/api/v1/partners/${partnerA.id}/teacher-application-settings`;
    for (const who of EVERYONE) {
      const read = await api('GET', path, who);
      expect(read.status, `${who} reads: ${JSON.stringify(read.body)}`).toBe(expected[who]);
      const before = await writes();
      const changed = await api('PUT', path, who, { principalApprovalRequired: true });
      expect(changed.status, `${who} changes: ${JSON.stringify(changed.body)}`).toBe(expected[who]);
      if (expected[who] !== 200) expect(await writes()).toEqual(before);
    }
    const read = await api('GET', path, 'pmA');
    expect(read.body).toMatchObject({
      partnerId: partnerA.id,
      partnerName: partnerA.name,
      principalApprovalRequired: true,
    });
    const unset = await api('GET', `/api/v1/partners/${partnerB.id}/teacher-application-settings`, 'pmB');
    expect(unset.body).toMatchObject({ principalApprovalRequired: false, updatedAt: null });
    const bad = await api('PUT', path, 'pmA', { principalApprovalRequired: 'sometimes' });
    expect(bad.status).toBe(400);
  });

  it('is a checkbox on the partner’s own settings page, refused to another partner’s manager', async () => {
    const path = `/partner/teacher-application-settings/${partnerB.id}`;
    expect((await page(path, 'pmA')).status).toBe(403);
    expect((await post(path, { principalApprovalRequired: 'yes' }, 'pmA')).status).toBe(403);
    expect((await post(path, { principalApprovalRequired: 'yes' }, 'participant')).status).toBe(403);
    const own = await page(path, 'pmB');
    expect(own.status).toBe(200);
    expect(own.html).toContain('Teacher applications need the principal’s approval');

    const on = await post(path, { principalApprovalRequired: 'yes' }, 'pmB');
    expect(on.status).toBe(303);
    expect((await page(path, 'pmB')).html).toMatch(/type="checkbox" value="yes" checked/);
    // An unticked checkbox sends nothing: that is "off".
    const off = await post(path, {}, 'pmB');
    expect(off.status).toBe(303);
    const read = await api('GET', `/api/v1/partners/${partnerB.id}/teacher-application-settings`, 'pmB');
    expect(read.body.principalApprovalRequired).toBe(false);

    const list = await page('/teacher-applications', 'pmB');
    expect(list.html).toContain(`/partner/teacher-application-settings/${partnerB.id}`);
  });

  it('is in the OpenAPI document, with the request to the principal', async () => {
    const response = await fetch(`${test.url}/api/openapi.json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/partners/{id}/teacher-application-settings',
        '/api/v1/teacher-applications/{id}/principal-request',
      ]),
    );
  });
});

describe('a partner that does not ask', () => {
  it('takes an application without a principal, mails none, and accepts it as before', async () => {
    const { id, teacher } = await applyAsNewTeacher({ school: { ncesId: SPOKANE_SCHOOL } });
    expect(await approval(id)).toBeUndefined();
    const pleaseApprove = await test.deps.db.kysely
      .selectFrom('mailOutbox')
      .select('id')
      .where('subject', 'like', 'Please approve%')
      .where('textBody', 'like', `%${teacher.email}%`)
      .execute();
    expect(pleaseApprove).toEqual([]);
    const detail = await api('GET', `/api/v1/teacher-applications/${id}`, 'pmB');
    expect(detail.body.principal).toEqual({ name: null, email: null, required: false, approval: null });
    const accepted = await accept(id, 'pmB');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
  });
});

describe('a partner that asks for the principal’s approval', () => {
  it('needs the principal’s name and address, with a message on each field, and writes nothing without', async () => {
    const teacher = await signedInUser(test, 'participant');
    const before = await writes();
    const refused = await api('POST', '/api/v1/teacher-applications', teacher, application());
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'principalName', message: expect.stringContaining(partnerA.name) as unknown },
        { path: 'principalEmail', message: expect.stringContaining('email address') as unknown },
      ]),
    );
    const badAddress = await api('POST', '/api/v1/teacher-applications', teacher, {
      ...application(),
      ...PRINCIPAL,
      principalEmail: 'not an address',
    });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.errors).toEqual([
      { path: 'principalEmail', message: 'Enter an email address like name@example.org.' },
    ]);
    const ownAddress = await api('POST', '/api/v1/teacher-applications', teacher, {
      ...application(),
      ...PRINCIPAL,
      principalEmail: teacher.email.toUpperCase(),
    });
    expect(ownAddress.status).toBe(400);
    expect(ownAddress.body.errors).toEqual([
      { path: 'principalEmail', message: 'Enter your principal’s email address, not your own.' },
    ]);
    expect(await writes()).toEqual(before);
  });

  it('says so on the form, keeping what was typed', async () => {
    const teacher = await signedInUser(test, 'participant');
    const form = await page('/teacher-applications/new?programYear=2027-28&courseId=csp&q=garf', teacher);
    expect(form.html).toContain('Principal’s name');
    expect(form.html).toContain('asks for your principal’s approval');
    const school = await test.deps.db.kysely
      .selectFrom('schools')
      .select('id')
      .where('ncesId', '=', SEATTLE_SCHOOL)
      .executeTakeFirstOrThrow();
    const refused = await post(
      '/teacher-applications',
      {
        programYear: '2027-28',
        courseId: 'csp',
        q: 'garf',
        'school.id': school.id,
        [`answers.${questionIds.why}`]: 'Every student should meet CS.',
        principalName: 'Dana Whitfield',
      },
      teacher,
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain(
      `${partnerA.name}, the Regional Partner serving your school, asks for your principal’s approval: enter your principal’s email address.`,
    );
    expect(html).toContain('value="Dana Whitfield"');
    expect(html).toContain('Every student should meet CS.');
  });

  it('mails the principal a private link; approval is recorded, the teacher told, and acceptance then allowed', async () => {
    const { id, teacher, principalEmail } = await applyWithPrincipal();
    const link = await requestLink(principalEmail);
    // Staff reading the outbox see the link hidden; the database keeps only the token's hash.
    expect(link.staffText).toContain(HIDDEN_LINK);
    expect(link.staffText).not.toContain(link.token);
    const stored = await approval(id);
    expect(stored).toMatchObject({ status: 'pending', answeredAt: null });
    expect(stored?.tokenHash).toBe(createHash('sha256').update(link.token).digest('hex'));
    const detail = await api('GET', `/api/v1/teacher-applications/${id}`, 'pmA');
    expect(detail.body.principal).toMatchObject({
      name: PRINCIPAL.principalName,
      email: principalEmail,
      required: true,
      approval: { status: 'pending', answeredAt: null },
    });
    expect(JSON.stringify(detail.body)).not.toContain(link.token);
    expect(JSON.stringify(detail.body)).not.toContain(stored?.tokenHash);

    const pending = await accept(id);
    expect(pending.status).toBe(409);
    expect(pending.body).toMatchObject({ code: 'PRINCIPAL_APPROVAL_PENDING' });
    expect(pending.body.detail).toMatch(/has not answered/);
    const onThePage = await post(`/teacher-applications/${id}/decision`, { decision: 'accepted' }, 'pmA');
    expect(onThePage.status).toBe(409);
    expect(await onThePage.text()).toContain('asks for the principal’s approval');

    const shown = await page(link.path);
    expect(shown.status).toBe(200);
    for (const fact of [
      'Test participant',
      'Garfield High School (Seattle, WA)',
      'CS Principles',
      '2027-28',
    ]) {
      expect(shown.html).toContain(fact);
    }
    // Asked first; nothing is recorded until the principal confirms.
    const asked = await post(link.path, { answer: 'approved', comment: 'A strong teacher.' });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Send your answer?');
    expect((await approval(id))?.status).toBe('pending');

    const answered = await post(link.path, {
      answer: 'approved',
      comment: 'A strong teacher.',
      confirmed: 'yes',
    });
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(`${link.path}?notice=principal-answered`);
    expect(await approval(id)).toMatchObject({ status: 'approved', comment: 'A strong teacher.' });
    const told = await mailsTo(teacher.email);
    expect(told.map((mail) => mail.subject)).toContain(
      'Your principal approved your application to CS Principles 2027-28',
    );
    expect(told[0]?.textBody).toContain('we emailed Dana Whitfield a link to approve your application');
    const partnerTold = await mailsTo(partnerA.contactEmail);
    expect(partnerTold.map((mail) => mail.subject)).toContain(
      'The principal approved Test participant’s application: CS Principles 2027-28',
    );

    const reviewer = await api('GET', `/api/v1/teacher-applications/${id}`, 'pmA');
    expect(reviewer.body.principal).toMatchObject({
      approval: {
        status: 'approved',
        comment: 'A strong teacher.',
        answeredAt: expect.any(String) as unknown,
      },
    });
    const own = await api('GET', `/api/v1/teacher-applications/${id}`, teacher);
    expect(own.body.principal).toMatchObject({ approval: { status: 'approved', comment: null } });
    const reviewPage = await page(`/teacher-applications/${id}`, 'pmA');
    expect(reviewPage.html).toContain('Approved by the principal');
    const listed = await api('GET', `/api/v1/teacher-applications?partnerId=${partnerA.id}`, 'pmA');
    const row = (listed.body.applications as { id: string; principalApproval: string | null }[]).find(
      (application) => application.id === id,
    );
    expect(row?.principalApproval).toBe('approved');
    expect((await page('/teacher-applications', 'pmA')).html).toContain('Approved by the principal');

    const accepted = await accept(id);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
  });

  it('refuses acceptance once the principal declined; waitlisting stays possible', async () => {
    const { id, principalEmail, teacher } = await applyWithPrincipal();
    const link = await requestLink(principalEmail);
    const answered = await post(link.path, { answer: 'declined', confirmed: 'yes' });
    expect(answered.status).toBe(303);
    expect((await mailsTo(teacher.email)).map((mail) => mail.subject)).toContain(
      'Your principal declined your application to CS Principles 2027-28',
    );
    const refused = await accept(id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PRINCIPAL_APPROVAL_DECLINED' });
    const waitlisted = await api('POST', `/api/v1/teacher-applications/${id}/decision`, 'pmA', {
      decision: 'waitlisted',
    });
    expect(waitlisted.status).toBe(200);
  });

  it('shows a used link its recorded answer, and takes no second one', async () => {
    const { id, principalEmail } = await applyWithPrincipal();
    const link = await requestLink(principalEmail);
    await post(link.path, { answer: 'approved', confirmed: 'yes' });
    const shown = await page(link.path);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('The answer is recorded and cannot be changed.');
    expect(shown.html).not.toContain('name="answer"');

    const before = await writes();
    const again = await post(link.path, { answer: 'declined', confirmed: 'yes' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This request was already approved on');
    expect(await writes()).toEqual(before);
    expect((await approval(id))?.status).toBe('approved');
  });

  it('says a wrong link is not valid, and writes nothing', async () => {
    await applyWithPrincipal();
    const before = await writes();
    const shown = await page('/principal-approvals/not-a-real-token');
    expect(shown.status).toBe(404);
    expect(shown.html).toContain('This approval link is not valid');
    const answered = await post('/principal-approvals/not-a-real-token', {
      answer: 'approved',
      confirmed: 'yes',
    });
    expect(answered.status).toBe(404);
    expect(await writes()).toEqual(before);
  });

  it('records one of two answers sent at once', async () => {
    const { id, teacher, principalEmail } = await applyWithPrincipal();
    const link = await requestLink(principalEmail);
    const responses = await Promise.all(
      (['approved', 'declined', 'approved', 'declined'] as const).map((answer) =>
        post(link.path, { answer, confirmed: 'yes' }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([303, 409, 409, 409]);
    const events = await test.deps.db.kysely
      .selectFrom('teacherApplicationEvents')
      .select('note')
      .where('applicationId', '=', id)
      .where('note', 'like', 'The principal %')
      .execute();
    expect(events).toHaveLength(1);
    const told = (await mailsTo(teacher.email)).filter((mail) => mail.subject.startsWith('Your principal'));
    expect(told).toHaveLength(1);
    expect(told[0]?.subject).toContain((await approval(id))?.status);
  });

  it('lets the partner send the request again, to a corrected address; the old link stops working', async () => {
    const { id, teacher, principalEmail } = await applyWithPrincipal();
    const first = await requestLink(principalEmail);
    const corrected = { principalName: 'Dana Whitfield', principalEmail: 'd.whitfield@garfield.example.org' };
    const path = `/api/v1/teacher-applications/${id}/principal-request`;
    expect((await api('POST', path, 'anonymous', corrected)).status).toBe(401);
    expect((await api('POST', path, teacher, corrected)).status).toBe(403);
    expect((await api('POST', path, 'pmB', corrected)).status).toBe(404);
    const bad = await api('POST', path, 'pmA', { ...corrected, principalEmail: 'nope' });
    expect(bad.status).toBe(400);

    const sent = await post(`/teacher-applications/${id}/principal-request`, corrected, 'pmA');
    expect(sent.status).toBe(303);
    const second = await requestLink(corrected.principalEmail);
    expect(second.token).not.toBe(first.token);
    expect((await page(first.path)).status).toBe(404);
    const detail = await api('GET', `/api/v1/teacher-applications/${id}`, 'pmA');
    expect(detail.body.principal).toMatchObject({
      email: corrected.principalEmail,
      approval: { status: 'pending' },
    });

    expect((await post(second.path, { answer: 'approved', confirmed: 'yes' })).status).toBe(303);
    const late = await api('POST', path, 'pmA', corrected);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'PRINCIPAL_ALREADY_ANSWERED' });
  });

  it('refuses the principal of a withdrawn application', async () => {
    const { id, teacher, principalEmail } = await applyWithPrincipal();
    const link = await requestLink(principalEmail);
    expect((await api('POST', `/api/v1/teacher-applications/${id}/withdraw`, teacher)).status).toBe(200);
    expect((await page(link.path)).html).toContain('The teacher withdrew this application');
    const answered = await post(link.path, { answer: 'approved', confirmed: 'yes' });
    expect(answered.status).toBe(409);
    expect((await approval(id))?.status).toBe('pending');
  });
});

describe('an application staff give to a partner that asks', () => {
  it('sends the request at the assignment when the application names its principal', async () => {
    const { id, principalEmail } = await applyWithPrincipal({ school: { ncesId: DALLAS_SCHOOL } });
    // No partner serves Dallas, so nothing was asked of the principal yet.
    expect(await approval(id)).toBeUndefined();
    const assigned = await api('POST', `/api/v1/teacher-applications/${id}/partner`, staff, {
      partnerId: partnerA.id,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.principal).toMatchObject({ required: true, approval: { status: 'pending' } });
    const link = await requestLink(principalEmail);
    expect((await page(link.path)).html).toContain(partnerA.name);
  });

  it('tells the partner when the application names no principal, and lets it send the request', async () => {
    const { id } = await applyAsNewTeacher({ school: { ncesId: DALLAS_SCHOOL } });
    const assigned = await api('POST', `/api/v1/teacher-applications/${id}/partner`, staff, {
      partnerId: partnerA.id,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.principal).toEqual({ name: null, email: null, required: true, approval: null });
    expect((assigned.body.events as { note: string | null }[]).map((event) => event.note)).toContain(
      `${partnerA.name} asks for the principal’s approval, but the application names no principal: the partner asks the teacher and sends the request from this page.`,
    );
    const refused = await accept(id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PRINCIPAL_APPROVAL_PENDING' });
    expect(refused.body.detail).toMatch(/no request was sent yet/);
    const reviewPage = await page(`/teacher-applications/${id}`, 'pmA');
    expect(reviewPage.html).toContain('Not requested yet');
    expect(reviewPage.html).toContain('Send the request');

    const principal = { principalName: 'Lee Okafor', principalEmail: 'lee.okafor@dallas.example.org' };
    const sent = await api('POST', `/api/v1/teacher-applications/${id}/principal-request`, 'pmA', principal);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.principal).toMatchObject({ ...{ name: 'Lee Okafor' }, approval: { status: 'pending' } });
    await requestLink(principal.principalEmail);
  });
});
