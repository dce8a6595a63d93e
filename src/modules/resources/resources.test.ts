import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieHeader,
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Resource } from './resources.schemas.js';
import { MAX_FILE_BYTES } from './resources.upload.js';

let test: TestPortal;
let staff: TestUser;
let programManager: TestUser;
let facilitator: TestUser;
let participant: TestUser;

const JOB_DESCRIPTION_URL =
  'https://docs.google.com/document/d/1RTNpMGhGRdeeqB47vmEOw6xBy-UOFMigqt-pGKRHrZI/view';
const SESSION_OVERVIEW_URL =
  'https://docs.google.com/document/d/1cRCVJSqDT3VLA5u17osE914WYTtIijxyKx5Z_uSYe3Y/edit?usp=sharing';

beforeAll(async () => {
  test = await startTestPortal();
  await seedYears(test, ['2027-28'], '2027-28');
  const partner = await seedPartner(test, {
    year: '2027-28',
    name: 'Cascade Computing Partners',
    regions: [],
  });
  staff = await signedInUser(test, 'staff');
  programManager = await signedInUser(test, 'program_manager', partner.id);
  facilitator = await signedInUser(test, 'facilitator');
  participant = await signedInUser(test, 'participant');
});
afterAll(async () => {
  await test.close();
});

async function listAs(user?: TestUser): Promise<Resource[]> {
  const response = await fetch(
    `${test.url}/api/v1/resources`,
    jsonRequest(test, 'GET', undefined, user?.cookie),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { resources: Resource[] }).resources;
}

/** As staff unless told otherwise (null: anonymously). */
async function create(body: unknown, user: TestUser | null = staff): Promise<Response> {
  return fetch(`${test.url}/api/v1/resources`, jsonRequest(test, 'POST', body, user?.cookie));
}

describe('the seeded resources', () => {
  it('are the two documents the FAQ links to', async () => {
    const resources = await listAs(staff);
    expect(resources.map((r) => [r.audience, r.url])).toEqual([
      ['applicants', JOB_DESCRIPTION_URL],
      ['public', SESSION_OVERVIEW_URL],
    ]);
  });
});

describe('who sees what', () => {
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    for (const audience of ['partners', 'facilitators'] as const) {
      const response = await create({
        title: `Handbook for ${audience}`,
        audience,
        url: `https://example.org/${audience}.pdf`,
      });
      expect(response.status).toBe(201);
      titles[audience] = ((await response.json()) as Resource).title;
    }
  });

  it('gives each role its audiences', async () => {
    const audiences = async (user?: TestUser) => (await listAs(user)).map((r) => r.audience).sort();
    expect(await audiences()).toEqual(['public']);
    expect(await audiences(participant)).toEqual(['applicants', 'public']);
    expect(await audiences(facilitator)).toEqual(['applicants', 'facilitators', 'public']);
    expect(await audiences(programManager)).toEqual(['applicants', 'partners', 'public']);
    expect(await audiences(staff)).toEqual(['applicants', 'facilitators', 'partners', 'public']);
  });

  it('shows the same on the resources page', async () => {
    const page = async (user?: TestUser) =>
      (await fetch(`${test.url}/resources`, { headers: user ? { cookie: user.cookie } : {} })).text();
    const anonymous = await page();
    expect(anonymous).toContain(SESSION_OVERVIEW_URL.replace('&', '&amp;'));
    expect(anonymous).not.toContain(JOB_DESCRIPTION_URL);
    const manager = await page(programManager);
    expect(manager).toContain(JOB_DESCRIPTION_URL);
    expect(manager).toContain(titles.partners);
    expect(manager).not.toContain(titles.facilitators);
  });
});

describe('staff managing resources', () => {
  it('adds one through the form, with validation', async () => {
    const bad = await fetch(
      `${test.url}/staff/resources`,
      formRequest(test, { title: 'Bad', audience: 'everyone', url: 'ftp://example.org/x' }, staff.cookie),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Choose who may see it');
    expect(html).toContain('Enter a web address starting with https://');

    const ok = await fetch(
      `${test.url}/staff/resources`,
      formRequest(
        test,
        {
          title: 'Workshop checklist',
          audience: 'public',
          url: 'https://example.org/checklist',
          description: '',
        },
        staff.cookie,
      ),
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/staff/resources?notice=resource-added');
    expect((await listAs()).map((r) => r.title)).toContain('Workshop checklist');
    const stored = await test.deps.db.kysely
      .selectFrom('resources')
      .select('createdBy')
      .where('title', '=', 'Workshop checklist')
      .executeTakeFirst();
    expect(stored?.createdBy).toBeTruthy();
  });

  it('removes one after a confirmation page, and through the API', async () => {
    const added = (await (
      await create({ title: 'To remove', audience: 'public', url: 'https://example.org/old' })
    ).json()) as Resource;
    const confirm = await fetch(`${test.url}/staff/resources/${added.id}/remove`, {
      headers: { cookie: staff.cookie },
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Remove this resource?');
    const removed = await fetch(
      `${test.url}/staff/resources/${added.id}/remove`,
      formRequest(test, {}, staff.cookie),
    );
    expect(removed.status).toBe(303);
    expect((await listAs()).map((r) => r.id)).not.toContain(added.id);

    const again = (await (
      await create({ title: 'Via API', audience: 'applicants', url: 'http://example.org/api' })
    ).json()) as Resource;
    const deleted = await fetch(
      `${test.url}/api/v1/resources/${again.id}`,
      jsonRequest(test, 'DELETE', undefined, staff.cookie),
    );
    expect(deleted.status).toBe(204);
    const missing = await fetch(
      `${test.url}/api/v1/resources/${again.id}`,
      jsonRequest(test, 'DELETE', undefined, staff.cookie),
    );
    expect(missing.status).toBe(404);
  });

  it('answers bad API input with 400', async () => {
    const response = await create({ title: '', audience: 'public', url: 'javascript:alert(1)' });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['title', 'url']);
  });
});

describe('staff routes refuse everyone else', () => {
  it('for every role, before looking at the input', async () => {
    const seeded = (await listAs()).find((r) => r.audience === 'public');
    const id = seeded?.id ?? '';
    const roles: [string, TestUser | undefined, number][] = [
      ['anonymous', undefined, 401],
      ['participant', participant, 403],
      ['facilitator', facilitator, 403],
      ['program manager', programManager, 403],
    ];
    for (const [label, user, status] of roles) {
      const cookie = user?.cookie;
      const attempts: [string, Promise<Response>][] = [
        ['POST api', create({ nonsense: true }, user ?? null)],
        [
          'DELETE api',
          fetch(`${test.url}/api/v1/resources/${id}`, jsonRequest(test, 'DELETE', undefined, cookie)),
        ],
        ['POST form', fetch(`${test.url}/staff/resources`, formRequest(test, { title: 'x' }, cookie))],
        ['POST remove', fetch(`${test.url}/staff/resources/${id}/remove`, formRequest(test, {}, cookie))],
        [
          'POST api upload',
          postMultipart('/api/v1/resources', uploadFields('Refused', pdf()), {
            cookie: cookie ?? '',
            token: TOKEN,
          }),
        ],
        [
          'POST form upload',
          postMultipart('/staff/resources', uploadFields('Refused', pdf()), {
            cookie: cookie ?? '',
            token: TOKEN,
          }),
        ],
      ];
      for (const [what, attempt] of attempts) {
        const response = await attempt;
        expect(response.status, `${label} ${what} ${await response.text()}`).toBe(status);
      }
      for (const path of ['/staff/resources', `/staff/resources/${id}/remove`]) {
        const response = await fetch(`${test.url}${path}`, {
          redirect: 'manual',
          headers: cookie ? { cookie } : {},
        });
        // Anonymous visitors are sent to sign in; signed-in ones are refused.
        expect(response.status, `${label} GET ${path}`).toBe(user ? 403 : 303);
      }
    }
    expect((await listAs(staff)).map((r) => r.id)).toContain(id);
    expect((await listAs(staff)).map((r) => r.title)).not.toContain('Refused');
  });
});

// Uploads: multipart bodies as a browser (or an API client) sends them.

const TOKEN = 'test-csrf-token-0123456789abcdefghij';

interface Upload {
  bytes: Buffer;
  name: string;
  type: string;
}

function pdf(size = 3000, name = 'handbook.pdf'): Upload {
  return {
    bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size)]),
    name,
    type: 'application/pdf',
  };
}

function uploadFields(title: string, file: Upload, audience = 'public'): Record<string, string | Upload> {
  return { title, audience, description: 'Uploaded in a test', file };
}

/** The CSRF token as a browser has it: the cookie the staff form sets and the hidden field it renders. */
async function formSession(user: TestUser): Promise<{ cookie: string; token: string }> {
  const page = await fetch(`${test.url}/staff/resources`, { headers: { cookie: user.cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(token).not.toBe('');
  return { cookie: `${user.cookie}; ${cookieHeader(page)}`, token };
}

/** A multipart/form-data post; `_csrf` is sent unless `token` is null. */
function postMultipart(
  path: string,
  fields: Record<string, string | Upload>,
  session: { cookie: string; token: string | null },
): Promise<Response> {
  const body = new FormData();
  if (session.token !== null) body.append('_csrf', session.token);
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type }), value.name);
  }
  const cookie =
    session.token === TOKEN
      ? [session.cookie, `portal_csrf=${TOKEN}`].filter(Boolean).join('; ')
      : session.cookie;
  return fetch(`${test.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: test.url, ...(cookie ? { cookie } : {}) },
    body,
  });
}

async function download(id: string, user?: TestUser): Promise<Response> {
  return fetch(`${test.url}/resources/${id}/file`, { headers: user ? { cookie: user.cookie } : {} });
}

async function storedCounts(): Promise<{ resources: number; files: number }> {
  const db = test.deps.db.kysely;
  const count = async (table: 'resources' | 'resourceFiles') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { resources: await count('resources'), files: await count('resourceFiles') };
}

async function findByTitle(title: string): Promise<Resource> {
  const resource = (await listAs(staff)).find((r) => r.title === title);
  if (!resource) throw new Error(`no resource titled ${title}`);
  return resource;
}

describe('uploaded documents', () => {
  it('are uploaded through the staff form and served, byte for byte, to their audience only', async () => {
    const session = await formSession(staff);
    const file = pdf(5000, 'Guide d’été (2027).pdf');
    const response = await postMultipart(
      '/staff/resources',
      uploadFields('Partner handbook upload', file, 'partners'),
      session,
    );
    expect(response.status, await response.text()).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/resources?notice=resource-added');

    const resource = await findByTitle('Partner handbook upload');
    expect(resource.url).toBeNull();
    expect(resource.file).toEqual({
      name: 'Guide d’été (2027).pdf',
      contentType: 'application/pdf',
      size: file.bytes.length,
      href: `/resources/${resource.id}/file`,
    });

    const served = await download(resource.id, programManager);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(file.bytes)).toBe(true);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe(
      `attachment; filename="Guide d__t_ (2027).pdf"; filename*=UTF-8''Guide%20d%E2%80%99%C3%A9t%C3%A9%20%282027%29.pdf`,
    );

    const statuses: [string, TestUser | undefined, number][] = [
      ['anonymous', undefined, 404],
      ['participant', participant, 404],
      ['facilitator', facilitator, 404],
      ['program manager', programManager, 200],
      ['staff', staff, 200],
    ];
    for (const [label, user, status] of statuses) {
      const attempt = await download(resource.id, user);
      await attempt.arrayBuffer();
      expect(attempt.status, label).toBe(status);
    }

    const page = await (
      await fetch(`${test.url}/resources`, { headers: { cookie: programManager.cookie } })
    ).text();
    expect(page).toContain(`href="/resources/${resource.id}/file"`);
    expect(page).toContain('Guide d’été (2027).pdf, 5 KB');
    const anonymousPage = await (await fetch(`${test.url}/resources`)).text();
    expect(anonymousPage).not.toContain(resource.id);
  });

  it('are uploaded through the API, with the CSRF token a multipart body needs', async () => {
    const png = {
      bytes: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(200)]),
      name: 'map.png',
      type: 'image/png',
    };
    const before = await storedCounts();
    const withoutToken = await postMultipart('/api/v1/resources', uploadFields('Map upload', png), {
      cookie: staff.cookie,
      token: null,
    });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');
    expect(await storedCounts()).toEqual(before);

    const response = await postMultipart('/api/v1/resources', uploadFields('Map upload', png), {
      cookie: staff.cookie,
      token: TOKEN,
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Resource;
    expect(created).toMatchObject({ title: 'Map upload', audience: 'public', url: null });
    expect(created.file).toMatchObject({ name: 'map.png', contentType: 'image/png', size: png.bytes.length });

    const served = await download(created.id);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png.bytes)).toBe(true);
    expect((await listAs()).find((r) => r.id === created.id)?.file?.size).toBe(png.bytes.length);
  });

  it('refuses a file too large, of the wrong type or missing, and writes nothing', async () => {
    const session = await formSession(staff);
    const before = await storedCounts();
    const formCases: [string, Record<string, string | Upload>, string][] = [
      [
        'too large',
        uploadFields('Too large upload', pdf(MAX_FILE_BYTES)),
        'Choose a file smaller than 10 MB.',
      ],
      [
        'wrong extension',
        uploadFields('Program upload', {
          bytes: randomBytes(100),
          name: 'setup.exe',
          type: 'application/x-msdownload',
        }),
        'Choose a PDF, Word (.docx)',
      ],
      [
        'declared type does not match the extension',
        uploadFields('Mismatch upload', { ...pdf(), type: 'image/png' }),
        'Choose a PDF, Word (.docx)',
      ],
      [
        'content does not match the extension',
        uploadFields('Fake upload', {
          bytes: Buffer.from('<html>hello</html>'),
          name: 'fake.pdf',
          type: 'application/pdf',
        }),
        'The file’s content is not a .pdf file',
      ],
      [
        'neither a file nor a link (an empty file input, as browsers send it)',
        uploadFields('Nothing upload', {
          bytes: Buffer.alloc(0),
          name: '',
          type: 'application/octet-stream',
        }),
        'Give the address of the document or choose a file to upload.',
      ],
      [
        'both a file and a link',
        { ...uploadFields('Both upload', pdf()), url: 'https://example.org/both.pdf' },
        'Give either an address or a file, not both',
      ],
    ];
    for (const [label, fields, message] of formCases) {
      const response = await postMultipart('/staff/resources', fields, session);
      const html = await response.text();
      expect(response.status, label).toBe(400);
      expect(html, label).toContain('id="field-file-error"');
      expect(html, label).toContain(message);
      expect(html, label).toContain(`value="${fields.title as string}"`);
    }

    const api = await postMultipart(
      '/api/v1/resources',
      uploadFields('Too large API upload', pdf(MAX_FILE_BYTES)),
      {
        cookie: staff.cookie,
        token: TOKEN,
      },
    );
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await api.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'file', message: 'Choose a file smaller than 10 MB.' }]);

    // A browser sends an empty file input as a part with filename="" (fetch's FormData leaves the name out).
    const boundary = 'portal-test-boundary';
    const part = (headers: string, value: string) => `--${boundary}\r\n${headers}\r\n\r\n${value}\r\n`;
    const browserEmpty = await fetch(`${test.url}/staff/resources`, {
      method: 'POST',
      headers: {
        origin: test.url,
        cookie: session.cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body:
        part('Content-Disposition: form-data; name="_csrf"', session.token) +
        part('Content-Disposition: form-data; name="title"', 'Browser empty upload') +
        part('Content-Disposition: form-data; name="audience"', 'public') +
        part(
          'Content-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream',
          '',
        ) +
        `--${boundary}--\r\n`,
    });
    expect(browserEmpty.status).toBe(400);
    expect(await browserEmpty.text()).toContain(
      'Give the address of the document or choose a file to upload.',
    );

    const twoFiles = new FormData();
    twoFiles.append('_csrf', TOKEN);
    twoFiles.append('title', 'Two files upload');
    twoFiles.append('audience', 'public');
    twoFiles.append('file', new Blob([new Uint8Array(pdf().bytes)], { type: 'application/pdf' }), 'a.pdf');
    twoFiles.append('file', new Blob([new Uint8Array(pdf().bytes)], { type: 'application/pdf' }), 'b.pdf');
    const two = await fetch(`${test.url}/api/v1/resources`, {
      method: 'POST',
      headers: { origin: test.url, cookie: `${staff.cookie}; portal_csrf=${TOKEN}` },
      body: twoFiles,
    });
    expect(two.status).toBe(413);
    expect(((await two.json()) as { detail: string }).detail).toBe('Send one file at a time.');

    const forged = await create({
      title: 'Forged upload',
      audience: 'public',
      file: { filename: 'x.pdf', data: 'JVBERi0=' },
    });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'file',
    ]);

    const noToken = await postMultipart('/staff/resources', uploadFields('No token upload', pdf()), {
      cookie: session.cookie,
      token: null,
    });
    await noToken.text();
    expect(noToken.status).toBe(403);

    // Media types are case-insensitive: the CSRF check must see a form post however it is spelt.
    const shouting = new FormData();
    shouting.append('title', 'Shouted content type');
    shouting.append('audience', 'public');
    shouting.append('url', 'https://example.org/shouted');
    const shoutingBody = new Response(shouting);
    const shoutingType = shoutingBody.headers.get('content-type') ?? '';
    const shouted = await fetch(`${test.url}/api/v1/resources`, {
      method: 'POST',
      headers: {
        origin: test.url,
        cookie: staff.cookie,
        'content-type': shoutingType.replace('multipart/form-data', 'Multipart/Form-Data'),
      },
      body: await shoutingBody.arrayBuffer(),
    });
    expect(shouted.status).toBe(403);
    expect(((await shouted.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');

    // A body the multipart parser cannot read (no boundary; a part cut off) is the sender's fault: 400.
    const malformedBodies: [string, string][] = [
      ['multipart/form-data', 'no boundary here'],
      [
        `multipart/form-data; boundary=${boundary}`,
        part('Content-Disposition: form-data; name="_csrf"', TOKEN).slice(0, -4),
      ],
    ];
    for (const [contentType, body] of malformedBodies) {
      const malformed = await fetch(`${test.url}/api/v1/resources`, {
        method: 'POST',
        headers: {
          origin: test.url,
          cookie: `${staff.cookie}; portal_csrf=${TOKEN}`,
          'content-type': contentType,
        },
        body,
      });
      expect(malformed.status, contentType).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      await malformed.body?.cancel();
    }

    expect(await storedCounts()).toEqual(before);
  });

  it('are deleted with their resource, after the confirmation page', async () => {
    const created = (await (
      await postMultipart('/api/v1/resources', uploadFields('Deleted upload', pdf()), {
        cookie: staff.cookie,
        token: TOKEN,
      })
    ).json()) as Resource;
    const confirm = await fetch(`${test.url}/staff/resources/${created.id}/remove`, {
      headers: { cookie: staff.cookie },
    });
    expect(await confirm.text()).toContain('The uploaded file handbook.pdf is deleted with it.');
    const removed = await fetch(
      `${test.url}/staff/resources/${created.id}/remove`,
      formRequest(test, {}, staff.cookie),
    );
    expect(removed.status).toBe(303);
    const files = await test.deps.db.kysely
      .selectFrom('resourceFiles')
      .select('resourceId')
      .where('resourceId', '=', created.id)
      .execute();
    expect(files).toEqual([]);
    const gone = await download(created.id, staff);
    await gone.text();
    expect(gone.status).toBe(404);
  });

  it('are accepted only by the two upload routes', async () => {
    const seeded = (await listAs()).find((r) => r.audience === 'public');
    const response = await postMultipart(
      `/staff/resources/${seeded?.id ?? ''}/remove`,
      {},
      {
        cookie: staff.cookie,
        token: TOKEN,
      },
    );
    await response.text();
    expect(response.status).toBe(415);
    expect((await listAs()).map((r) => r.id)).toContain(seeded?.id);

    const openapi = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { post?: { requestBody: { content: Record<string, unknown> } } }>;
    };
    expect(Object.keys(openapi.paths['/api/v1/resources']?.post?.requestBody.content ?? {}).sort()).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
  });
});
