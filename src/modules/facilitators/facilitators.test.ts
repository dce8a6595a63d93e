import { describe, expect, it } from 'vitest';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import {
  api,
  applyAs,
  approvedFacilitator,
  contract,
  decide,
  page,
  partnerA,
  partnerB,
  person,
  pmA,
  postForm,
  staff,
  test,
  useFacilitatorPortal,
  writes,
  YEAR,
} from './facilitators.fixture.js';
import {
  assignmentRefusal,
  facilitatorOfUser,
  facilitatorsByIds,
  listContractedFacilitators,
} from './facilitators.service.js';

useFacilitatorPortal();

const paths = (body: Record<string, unknown>) =>
  ((body.errors ?? []) as { path: string }[]).map((e) => e.path);

describe('applying to facilitate: bad input', () => {
  it('names each field with its problem and writes nothing', async () => {
    const applicant = await person('Bea Bad');
    const apply = (body: unknown) => api('POST', '/api/v1/facilitator-applications', applicant, body);
    const before = await writes();

    const empty = await apply({});
    expect(empty.status).toBe(400);
    expect(empty.type).toContain('application/problem+json');
    expect(paths(empty.body)).toEqual(['courseIds', 'homeZip', 'bio']);

    const malformed = await apply({ courseIds: ['csp'], homeZip: '9810', bio: 'x'.repeat(2001) });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([
      {
        path: 'homeZip',
        message: 'Write the ZIP code as five digits, like 98101 (or ZIP+4, like 98101-1234).',
      },
      { path: 'bio', message: 'Keep it to 2000 characters.' },
    ]);

    const unknownZip = await apply({ courseIds: ['csp'], homeZip: '00000', bio: 'Hi.' });
    expect(unknownZip.status).toBe(404);
    expect(unknownZip.body.errors).toEqual([
      { path: 'homeZip', message: 'The ZIP code 00000 is not in the US ZIP code dataset. Check it.' },
    ]);

    const unknownCourse = await apply({ courseIds: ['csp', 'basket-weaving'], homeZip: '98101', bio: 'Hi.' });
    expect(unknownCourse.status).toBe(400);
    expect(paths(unknownCourse.body)).toEqual(['courseIds']);

    expect(await writes()).toEqual(before);
  });

  it('refuses a course already waiting or approved, beside the field', async () => {
    const applicant = await person('Quinn Twice');
    const first = await applyAs(applicant, ['csd', 'csp'], '98101-1234');
    await decide(first.id, 'csd', 'approved');
    const before = await writes();
    const again = await api('POST', '/api/v1/facilitator-applications', applicant, {
      courseIds: ['csd', 'csp', 'csf'],
      homeZip: '98101',
      bio: 'Again.',
    });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([
      { path: 'courseIds', message: 'You are already approved for CS Discoveries.' },
      {
        path: 'courseIds',
        message: 'Your application for CS Principles is already waiting for program staff.',
      },
    ]);
    expect(await writes()).toEqual(before);

    // Another course is fine, and updates the same facilitator (one per person) with the new ZIP.
    const other = await applyAs(applicant, ['csf'], '98402');
    expect(other.facilitatorId).toBe(first.facilitatorId);
    const stored = await test.deps.db.kysely
      .selectFrom('facilitators')
      .select(['homeZip', 'latitude'])
      .where('id', '=', first.facilitatorId)
      .executeTakeFirstOrThrow();
    expect(stored.homeZip).toBe('98402');
    expect(stored.latitude).toBeCloseTo(47.25, 1);
  });

  it('shows a refused form again with what was typed and each message beside its field', async () => {
    const applicant = await person('Fran Form');
    const response = await postForm('/facilitate', { courseIds: 'csp', homeZip: '12', bio: '' }, applicant);
    expect(response.status).toBe(400);
    expect(response.html).toContain('value="12"');
    expect(response.html).toMatch(/value="csp"\s+checked/);
    expect(response.html).toContain('id="field-homeZip-error"');
    expect(response.html).toContain('Tell us about yourself in a few sentences.');
  });
});

describe('staff decide per course', () => {
  it('approves once, grants the role, and mails the applicant on each decision', async () => {
    const applicant = await person('Ana Diaz');
    const application = await applyAs(applicant, ['csp', 'csd']);
    const db = test.deps.db.kysely;
    const roles = () =>
      db
        .selectFrom('userRoles')
        .innerJoin('users', 'users.id', 'userRoles.userId')
        .select('userRoles.role')
        .where('users.email', '=', applicant.email)
        .execute();
    expect((await roles()).map((row) => row.role)).toEqual(['participant']);

    await decide(application.id, 'csp', 'approved');
    expect((await roles()).map((row) => row.role).sort()).toEqual(['facilitator', 'participant']);
    const qualification = await db
      .selectFrom('facilitatorQualifications')
      .select(['grantedBy', 'grantedAt', 'revokedAt'])
      .where('facilitatorId', '=', application.facilitatorId)
      .executeTakeFirstOrThrow();
    expect(qualification.grantedBy).not.toBeNull();
    expect(qualification.revokedAt).toBeNull();

    const again = await api('POST', `/api/v1/facilitator-applications/${application.id}/decisions`, staff, {
      courseId: 'csp',
      decision: 'declined',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('FACILITATOR_COURSE_DECIDED');

    const notApplied = await api(
      'POST',
      `/api/v1/facilitator-applications/${application.id}/decisions`,
      staff,
      {
        courseId: 'csf',
        decision: 'approved',
      },
    );
    expect(notApplied.status).toBe(400);
    expect(paths(notApplied.body)).toEqual(['courseId']);
    const badDecision = await api(
      'POST',
      `/api/v1/facilitator-applications/${application.id}/decisions`,
      staff,
      {
        courseId: 'csd',
        decision: 'maybe',
      },
    );
    expect(paths(badDecision.body)).toEqual(['decision']);
    expect((await api('POST', '/api/v1/facilitator-applications/nope/decisions', staff, {})).status).toBe(
      404,
    );

    await decide(application.id, 'csd', 'declined');
    const mail = await db
      .selectFrom('mailOutbox')
      .select(['subject', 'textBody'])
      .where('toAddress', '=', applicant.email)
      .orderBy('createdAt')
      .execute();
    expect(mail.map((m) => m.subject)).toEqual([
      'You are approved to facilitate CS Principles',
      'Your application to facilitate CS Discoveries',
    ]);
    expect(mail[0]?.textBody).toContain('Hello Ana Diaz,');
    expect(mail[0]?.textBody).toContain('/facilitate');

    const own = await page('/facilitate', applicant);
    expect(own.html).toContain('badge-success">Approved');
    expect(own.html).toContain('Declined');
  });

  it('shows the queue searched by name or email, and the approved with their qualifications', async () => {
    const waiting = await person('Wren Waiting');
    await applyAs(waiting, ['csf']);
    const queue = await page('/staff/facilitators?q=wren', staff);
    expect(queue.status).toBe(200);
    const waitingPart = queue.html.slice(0, queue.html.indexOf('approved-heading'));
    expect(waitingPart).toContain('Wren Waiting');
    expect(waitingPart).not.toContain('Quinn Twice');
    expect(queue.html).toContain('data-confirm-title="Decline Wren Waiting for CS Fundamentals?"');
    const byEmail = await page(`/staff/facilitators?q=${encodeURIComponent(waiting.email)}`, staff);
    expect(byEmail.html).toContain('Wren Waiting');
    const all = await page('/staff/facilitators', staff);
    expect(all.html).toContain('Approved facilitators');
    expect(all.html).toContain('Revoke CS Principles');
    const home = await page('/staff', staff);
    expect(home.html).toContain('facilitator applications waiting');
  });
});

describe('partners contract approved facilitators', () => {
  it('refuses one not approved (422), a second standing contract (409) and another year (400)', async () => {
    const pending = await person('Pending Pat');
    const { facilitatorId: pendingId } = await applyAs(pending, ['csp']);
    const before = await writes();
    const notApproved = await api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, pmA, {
      facilitatorId: pendingId,
      programYear: YEAR,
    });
    expect(notApproved.status).toBe(422);
    expect(notApproved.body.code).toBe('FACILITATOR_NOT_APPROVED');
    expect(notApproved.body.detail).toContain('Pending Pat is not an approved facilitator');

    const { facilitatorId } = await approvedFacilitator('Dup Dee', ['csp']);
    const contracted = await writes();
    const otherYear = await api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, pmA, {
      facilitatorId,
      programYear: '2028-29',
    });
    expect(otherYear.status).toBe(400);
    expect(paths(otherYear.body)).toEqual(['programYear']);
    const badYear = await api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, pmA, {
      programYear: '2027',
    });
    expect([...new Set(paths(badYear.body))]).toEqual(['facilitatorId', 'programYear']);
    expect(await writes()).toEqual(contracted);

    await contract(partnerA.id, facilitatorId, pmA);
    const duplicate = await api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, staff, {
      facilitatorId,
      programYear: YEAR,
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors).toEqual([
      {
        path: 'facilitatorId',
        message: `Cascade Computing Partners already has a contract with Dup Dee for ${YEAR}.`,
      },
    ]);
    // Another partner may contract the same facilitator.
    await contract(partnerB.id, facilitatorId);
    expect(before.length).toBe(7);
  });

  it('lists approved facilitators nearest the partner’s region first, with whether contracted', async () => {
    // Partner A serves 98101 (downtown Seattle).
    const spokane = await approvedFacilitator('Sam Spokane', ['csd'], '99201');
    const seattle = await approvedFacilitator('Sue Seattle', ['csd', 'csp'], '98101');
    const tacoma = await approvedFacilitator('Tom Tacoma', ['csf'], '98402');
    await contract(partnerA.id, tacoma.facilitatorId, pmA);
    const response = await api('GET', `/api/v1/partners/${partnerA.id}/facilitators`, pmA);
    expect(response.status).toBe(200);
    const list = response.body.facilitators as {
      facilitatorId: string;
      name: string;
      distanceMiles: number | null;
      contracted: boolean;
      courses: { id: string }[];
    }[];
    const ours = list.filter((f) =>
      [spokane, seattle, tacoma].some((mine) => mine.facilitatorId === f.facilitatorId),
    );
    expect(ours.map((f) => f.name)).toEqual(['Sue Seattle', 'Tom Tacoma', 'Sam Spokane']);
    const distances = list.map((f) => f.distanceMiles ?? Infinity);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(ours[0]?.distanceMiles).toBe(0);
    expect(ours[1]?.distanceMiles).toBeGreaterThan(20);
    expect(ours[1]?.distanceMiles).toBeLessThan(35);
    expect(ours[2]?.distanceMiles).toBeGreaterThan(200);
    expect(ours.map((f) => f.contracted)).toEqual([false, true, false]);
    expect(ours[0]?.courses.map((c) => c.id)).toEqual(['csd', 'csp']);
    expect((response.body.contracts as { name: string }[]).map((c) => c.name)).toContain('Tom Tacoma');

    // B serves Multnomah County, Oregon: Seattle is nearer Portland than Spokane is.
    const fromB = (await api('GET', `/api/v1/partners/${partnerB.id}/facilitators`, staff)).body
      .facilitators as {
      name: string;
    }[];
    const names = fromB.map((f) => f.name);
    expect(names.indexOf('Sue Seattle')).toBeLessThan(names.indexOf('Sam Spokane'));

    const html = (await page(`/partner/facilitators/${partnerA.id}`, pmA)).html;
    expect(html.indexOf('Sue Seattle')).toBeLessThan(html.indexOf('Sam Spokane'));
    expect(html).toContain(`Contract for ${YEAR}`);
    expect(html).toContain('data-confirm-title="End the contract with Tom Tacoma?"');
  });
});

describe('the rule workshops call', () => {
  it('refuses in order: not approved, not qualified for the course, not contracted; then allows', async () => {
    const db = test.deps.db.kysely;
    const year = await resolveProgramYear(db, YEAR);
    const ana = await person('Ana Rule');
    const application = await applyAs(ana, ['csd', 'csp']);
    const check = (courseId: string) =>
      assignmentRefusal(db, {
        facilitatorId: application.facilitatorId,
        partnerId: partnerA.id,
        programYearId: year.id,
        courseId,
      });

    const pending = await check('csp');
    expect(pending?.code).toBe('FACILITATOR_NOT_APPROVED');
    expect(pending?.status).toBe(422);
    expect(pending?.message).toContain('Ana Rule is not an approved facilitator');

    await decide(application.id, 'csd', 'approved');
    const notQualified = await check('csp');
    expect(notQualified?.code).toBe('FACILITATOR_NOT_QUALIFIED');
    expect(notQualified?.message).toBe('Ana Rule is not approved for CS Principles.');

    const notContracted = await check('csd');
    expect(notContracted?.code).toBe('FACILITATOR_NOT_CONTRACTED');
    expect(notContracted?.status).toBe(422);
    expect(notContracted?.message).toBe(
      `Ana Rule is not contracted by Cascade Computing Partners for ${YEAR}.`,
    );

    const contractId = await contract(partnerA.id, application.facilitatorId, pmA);
    expect(await check('csd')).toBeNull();
    expect(
      (
        await assignmentRefusal(db, {
          facilitatorId: application.facilitatorId,
          partnerId: partnerB.id,
          programYearId: year.id,
          courseId: 'csd',
        })
      )?.code,
    ).toBe('FACILITATOR_NOT_CONTRACTED');

    const contracted = await listContractedFacilitators(db, {
      partnerId: partnerA.id,
      programYearId: year.id,
    });
    expect(contracted.find((f) => f.facilitatorId === application.facilitatorId)).toEqual({
      facilitatorId: application.facilitatorId,
      name: 'Ana Rule',
      email: ana.email,
      courseIds: ['csd'],
    });
    const [byId] = await facilitatorsByIds(db, [application.facilitatorId]);
    expect(byId?.name).toBe('Ana Rule');
    expect(await facilitatorOfUser(db, byId?.userId ?? '')).toEqual({
      facilitatorId: application.facilitatorId,
    });
    expect(await facilitatorOfUser(db, 'nobody')).toBeUndefined();

    // Ending the contract, then revoking the qualification, brings the refusals back.
    await api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts/${contractId}/end`, pmA);
    expect((await check('csd'))?.code).toBe('FACILITATOR_NOT_CONTRACTED');
    await api('POST', `/api/v1/facilitators/${application.facilitatorId}/qualifications/csd/revoke`, staff);
    expect((await check('csd'))?.code).toBe('FACILITATOR_NOT_APPROVED');
    // Revoking twice, or ending twice, finds nothing to revoke or end.
    expect(
      (
        await api(
          'POST',
          `/api/v1/facilitators/${application.facilitatorId}/qualifications/csd/revoke`,
          staff,
        )
      ).status,
    ).toBe(404);
    expect(
      (await api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts/${contractId}/end`, pmA))
        .status,
    ).toBe(404);
  });
});

describe('races, decided by the database', () => {
  it('one of simultaneous approvals of a course wins; one of simultaneous contracts wins', async () => {
    const applicant = await person('Rae Cing');
    const application = await applyAs(applicant, ['csp']);
    const approvals = await Promise.all(
      Array.from({ length: 6 }, () =>
        api('POST', `/api/v1/facilitator-applications/${application.id}/decisions`, staff, {
          courseId: 'csp',
          decision: 'approved',
        }),
      ),
    );
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const db = test.deps.db.kysely;
    const qualifications = await db
      .selectFrom('facilitatorQualifications')
      .select('id')
      .where('facilitatorId', '=', application.facilitatorId)
      .execute();
    expect(qualifications).toHaveLength(1);

    const contracts = await Promise.all(
      Array.from({ length: 6 }, () =>
        api('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, pmA, {
          facilitatorId: application.facilitatorId,
          programYear: YEAR,
        }),
      ),
    );
    expect(contracts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const mail = await db
      .selectFrom('mailOutbox')
      .select('id')
      .where('toAddress', '=', applicant.email)
      .execute();
    expect(mail).toHaveLength(1);
  });
});
