import { describe, expect, it } from 'vitest';
import {
  api,
  applyAs,
  approvedFacilitator,
  contract,
  decisionState,
  EVERYONE,
  page,
  partnerA,
  person,
  pmA,
  postForm,
  staff,
  useFacilitatorPortal,
  userOf,
  writes,
  YEAR,
  type Who,
} from './facilitators.fixture.js';

useFacilitatorPortal();

const only = (allowed: Partial<Record<Who, number>>, refused: Partial<Record<Who, number>> = {}) => ({
  anonymous: 401,
  participant: 403,
  facilitator: 403,
  pmA: 403,
  pmB: 403,
  staff: 403,
  ...refused,
  ...allowed,
});

describe('who may do what (JSON API)', () => {
  it('apply: anyone signed in; anonymous 401', async () => {
    for (const who of EVERYONE) {
      const response = await api('POST', '/api/v1/facilitator-applications', userOf(who), {
        courseIds: ['csf'],
        homeZip: '98101',
        bio: `I am ${who}.`,
      });
      expect(response.status, who).toBe(who === 'anonymous' ? 401 : 201);
    }
  });

  it('decide: staff only, and nothing is decided by anyone else', async () => {
    const applicant = await person('Dana Decided');
    const application = await applyAs(applicant, ['csd']);
    const expected = only({ staff: 200 });
    for (const who of EVERYONE) {
      const before = [await writes(), await decisionState()];
      const response = await api(
        'POST',
        `/api/v1/facilitator-applications/${application.id}/decisions`,
        userOf(who),
        {
          courseId: 'csd',
          decision: 'approved',
        },
      );
      expect(response.status, who).toBe(expected[who]);
      if (response.status !== 200) {
        expect(response.type).toContain('application/problem+json');
        expect([await writes(), await decisionState()]).toEqual(before);
      }
    }
  });

  it('revoke: staff only', async () => {
    const { facilitatorId } = await approvedFacilitator('Riley Revoked', ['csp']);
    const expected = only({ staff: 204 });
    for (const who of EVERYONE) {
      const before = await decisionState();
      const response = await api(
        'POST',
        `/api/v1/facilitators/${facilitatorId}/qualifications/csp/revoke`,
        userOf(who),
      );
      expect(response.status, who).toBe(expected[who]);
      if (response.status !== 204) expect(await decisionState()).toEqual(before);
    }
  });

  it('the partner’s list: its managers and staff; B’s manager 403', async () => {
    const expected = only({ pmA: 200, staff: 200 });
    for (const who of EVERYONE) {
      const response = await api('GET', `/api/v1/partners/${partnerA.id}/facilitators`, userOf(who));
      expect(response.status, who).toBe(expected[who]);
    }
  });

  it('contract and end: A’s managers and staff; B’s manager cannot contract for A', async () => {
    const expected = only({ pmA: 201, staff: 201 });
    for (const who of EVERYONE) {
      const { facilitatorId } = await approvedFacilitator(`Casey ${who}`, ['csd']);
      const before = await writes();
      const response = await api(
        'POST',
        `/api/v1/partners/${partnerA.id}/facilitator-contracts`,
        userOf(who),
        {
          facilitatorId,
          programYear: YEAR,
        },
      );
      expect(response.status, who).toBe(expected[who]);
      if (response.status !== 201) expect(await writes()).toEqual(before);
    }
    const ending = only({ pmA: 204, staff: 204 });
    for (const who of EVERYONE) {
      const { facilitatorId } = await approvedFacilitator(`Ellis ${who}`, ['csd']);
      const contractId = await contract(partnerA.id, facilitatorId);
      const before = await decisionState();
      const response = await api(
        'POST',
        `/api/v1/partners/${partnerA.id}/facilitator-contracts/${contractId}/end`,
        userOf(who),
      );
      expect(response.status, who).toBe(ending[who]);
      if (response.status !== 204) expect(await decisionState()).toEqual(before);
    }
  });

  it('documents the API in the OpenAPI description', async () => {
    const paths = Object.keys((await api('GET', '/api/openapi.json', undefined)).body.paths as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/facilitator-applications',
        '/api/v1/facilitator-applications/{id}/decisions',
        '/api/v1/facilitators/{id}/qualifications/{courseId}/revoke',
        '/api/v1/partners/{id}/facilitators',
        '/api/v1/partners/{id}/facilitator-contracts',
        '/api/v1/partners/{id}/facilitator-contracts/{contractId}/end',
      ]),
    );
  });
});

describe('who may do what (pages)', () => {
  // Who may open each page is the access matrix's (tests/access/); these are what each person sees.
  it('the anonymous visitor is asked to sign in to apply; a signed-in person gets the form', async () => {
    const anonymous = await page('/facilitate');
    expect(anonymous.html).toContain('href="/sign-in?next=%2Ffacilitate"');
    expect(anonymous.html).toContain('partners may contract approved facilitators');
    expect(anonymous.html).not.toContain('name="homeZip"');
    const signedIn = await page('/facilitate', userOf('participant'));
    expect(signedIn.html).toContain('name="homeZip"');
    expect(signedIn.html).toContain('value="csp"');
    // The application sent above, with its course waiting.
    expect(signedIn.html).toContain('Waiting for staff');
  });

  it('a program manager of one partner is taken to its page', async () => {
    expect((await page('/partner/facilitators', pmA)).location).toBe(`/partner/facilitators/${partnerA.id}`);
  });

  it('form posts: apply, decide, revoke, contract, end', async () => {
    for (const who of EVERYONE) {
      const response = await postForm(
        '/facilitate',
        { courseIds: 'counselor-admin', homeZip: '98101', bio: 'Counselor PD.' },
        userOf(who),
      );
      expect(response.status, `apply ${who}`).toBe(who === 'anonymous' ? 401 : 303);
    }

    const applicant = await person('Pat Paged');
    const application = await applyAs(applicant, ['csd', 'csp']);
    const decideExpected = only({ staff: 303 });
    for (const who of EVERYONE) {
      const before = await decisionState();
      const response = await postForm(
        `/staff/facilitators/applications/${application.id}/decisions`,
        { courseId: 'csd', decision: 'approved' },
        userOf(who),
      );
      expect(response.status, `decide ${who}`).toBe(decideExpected[who]);
      if (response.status !== 303) expect(await decisionState()).toEqual(before);
    }
    // Declining asks first; a signed-in person who may not decide is refused once they confirm.
    const asked = await postForm(
      `/staff/facilitators/applications/${application.id}/decisions`,
      { courseId: 'csp', decision: 'declined' },
      staff,
    );
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Decline Pat Paged for CS Principles?');

    const revokeExpected = only({ staff: 303 });
    for (const who of EVERYONE) {
      const before = await decisionState();
      const response = await postForm(
        `/staff/facilitators/${application.facilitatorId}/qualifications/csd/revoke`,
        { confirmed: 'yes' },
        userOf(who),
      );
      expect(response.status, `revoke ${who}`).toBe(revokeExpected[who]);
      if (response.status !== 303) expect(await decisionState()).toEqual(before);
    }

    const contractExpected = only({ pmA: 303, staff: 303 });
    for (const who of EVERYONE) {
      const { facilitatorId } = await approvedFacilitator(`Form ${who}`, ['csf']);
      const before = await writes();
      const response = await postForm(
        `/partner/facilitators/${partnerA.id}/contracts`,
        { facilitatorId, programYear: YEAR },
        userOf(who),
      );
      expect(response.status, `contract ${who}`).toBe(contractExpected[who]);
      if (response.status !== 303) expect(await writes()).toEqual(before);
    }

    const endExpected = only({ pmA: 303, staff: 303 });
    for (const who of EVERYONE) {
      const { facilitatorId } = await approvedFacilitator(`End ${who}`, ['csf']);
      const contractId = await contract(partnerA.id, facilitatorId);
      const before = await decisionState();
      const response = await postForm(
        `/partner/facilitators/${partnerA.id}/contracts/${contractId}/end`,
        { confirmed: 'yes' },
        userOf(who),
      );
      expect(response.status, `end ${who}`).toBe(endExpected[who]);
      if (response.status !== 303) expect(await decisionState()).toEqual(before);
    }
  });
});
