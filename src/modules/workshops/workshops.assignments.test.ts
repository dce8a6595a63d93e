import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  applyAs,
  approvedFacilitator,
  contract,
  page,
  partnerA,
  partnerB,
  person,
  pmA,
  pmB,
  postForm,
  staff,
  userOf,
  useFacilitatorPortal,
  type Who,
} from '../facilitators/facilitators.fixture.js';
import type { TestUser } from '../../../tests/helpers/portal.js';
import type { Workshop } from './workshops.schemas.js';

useFacilitatorPortal();

const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function workshopOf(partnerId: string, by: TestUser, overrides: Record<string, unknown> = {}) {
  const response = await api('POST', '/api/v1/workshops', by, {
    partnerId,
    kind: 'course',
    courseId: 'csp',
    subject: '5-day Summer',
    title: 'CS Principles summer',
    audience: ['teachers'],
    capacity: 25,
    timeZone: 'America/Los_Angeles',
    location: { mode: 'in_person', venue: 'Library', address: '1000 4th Ave', zip: '98104' },
    sessions: [
      { date: inAMonth, start: '09:00', end: '16:00' },
      { date: inAMonth, start: '17:00', end: '19:00' },
    ],
    ...overrides,
  });
  if (response.status !== 201)
    throw new Error(`workshop: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as unknown as Workshop;
}

const assign = (workshopId: string, body: unknown, by: TestUser | undefined) =>
  api('POST', `/api/v1/workshops/${workshopId}/facilitators`, by, body);

let ana: Awaited<ReturnType<typeof approvedFacilitator>>;

beforeAll(async () => {
  ana = await approvedFacilitator('Ana Rule', ['csp', 'counselor-admin']);
  await contract(partnerA.id, ana.facilitatorId, pmA);
});

describe('assigning facilitators', () => {
  it('assigns an approved, qualified, contracted facilitator, who then sees it on their home page and in their feed', async () => {
    const workshop = await workshopOf(partnerA.id, pmA);
    const assigned = await assign(workshop.id, { facilitatorId: ana.facilitatorId }, pmA);
    expect(assigned.status).toBe(201);
    const after = assigned.body as unknown as Workshop;
    expect(after.facilitators).toEqual([
      expect.objectContaining({ facilitatorId: ana.facilitatorId, name: 'Ana Rule' }),
    ]);
    expect(after.revision).toBeGreaterThan(workshop.revision);
    expect((await assign(workshop.id, { facilitatorId: ana.facilitatorId }, pmA)).status).toBe(409);

    // Drafts are not theirs to see yet; published, the workshop is on their home page and in their feed.
    expect((await page('/facilitator', ana.user)).html).toContain('No workshop assigned yet');
    expect((await api('POST', `/api/v1/workshops/${workshop.id}/publish`, pmA)).status).toBe(200);
    const home = await page('/facilitator', ana.user);
    expect(home.status).toBe(200);
    expect(home.html).toContain('CS Principles summer');
    const feed = (await api('GET', '/api/v1/me/calendar-feed', ana.user)).body.url as string;
    const calendar = ICAL.Component.fromString(await (await fetch(feed)).text());
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(2);
  });

  it('names the missing condition in every refusal', async () => {
    const csp = await workshopOf(partnerA.id, pmA);
    const csd = await workshopOf(partnerA.id, pmA, { courseId: 'csd', subject: 'Academic Year Workshop 2' });
    const ofB = await workshopOf(partnerB.id, pmB);
    const pending = await applyAs(await person('Ben Pending'), ['csp']);
    const refusals: [string, unknown, TestUser, string, RegExp][] = [
      [
        csp.id,
        { facilitatorId: pending.facilitatorId },
        pmA,
        'FACILITATOR_NOT_APPROVED',
        /Ben Pending is not an approved facilitator/,
      ],
      [csp.id, { facilitatorId: 'nobody' }, pmA, 'FACILITATOR_NOT_APPROVED', /not an approved facilitator/],
      [
        csd.id,
        { facilitatorId: ana.facilitatorId },
        pmA,
        'FACILITATOR_NOT_QUALIFIED',
        /Ana Rule is not approved for CS Discoveries/,
      ],
      [
        ofB.id,
        { facilitatorId: ana.facilitatorId },
        pmB,
        'FACILITATOR_NOT_CONTRACTED',
        /Ana Rule is not contracted by Columbia Basin CS Alliance/,
      ],
    ];
    for (const [workshopId, body, by, code, message] of refusals) {
      const refused = await assign(workshopId, body, by);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code });
      expect(refused.body.detail).toMatch(message);
    }
    const counselors = await workshopOf(partnerA.id, pmA, {
      kind: 'counselor_admin',
      courseId: undefined,
      subject: undefined,
      title: 'Counselors and CS',
      audience: ['counselors'],
    });
    expect((await assign(counselors.id, { facilitatorId: ana.facilitatorId }, pmA)).status).toBe(201);
  });

  it('lets a partner’s own workshop name any presenter, and only that kind', async () => {
    const own = await workshopOf(partnerA.id, pmA, {
      kind: 'partner_own',
      courseId: undefined,
      subject: undefined,
      topic: 'Robotics clubs',
      title: 'Robotics club kickoff',
    });
    const named = await assign(own.id, { presenterName: 'Dr. Maya Chen' }, pmA);
    expect(named.status).toBe(201);
    expect((named.body as unknown as Workshop).facilitators.map((f) => f.name)).toEqual(['Dr. Maya Chen']);
    const course = await workshopOf(partnerA.id, pmA);
    const refused = await assign(course.id, { presenterName: 'Dr. Maya Chen' }, pmA);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'facilitatorId', message: expect.any(String) as string }]);
    expect((await assign(course.id, {}, pmA)).status).toBe(400);
  });

  it('is for the workshop’s organizers only', async () => {
    const draft = await workshopOf(partnerA.id, pmA);
    const published = await workshopOf(partnerA.id, pmA);
    await api('POST', `/api/v1/workshops/${published.id}/publish`, pmA);
    const expected: Record<Who, [number, number]> = {
      anonymous: [404, 401],
      participant: [404, 403],
      facilitator: [404, 403],
      pmB: [404, 403],
      pmA: [201, 201],
      staff: [409, 409],
    };
    for (const [who, [onDraft, onPublished]] of Object.entries(expected) as [Who, [number, number]][]) {
      const body = { facilitatorId: ana.facilitatorId };
      expect({ who, draft: (await assign(draft.id, body, userOf(who))).status }).toEqual({
        who,
        draft: onDraft,
      });
      expect({ who, published: (await assign(published.id, body, userOf(who))).status }).toEqual({
        who,
        published: onPublished,
      });
    }
    const shown = (await api('GET', `/api/v1/workshops/${published.id}`, staff)).body as unknown as Workshop;
    const removal = `/api/v1/workshops/${published.id}/facilitators/${shown.facilitators[0]?.id ?? ''}`;
    expect((await api('DELETE', removal, pmB)).status).toBe(403);
    expect((await api('DELETE', removal, pmA)).status).toBe(200);
    expect((await api('DELETE', removal, pmA)).status).toBe(404);
  });

  it('shows a refusal beside the facilitator field of the workshop page, and asks before removing', async () => {
    const csd = await workshopOf(partnerA.id, pmA, { courseId: 'csd', subject: 'Academic Year Workshop 1' });
    const refused = await postForm(
      `/workshops/${csd.id}/facilitators`,
      { facilitatorId: ana.facilitatorId },
      pmA,
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Ana Rule is not approved for CS Discoveries.');
    const csp = await workshopOf(partnerA.id, pmA);
    const organizerPage = await page(`/workshops/${csp.id}`, pmA);
    expect(organizerPage.html).toContain(`<option value="${ana.facilitatorId}">Ana Rule</option>`);
    expect(
      (await postForm(`/workshops/${csp.id}/facilitators`, { facilitatorId: ana.facilitatorId }, pmA)).status,
    ).toBe(303);
    const assignment = ((await api('GET', `/api/v1/workshops/${csp.id}`, pmA)).body as unknown as Workshop)
      .facilitators[0];
    const ask = await postForm(`/workshops/${csp.id}/facilitators/${assignment?.id ?? ''}/remove`, {}, pmA);
    expect(ask.html).toContain('Remove this person from the workshop?');
    expect(
      ((await api('GET', `/api/v1/workshops/${csp.id}`, pmA)).body as unknown as Workshop).facilitators,
    ).toHaveLength(1);
  });

  it('assigns a facilitator once when the same assignment arrives many times at once', async () => {
    const workshop = await workshopOf(partnerA.id, pmA);
    const statuses = await Promise.all(
      Array.from(
        { length: 6 },
        async () => (await assign(workshop.id, { facilitatorId: ana.facilitatorId }, pmA)).status,
      ),
    );
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const shown = (await api('GET', `/api/v1/workshops/${workshop.id}`, pmA)).body as unknown as Workshop;
    expect(shown.facilitators).toHaveLength(1);
  });
});
