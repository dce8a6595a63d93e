import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formRequest, jsonRequest, withoutPortalScript } from '../../../tests/helpers/portal.js';
import { faqChangeCount, getFaq, others, staff, test, useFaqPortal } from './faq.fixture.js';

useFaqPortal();

describe('the public FAQ', () => {
  it('GET /api/v1/faq returns the sections with their questions in the index order', async () => {
    const faq = await getFaq();
    expect(faq.sections.map((s) => s.title)).toEqual([
      'General questions',
      'Questions about in-person workshops',
    ]);
    expect(faq.sections.map((s) => s.questions.map((q) => q.anchor))).toEqual([
      ['map', 'pm', 'press', 'cs', 'joint', 'international'],
      ['facilitators', 'recruit', 'ca'],
    ]);
    const pm = faq.sections[0]?.questions[1];
    expect(pm).toMatchObject({
      anchor: 'pm',
      question: 'Do you have an example job description for the Regional Partner Program Manager?',
    });
    expect(pm?.answerMarkdown).toContain('0.5 of an FTE’s time');
    expect(pm?.answerHtml).toContain('rel="noopener noreferrer"');
  });

  it('/faq renders the index by section, every question at its anchor with a link back to the top', async () => {
    const response = await fetch(`${test.url}/faq`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const faq = await getFaq();
    for (const question of faq.sections.flatMap((s) => s.questions)) {
      expect(html).toContain(`href="#${question.anchor}"`);
      expect(html.match(new RegExp(`id="${question.anchor}"`, 'g'))).toHaveLength(1);
    }
    expect(html).toContain('id="top"');
    expect(html.match(/href="#top"/g)).toHaveLength(9);
    expect(html).toContain('href="mailto:partner@code.org"');
    expect(html).not.toContain('â€');
  });

  it('shows the cs question at /faq#cs, as the seed index meant', async () => {
    const html = await (await fetch(`${test.url}/faq`)).text();
    const article = html.slice(html.indexOf('id="cs"'), html.indexOf('</article>', html.indexOf('id="cs"')));
    expect(article).toContain('run other CS education workshops');
  });
});

describe('editing the FAQ through the API', () => {
  it('lets staff edit an answer, shows it on the next /faq request and records who and when', async () => {
    const before = await faqChangeCount();
    const response = await fetch(
      `${test.url}/api/v1/faq/questions/joint`,
      jsonRequest(
        test,
        'PATCH',
        { answerMarkdown: 'Yes. **Joint** applications are welcome.' },
        staff.cookie,
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      anchor: 'joint',
      answerHtml: '<p>Yes. <strong>Joint</strong> applications are welcome.</p>',
    });
    const page = await (await fetch(`${test.url}/faq`)).text();
    expect(page).toContain('Yes. <strong>Joint</strong> applications are welcome.');
    expect(await faqChangeCount()).toBe(before + 1);
    const change = await test.deps.db.kysely
      .selectFrom('faqChanges')
      .selectAll()
      .where('anchor', '=', 'joint')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ action: 'update', actorEmail: staff.email });
    expect(Date.now() - Date.parse(change.at)).toBeLessThan(60_000);
  });

  it('refuses anonymous visitors with 401 and every other role with 403, changing nothing', async () => {
    const before = await faqChangeCount();
    const anonymous = await fetch(
      `${test.url}/api/v1/faq/questions/pm`,
      jsonRequest(test, 'PATCH', { question: 'Changed by nobody?' }),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    for (const user of Object.values(others)) {
      const response = await fetch(
        `${test.url}/api/v1/faq/questions/pm`,
        jsonRequest(test, 'PATCH', { question: 'Changed by a non-staff user?' }, user.cookie),
      );
      expect(response.status).toBe(403);
    }
    for (const [method, path, body] of [
      ['POST', '/api/v1/faq/questions', { sectionId: 'x', question: 'A new question?', answerMarkdown: 'x' }],
      ['DELETE', '/api/v1/faq/questions/pm', undefined],
      ['POST', '/api/v1/faq/questions/pm/move', { direction: 'down' }],
    ] as const) {
      const response = await fetch(
        `${test.url}${path}`,
        jsonRequest(test, method, body, others.participant?.cookie),
      );
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await faqChangeCount()).toBe(before);
    expect((await getFaq()).sections[0]?.questions[1]?.question).toBe(
      'Do you have an example job description for the Regional Partner Program Manager?',
    );
  });

  it('answers invalid input with 400 problem details naming each field', async () => {
    const before = await faqChangeCount();
    const empty = await fetch(
      `${test.url}/api/v1/faq/questions/pm`,
      jsonRequest(test, 'PATCH', {}, staff.cookie),
    );
    expect(empty.status).toBe(400);
    expect((await empty.json()) as unknown).toMatchObject({
      errors: [{ message: 'Send a new question, a new answerMarkdown, a sectionId, or several of them.' }],
    });
    const blank = await fetch(
      `${test.url}/api/v1/faq/questions/pm`,
      jsonRequest(test, 'PATCH', { question: '  ', answerMarkdown: 42 }, staff.cookie),
    );
    expect(blank.status).toBe(400);
    const problem = (await blank.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['answerMarkdown', 'question']);
    expect(problem.errors.find((e) => e.path === 'question')?.message).toBe(
      'Enter the question (at least 5 characters).',
    );
    const missing = await fetch(
      `${test.url}/api/v1/faq/questions/nope`,
      jsonRequest(test, 'PATCH', { question: 'Is this here?' }, staff.cookie),
    );
    expect(missing.status).toBe(404);
    expect(await faqChangeCount()).toBe(before);
  });

  it('never lets content put a script, an event handler or a javascript: URL on the page', async () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '[click](javascript:alert(3))',
      '<a href="JaVaScRiPt:alert(4)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<p onclick="alert(5)">text</p>',
      '<svg><script>alert(6)</script></svg>',
    ].join('\n\n');
    const response = await fetch(
      `${test.url}/api/v1/faq/questions/ca`,
      jsonRequest(test, 'PATCH', { answerMarkdown: hostile }, staff.cookie),
    );
    expect(response.status).toBe(200);
    const html = await (await fetch(`${test.url}/faq`)).text();
    expect(withoutPortalScript(html)).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(html).not.toMatch(/<iframe|<svg/i);
  });

  it('adds, moves and removes questions', async () => {
    const faq = await getFaq();
    const sectionId = faq.sections[1]?.id ?? '';
    const created = await fetch(
      `${test.url}/api/v1/faq/questions`,
      jsonRequest(
        test,
        'POST',
        { sectionId, question: 'Where are workshops held?', answerMarkdown: 'Near you.' },
        staff.cookie,
      ),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ anchor: 'where-are-workshops-held' });
    const taken = await fetch(
      `${test.url}/api/v1/faq/questions`,
      jsonRequest(
        test,
        'POST',
        { sectionId, anchor: 'pm', question: 'Another pm question?', answerMarkdown: 'x' },
        staff.cookie,
      ),
    );
    expect(taken.status).toBe(409);

    const moved = await fetch(
      `${test.url}/api/v1/faq/questions/where-are-workshops-held/move`,
      jsonRequest(test, 'POST', { direction: 'up' }, staff.cookie),
    );
    expect(moved.status).toBe(204);
    expect((await getFaq()).sections[1]?.questions.map((q) => q.anchor)).toEqual([
      'facilitators',
      'recruit',
      'where-are-workshops-held',
      'ca',
    ]);

    const removed = await fetch(
      `${test.url}/api/v1/faq/questions/where-are-workshops-held`,
      jsonRequest(test, 'DELETE', undefined, staff.cookie),
    );
    expect(removed.status).toBe(204);
    expect((await getFaq()).sections[1]?.questions.map((q) => q.anchor)).toEqual([
      'facilitators',
      'recruit',
      'ca',
    ]);
  });

  it('never answers 500 and never writes, whatever body a non-staff user sends', async () => {
    const before = await faqChangeCount();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (body) => {
        const response = await fetch(`${test.url}/api/v1/faq/questions/pm`, {
          method: 'PATCH',
          headers: {
            'content-type': 'application/json',
            origin: test.url,
            cookie: others.participant?.cookie ?? '',
          },
          body,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    expect(await faqChangeCount()).toBe(before);
  });

  it('never answers 500 to staff either: a rejected body writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc
            .record({
              question: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
              answerMarkdown: fc.oneof(fc.constant(''), fc.integer(), fc.string({ maxLength: 3 })),
            })
            .map((o) => JSON.stringify(o)),
        ),
        async (body) => {
          const before = await faqChangeCount();
          const response = await fetch(`${test.url}/api/v1/faq/questions/recruit`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', origin: test.url, cookie: staff.cookie },
            body,
          });
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(await faqChangeCount()).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('editing the FAQ in the portal', () => {
  it('shows staff a preview without saving, then saves and redirects to the public page', async () => {
    const form = { question: 'Do you accept international applications?', answerMarkdown: 'Not *yet*.' };
    const preview = await fetch(
      `${test.url}/staff/faq/international/edit`,
      formRequest(test, { ...form, intent: 'preview' }, staff.cookie),
    );
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('<p>Not <em>yet</em>.</p>');
    expect((await getFaq()).sections[0]?.questions[5]?.answerMarkdown).not.toBe('Not *yet*.');

    const save = await fetch(
      `${test.url}/staff/faq/international/edit`,
      formRequest(test, { ...form, intent: 'save' }, staff.cookie),
    );
    expect(save.status).toBe(303);
    expect(save.headers.get('location')).toBe('/faq?notice=faq-saved#international');
    expect((await getFaq()).sections[0]?.questions[5]?.answerMarkdown).toBe('Not *yet*.');
  });

  it('keeps what was typed and explains the problem next to the field', async () => {
    const response = await fetch(
      `${test.url}/staff/faq/international/edit`,
      formRequest(
        test,
        { question: 'Why?', answerMarkdown: 'My typed answer', intent: 'save' },
        staff.cookie,
      ),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Enter the question (at least 5 characters).');
    expect(html).toContain('value="Why?"');
    expect(html).toContain('My typed answer');
    expect(html).toContain('aria-invalid="true"');
  });

  it('asks for confirmation before removing a question', async () => {
    const before = await faqChangeCount();
    // The button sent without the confirmation (as it is without JavaScript) asks on a page of its own.
    const confirm = await fetch(`${test.url}/staff/faq/recruit/remove`, formRequest(test, {}, staff.cookie));
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('Remove this question?');
    expect(html).toContain('name="confirmed" value="yes"');
    expect((await getFaq()).sections[1]?.questions.map((q) => q.anchor)).toContain('recruit');
    expect(await faqChangeCount()).toBe(before);
    // The editor's button carries the same question, for the dialog.
    const editor = await (await fetch(`${test.url}/staff/faq`, { headers: { cookie: staff.cookie } })).text();
    expect(editor).toContain('data-confirm-title="Remove this question?"');
  });

  it('refuses a form post without the CSRF token', async () => {
    const request = formRequest(
      test,
      { question: 'Changed without a token?', answerMarkdown: 'x', intent: 'save' },
      staff.cookie,
    );
    const body = new URLSearchParams(request.body as string);
    body.delete('_csrf');
    const response = await fetch(`${test.url}/staff/faq/pm/edit`, { ...request, body: body.toString() });
    expect(response.status).toBe(403);
  });

  it('sends anonymous visitors to sign in and refuses other roles', async () => {
    const anonymous = await fetch(`${test.url}/staff/faq`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/sign-in?next=%2Fstaff%2Ffaq');
    for (const user of Object.values(others)) {
      for (const path of [
        '/staff/faq',
        '/staff/faq/new',
        '/staff/faq/pm/edit',
        '/staff/faq/history',
        '/staff',
      ]) {
        const response = await fetch(`${test.url}${path}`, { headers: { cookie: user.cookie } });
        expect(response.status, path).toBe(403);
      }
      for (const path of [
        '/staff/faq/pm/remove',
        '/staff/faq/pm/move',
        '/staff/faq/pm/edit',
        '/staff/faq/new',
      ]) {
        const post = await fetch(
          `${test.url}${path}`,
          formRequest(test, { confirmed: 'yes', direction: 'down', intent: 'preview' }, user.cookie),
        );
        expect(post.status, `POST ${path}`).toBe(403);
      }
    }
    expect((await getFaq()).sections[0]?.questions.map((q) => q.anchor)).toContain('pm');
  });

  it('lists the change history for staff', async () => {
    const response = await fetch(`${test.url}/staff/faq/history`, { headers: { cookie: staff.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(staff.email);
    expect(html).toContain('Imported 9 questions');
  });
});

describe('the cached FAQ over the wire', () => {
  it('sends the same page compressed with br or gzip when asked, and plain otherwise', async () => {
    const { request } = await import('node:http');
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const raw = (encoding: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        request(`${test.url}/faq`, { headers: { 'accept-encoding': encoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) });
          });
        })
          .on('error', reject)
          .end();
      });
    const plain = await raw('identity');
    expect(plain.encoding).toBeUndefined();
    const br = await raw('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await raw('gzip;q=1, br;q=0');
    expect(gzip.encoding).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });
});
