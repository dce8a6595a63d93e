import { describe, expect, it } from 'vitest';
import {
  api,
  EVERYONE,
  page,
  partnerA,
  partnerB,
  pmA,
  pmB,
  postForm,
  PUBLISHED_ON,
  releaseIn,
  userOf,
  usePressReleasePortal,
  writes,
  type Who,
} from './press-releases.fixture.js';
import type { PressReleaseDetail, PressReleaseStatus } from './press-releases.schemas.js';

usePressReleasePortal();

describe('who may do what (JSON API)', () => {
  it('lists every release for staff and only their partners’ for program managers', async () => {
    const a = await releaseIn('draft', partnerA.id);
    const b = await releaseIn('draft', partnerB.id);
    const ids = async (who: Who) => {
      const response = await api('GET', '/api/v1/press-releases', userOf(who));
      return {
        status: response.status,
        ids: (response.body as { pressReleases?: { id: string }[] }).pressReleases,
      };
    };
    expect((await ids('anonymous')).status).toBe(401);
    expect((await ids('participant')).status).toBe(403);
    expect((await ids('facilitator')).status).toBe(403);
    const ofA = (await ids('pmA')).ids?.map((r) => r.id) ?? [];
    expect(ofA).toContain(a);
    expect(ofA).not.toContain(b);
    const ofB = (await ids('pmB')).ids?.map((r) => r.id) ?? [];
    expect(ofB).toContain(b);
    expect(ofB).not.toContain(a);
    const all = (await ids('staff')).ids?.map((r) => r.id) ?? [];
    expect(all).toEqual(expect.arrayContaining([a, b]));
  });

  const expected = (overrides: Partial<Record<Who, number>>): Record<Who, number> => ({
    anonymous: 401,
    participant: 403,
    facilitator: 403,
    pmA: 200,
    pmB: 404,
    staff: 200,
    ...overrides,
  });

  const cases: {
    name: string;
    status: PressReleaseStatus;
    method: string;
    path: (id: string) => string;
    body?: unknown;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'read one',
      status: 'draft',
      method: 'GET',
      path: (id) => `/api/v1/press-releases/${id}`,
      expect: expected({}),
    },
    {
      name: 'diff',
      status: 'submitted',
      method: 'GET',
      path: (id) => `/api/v1/press-releases/${id}/diff?version=1`,
      expect: expected({}),
    },
    {
      name: 'edit the draft',
      status: 'draft',
      method: 'PATCH',
      path: (id) => `/api/v1/press-releases/${id}`,
      body: { title: 'Edited', bodyMarkdown: 'Edited body.' },
      expect: expected({}),
    },
    {
      name: 'submit',
      status: 'draft',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/submit`,
      expect: expected({}),
    },
    {
      name: 'comment',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/comment`,
      body: { body: 'A comment.' },
      expect: expected({ pmA: 403, pmB: 403 }),
    },
    {
      name: 'request changes',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/request-changes`,
      body: { body: 'Change it.' },
      expect: expected({ pmA: 403, pmB: 403 }),
    },
    {
      name: 'approve',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/approve`,
      expect: expected({ pmA: 403, pmB: 403 }),
    },
    {
      name: 'publish',
      status: 'approved',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/publish`,
      body: { publishedAt: PUBLISHED_ON, publishedUrl: 'https://news.example.org/x' },
      expect: expected({}),
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: ${EVERYONE.map((who) => `${who} ${testCase.expect[who]}`).join(', ')}`, async () => {
      for (const who of EVERYONE) {
        // A fresh release per caller, so that an allowed change does not alter what the next one sees.
        const id = await releaseIn(testCase.status);
        const before = await writes();
        const response = await api(testCase.method, testCase.path(id), userOf(who), testCase.body);
        expect(response.status, `${who}: ${JSON.stringify(response.body)}`).toBe(testCase.expect[who]);
        if (response.status !== 200) {
          expect(response.type).toContain('application/problem+json');
          expect(await writes()).toEqual(before);
        }
      }
    });
  }

  it('create: anonymous 401, participant and facilitator 403, another partner’s manager 403; A’s manager and staff 201', async () => {
    const body = { partnerId: partnerA.id, title: 'New one', bodyMarkdown: 'Text.' };
    const statuses: Record<Who, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmA: 201,
      pmB: 403,
      staff: 201,
    };
    for (const who of EVERYONE) {
      const response = await api('POST', '/api/v1/press-releases', userOf(who), body);
      expect(response.status, who).toBe(statuses[who]);
    }
    // Permission comes before validation: another partner's manager learns nothing from the messages.
    const invalid = await api('POST', '/api/v1/press-releases', pmB, { partnerId: partnerA.id, title: '' });
    expect(invalid.status).toBe(403);
    // A manager of one partner need not name it.
    const implicit = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Implicit',
      bodyMarkdown: 'Text.',
    });
    expect((implicit.body as PressReleaseDetail).partnerId).toBe(partnerA.id);
  });

  it('documents the API in the OpenAPI description', async () => {
    const response = await api('GET', '/api/openapi.json', undefined);
    const paths = Object.keys((response.body as { paths: Record<string, unknown> }).paths);
    for (const path of [
      '/api/v1/press-releases',
      '/api/v1/press-releases/{id}',
      '/api/v1/press-releases/{id}/diff',
      '/api/v1/press-releases/{id}/submit',
      '/api/v1/press-releases/{id}/comment',
      '/api/v1/press-releases/{id}/request-changes',
      '/api/v1/press-releases/{id}/approve',
      '/api/v1/press-releases/{id}/publish',
    ]) {
      expect(paths).toContain(path);
    }
  });
});

describe('who may do what (pages)', () => {
  const pages: {
    name: string;
    status: PressReleaseStatus;
    path: (id: string) => string;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'the partner list',
      status: 'draft',
      path: () => '/partner/press-releases',
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 200, staff: 200 },
    },
    {
      name: 'a new draft',
      status: 'draft',
      path: () => '/partner/press-releases/new',
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 200, staff: 200 },
    },
    {
      name: 'a release',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}`,
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 404, staff: 200 },
    },
    {
      name: 'editing',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/edit`,
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 404, staff: 200 },
    },
    {
      name: 'the staff queue',
      status: 'submitted',
      path: () => '/staff/press-releases',
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
    },
    {
      name: 'the review page',
      status: 'submitted',
      path: (id) => `/staff/press-releases/${id}`,
      expect: { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
    },
  ];
  for (const testCase of pages) {
    it(`${testCase.name}: ${EVERYONE.map((who) => `${who} ${testCase.expect[who]}`).join(', ')}`, async () => {
      const id = await releaseIn(testCase.status);
      for (const who of EVERYONE) {
        const response = await page(testCase.path(id), userOf(who));
        expect(response.status, who).toBe(testCase.expect[who]);
        if (response.status === 303) expect(response.location).toMatch(/^\/sign-in\?next=/);
      }
    });
  }

  const forms: {
    name: string;
    status: PressReleaseStatus;
    path: (id: string) => string;
    fields: Record<string, string>;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'saving a new draft for A',
      status: 'draft',
      path: () => '/partner/press-releases/new',
      fields: { intent: 'save', title: 'T', bodyMarkdown: 'B' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 403, staff: 303 },
    },
    {
      name: 'saving an edit',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/edit`,
      fields: { intent: 'save', title: 'T', bodyMarkdown: 'B' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 404, staff: 303 },
    },
    {
      name: 'previewing an edit',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/edit`,
      fields: { intent: 'preview', title: 'T', bodyMarkdown: 'B' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 200, pmB: 404, staff: 200 },
    },
    {
      name: 'submitting',
      status: 'draft',
      path: (id) => `/partner/press-releases/${id}/submit`,
      fields: {},
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 404, staff: 303 },
    },
    {
      name: 'publishing',
      status: 'approved',
      path: (id) => `/partner/press-releases/${id}/publish`,
      fields: { publishedAt: PUBLISHED_ON, publishedUrl: 'https://news.example.org/y', confirmed: 'yes' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 303, pmB: 404, staff: 303 },
    },
    ...(['comment', 'request-changes', 'approve'] as const).map((decision) => ({
      name: `staff: ${decision}`,
      status: 'submitted' as const,
      path: (id: string) => `/staff/press-releases/${id}/review`,
      fields: { decision, body: 'Words.', confirmed: 'yes' },
      expect: { anonymous: 401, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 303 },
    })),
  ];
  for (const testCase of forms) {
    it(`${testCase.name}: ${EVERYONE.map((who) => `${who} ${testCase.expect[who]}`).join(', ')}`, async () => {
      for (const who of EVERYONE) {
        const id = await releaseIn(testCase.status);
        const fields = testCase.path(id).endsWith('/new')
          ? { ...testCase.fields, partnerId: partnerA.id }
          : testCase.fields;
        const before = await writes();
        const response = await postForm(testCase.path(id), fields, userOf(who));
        expect(response.status, who).toBe(testCase.expect[who]);
        if (response.status >= 400) expect(await writes()).toEqual(before);
      }
    });
  }
});
