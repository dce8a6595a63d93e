import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  api,
  page,
  partnerA,
  partnerB,
  pmA,
  pmB,
  postForm,
  PUBLISHED_ON,
  releaseIn,
  staff,
  stored,
  test,
  usePressReleasePortal,
  writes,
} from './press-releases.fixture.js';
import {
  BODY_MAX,
  type PressReleaseDetail,
  type PressReleaseStatus,
  type VersionDiff,
} from './press-releases.schemas.js';

usePressReleasePortal();

describe('more bad input', () => {
  it(`refuses a body over ${BODY_MAX.toLocaleString('en-US')} characters with a message, by API and form`, async () => {
    const before = await writes();
    const tooLong = 'a'.repeat(BODY_MAX + 1);
    const response = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Long',
      bodyMarkdown: tooLong,
    });
    expect(response.status).toBe(400);
    expect((response.body as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'bodyMarkdown', message: 'Keep the press release under 50,000 characters.' },
    ]);
    const form = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: 'Long', bodyMarkdown: tooLong },
      pmA,
    );
    expect(form.status).toBe(400);
    expect(form.html).toContain('Keep the press release under 50,000 characters.');
    expect(form.html).toContain('value="Long"');
    expect(await writes()).toEqual(before);

    const atLimit = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Just fits',
      bodyMarkdown: 'a'.repeat(BODY_MAX),
    });
    expect(atLimit.status).toBe(201);
  });

  it('answers a request over a megabyte with 413 and a message, writing nothing', async () => {
    const before = await writes();
    const response = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Huge',
      bodyMarkdown: 'a'.repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(response.type).toContain('application/problem+json');
    expect((response.body as { detail: string }).detail).toBe('The request is too large.');
    expect(await writes()).toEqual(before);
  });

  it('diffs two long versions with nothing in common quickly', async () => {
    const lines = (letter: string) => Array.from({ length: 20_000 }, () => letter).join('\n');
    const created = await api('POST', '/api/v1/press-releases', pmA, {
      title: 'Many lines',
      bodyMarkdown: lines('a'),
    });
    const id = (created.body as PressReleaseDetail).id;
    expect((await api('POST', `/api/v1/press-releases/${id}/submit`, pmA)).status).toBe(200);
    expect(
      (await api('POST', `/api/v1/press-releases/${id}/request-changes`, staff, { body: 'Redo it.' })).status,
    ).toBe(200);
    await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: 'Many lines',
      bodyMarkdown: lines('b'),
    });
    expect((await api('POST', `/api/v1/press-releases/${id}/submit`, pmA)).status).toBe(200);
    const diff = await api('GET', `/api/v1/press-releases/${id}/diff?version=2`, staff);
    expect(diff.status).toBe(200);
    const kinds = (diff.body as VersionDiff).lines.map((line) => line.kind);
    expect(kinds.filter((kind) => kind === 'removed')).toHaveLength(20_000);
    expect(kinds.filter((kind) => kind === 'added')).toHaveLength(20_000);
    const review = await page(`/staff/press-releases/${id}?compare=2`, staff);
    expect(review.status).toBe(200);
  });

  it('refuses a publication date in the far future or long past, and a web address that is not a site', async () => {
    const id = await releaseIn('approved');
    const before = await writes();
    const cases: [Record<string, string>, string, string][] = [
      [
        { publishedAt: '2207-03-15', publishedUrl: 'https://news.example.org/a' },
        'publishedAt',
        'That date is still to come.',
      ],
      [
        { publishedAt: '0207-03-15', publishedUrl: 'https://news.example.org/a' },
        'publishedAt',
        'Enter a date from 2000-01-01 on.',
      ],
      [
        { publishedAt: PUBLISHED_ON, publishedUrl: 'news.example.org/a' },
        'publishedUrl',
        'starting with https://',
      ],
      [
        { publishedAt: PUBLISHED_ON, publishedUrl: 'https://localhost/a' },
        'publishedUrl',
        'starting with https://',
      ],
      [
        { publishedAt: PUBLISHED_ON, publishedUrl: 'data:text/html,hi' },
        'publishedUrl',
        'starting with https://',
      ],
    ];
    for (const [body, path, message] of cases) {
      const response = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const errors = (response.body as { errors: { path: string; message: string }[] }).errors;
      expect(errors.map((error) => error.path)).toEqual([path]);
      expect(errors[0]?.message).toContain(message);
    }
    const form = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: '2207-03-15', publishedUrl: 'https://news.example.org/a', confirmed: 'yes' },
      pmA,
    );
    expect(form.status).toBe(400);
    expect(form.html).toContain('That date is still to come.');
    expect(form.html).toContain('value="2207-03-15"');
    expect(await writes()).toEqual(before);
  });

  it('refuses to publish a press release that is not approved, for every other status', async () => {
    for (const status of ['draft', 'submitted'] as const) {
      const id = await releaseIn(status);
      const response = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
        publishedAt: PUBLISHED_ON,
        publishedUrl: 'https://news.example.org/a',
      });
      expect(response.status).toBe(409);
      expect((await stored(id)).status).toBe(status);
    }
  });
});

describe('no request body makes the server fail', () => {
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constant(''),
    fc.constant('   '),
    fc.constant('\u0000'),
    fc.constant('https://news.example.org/x'),
    fc.constant('2027-03-15'),
  );
  const value = fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string()),
    fc.object(),
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        partnerId: fc.oneof(value, fc.constant('__partnerA__'), fc.constant('__partnerB__')),
        title: value,
        bodyMarkdown: value,
        body: value,
        publishedAt: value,
        publishedUrl: value,
      },
      { requiredKeys: [] },
    ),
  );
  const resolve = (input: unknown): unknown =>
    JSON.parse(
      JSON.stringify(input ?? null)
        .replaceAll('__partnerA__', partnerA.id)
        .replaceAll('__partnerB__', partnerB.id),
    );

  const targets: {
    name: string;
    status: PressReleaseStatus;
    method: string;
    path: (id: string) => string;
  }[] = [
    { name: 'create', status: 'draft', method: 'POST', path: () => '/api/v1/press-releases' },
    { name: 'update', status: 'draft', method: 'PATCH', path: (id) => `/api/v1/press-releases/${id}` },
    { name: 'submit', status: 'draft', method: 'POST', path: (id) => `/api/v1/press-releases/${id}/submit` },
    {
      name: 'approve',
      status: 'submitted',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/approve`,
    },
    {
      name: 'publish',
      status: 'approved',
      method: 'POST',
      path: (id) => `/api/v1/press-releases/${id}/publish`,
    },
  ];
  for (const target of targets) {
    it(`${target.name}: any JSON body gets a 2xx or a 4xx problem`, async () => {
      const id = await releaseIn(target.status);
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom(pmA, pmB, staff), async (input, user) => {
          const response = await api(target.method, target.path(id), user, resolve(input));
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
          if (response.status >= 400) expect(response.type).toContain('application/problem+json');
        }),
        { numRuns: 60 },
      );
    });
  }

  it('any fields posted to the draft form get a page, never a 5xx', async () => {
    const id = await releaseIn('draft');
    const field = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant(''));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            intent: fc.oneof(field, fc.constantFrom('save', 'preview')),
            partnerId: fc.oneof(field, fc.constant(partnerA.id)),
            title: field,
            bodyMarkdown: fc.oneof(field, fc.constant('# H\n\n[link](javascript:x) <b>x</b> | a |\n|-|')),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('/partner/press-releases/new', `/partner/press-releases/${id}/edit`),
        async (fields, path) => {
          const response = await postForm(path, fields, pmA);
          expect(response.status, response.html.slice(0, 500)).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('bodies that are not JSON at all get a 4xx problem', async () => {
    const id = await releaseIn('draft');
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        fc.constantFrom('/api/v1/press-releases', `/api/v1/press-releases/${id}/submit`),
        async (raw, contentType, path) => {
          const response = await fetch(`${test.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': contentType, origin: test.url, cookie: pmA.cookie },
            body: raw,
          });
          const responseText = await response.text();
          expect(response.status, responseText).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
