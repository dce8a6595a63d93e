import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formRequest, type TestUser } from '../../../tests/helpers/portal.js';
import {
  create,
  download,
  facilitator,
  findByTitle,
  formSession,
  listAs,
  participant,
  pdf,
  postMultipart,
  programManager,
  staff,
  storedCounts,
  test,
  TOKEN,
  uploadFields,
  useResourcePortal,
  type Upload,
} from './resources.fixture.js';
import type { Resource } from './resources.schemas.js';
import { MAX_FILE_BYTES } from './resources.upload.js';

useResourcePortal();

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
    const confirm = await fetch(
      `${test.url}/staff/resources/${created.id}/remove`,
      formRequest(test, {}, staff.cookie),
    );
    expect(await confirm.text()).toContain('The uploaded file handbook.pdf is deleted with it.');
    expect((await download(created.id, staff)).status).toBe(200);
    const removed = await fetch(
      `${test.url}/staff/resources/${created.id}/remove`,
      formRequest(test, { confirmed: 'yes' }, staff.cookie),
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
