import { describe, expect, it } from 'vitest';
import { formRequest, jsonRequest, withoutPortalScript } from '../../../tests/helpers/portal.js';
import {
  useImportPortal,
  test,
  staff,
  others,
  PARTNERS_HEADER,
  REGIONS_HEADER,
  csv,
  apiImport,
  imported,
  partnersIn,
  assignmentsIn,
  yearExists,
  pageText,
  givenPartners,
} from './imports.fixture.js';

// The import pages staff use (pasted text and a chosen file, the preview, the result), and who may import.

useImportPortal();

describe('importing in the portal', () => {
  const preview = (fields: Record<string, string>, cookie = staff.cookie) =>
    fetch(`${test.url}/staff/imports/preview`, formRequest(test, fields, cookie));
  const commit = (fields: Record<string, string>, cookie = staff.cookie) =>
    fetch(`${test.url}/staff/imports/commit`, formRequest(test, fields, cookie));

  it('offers a form to paste a file into', async () => {
    const response = await fetch(`${test.url}/staff/imports`, { headers: { cookie: staff.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/staff/imports/preview"');
    expect(html).toContain('<textarea');
    expect(html).toContain(PARTNERS_HEADER);
    expect(withoutPortalScript(html)).not.toMatch(/<script|style="/);
  });

  it('previews the changes line by line without writing, then commits exactly that file', async () => {
    const year = '2060-61';
    await givenPartners(year, 'Existing Org');
    const file = csv(
      PARTNERS_HEADER,
      `New Org,Nia,nia@example.org,${year}`,
      `Existing Org,Contact 0,c0@example.org,${year}`,
      `Existing Org 2,Ed,ed@example.org,${year}`,
    );
    const response = await preview({ kind: 'partners', csv: file });
    expect(response.status).toBe(200);
    const html = pageText(await response.text());
    expect(html).toContain('Would import 3 partners: 2 created, 0 updated, 1 unchanged.');
    // Each line is a row of the table, headed by its line number.
    expect(html).toMatch(/>2<\/th><td>2060-61<\/td><td>New Org<\/td><td>New partner<\/td>/);
    expect(html).toMatch(/>3<\/th><td>2060-61<\/td><td>Existing Org<\/td><td>Unchanged<\/td>/);
    expect(html).toContain('action="/staff/imports/commit"');
    expect(html).toContain(`<input type="hidden" name="csv" value="${file}"/>`);
    expect((await partnersIn(year)).map((p) => p.name)).toEqual(['Existing Org']);

    const committed = await commit({ kind: 'partners', csv: file });
    expect(committed.status).toBe(303);
    const location = committed.headers.get('location') ?? '';
    expect(location).toBe('/staff/imports?kind=partners&created=2&updated=0&unchanged=1&notice=import-done');
    expect((await partnersIn(year)).map((p) => p.name)).toEqual([
      'Existing Org',
      'Existing Org 2',
      'New Org',
    ]);

    const done = pageText(
      await (await fetch(`${test.url}${location}`, { headers: { cookie: staff.cookie } })).text(),
    );
    expect(done).toContain('The import is saved.');
    expect(done).toContain('Imported 3 partners: 2 created, 0 updated, 1 unchanged.');
  });

  it('lists every bad line on the form, keeps the text, and writes nothing', async () => {
    const year = '2061-62';
    await givenPartners(year, 'Only Org');
    const file = csv(
      REGIONS_HEADER,
      `Only Org,${year},WA`,
      `Ghost Org,${year},OR`,
      `Only Org,${year},Atlantis`,
    );
    const response = await preview({ kind: 'regions', csv: file });
    expect(response.status).toBe(422);
    const html = pageText(await response.text());
    expect(html).toContain('Nothing was imported: the file has 2 problems.');
    expect(html).toContain(`line 3: unknown partner "Ghost Org" in ${year}.`);
    expect(html).toContain('line 4: region: "Atlantis" is not a region');
    expect(html).toContain(`${file}</textarea>`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('action="/staff/imports/commit"');

    const committed = await commit({ kind: 'regions', csv: file });
    expect(committed.status).toBe(422);
    expect(await assignmentsIn(year)).toEqual([]);
  });

  it('checks the file again on commit: a unit taken since the preview is refused', async () => {
    const year = '2062-63';
    await givenPartners(year, 'Slow Org', 'Fast Org');
    const file = csv(REGIONS_HEADER, `Slow Org,${year},TX`, `Slow Org,${year},OK`);
    expect((await preview({ kind: 'regions', csv: file })).status).toBe(200);
    await imported('regions', csv(REGIONS_HEADER, `Fast Org,${year},OK`));
    const committed = await commit({ kind: 'regions', csv: file });
    expect(committed.status).toBe(422);
    expect(pageText(await committed.text())).toContain(
      `line 3: Oklahoma is already assigned to Fast Org for ${year}.`,
    );
    expect(await assignmentsIn(year)).toEqual(['OK Fast Org']);
  });

  it('takes a chosen file as well as pasted text, and says which year is current', async () => {
    const year = '2063-64';
    const text = csv(PARTNERS_HEADER, `Uploaded Org,Una,una@example.org,${year}`);
    const upload = (file: Blob, fields: Record<string, string> = {}) => {
      const token = 'test-csrf-token-0123456789abcdefghij';
      const body = new FormData();
      body.set('_csrf', token);
      body.set('kind', 'partners');
      for (const [name, value] of Object.entries(fields)) body.set(name, value);
      body.set('file', file, 'partners.csv');
      return fetch(`${test.url}/staff/imports/preview`, {
        method: 'POST',
        headers: { origin: test.url, cookie: `${staff.cookie}; portal_csrf=${token}` },
        body,
      });
    };
    const response = await upload(new Blob([text], { type: 'text/csv' }), { csv: 'ignored,pasted\n' });
    expect(response.status).toBe(200);
    const html = pageText(await response.text());
    expect(html).toContain('Would import 1 partner: 1 created, 0 updated, 0 unchanged.');
    // Whichever year this file's portal made current first (the first year created becomes current).
    const current = await test.deps.db.kysely
      .selectFrom('programYears')
      .select('name')
      .where('isCurrent', '=', 1)
      .executeTakeFirstOrThrow();
    expect(html).toContain(`${current.name} is the current program year`);
    // The commit carries the file's text, as if it had been pasted.
    expect(html).toContain(`<input type="hidden" name="csv" value="${text}"/>`);
    expect((await commit({ kind: 'partners', csv: text })).status).toBe(303);
    expect((await partnersIn(year)).map((p) => p.name)).toEqual(['Uploaded Org']);

    const latin1 = await upload(
      new Blob([Buffer.from(`${PARTNERS_HEADER}\nJos\xe9,J,j@example.org,${year}\n`, 'latin1')]),
    );
    expect(latin1.status).toBe(400);
    const refused = pageText(await latin1.text());
    expect(refused).toContain('The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again.');
    expect(refused).toMatch(
      /id="field-file"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-file"/,
    );

    const badLines = await upload(new Blob([csv(PARTNERS_HEADER, `Bad Org,B,not-an-email,${year}`)]));
    expect(badLines.status).toBe(422);
    // The file's text is shown in the box, to be fixed there.
    expect(pageText(await badLines.text())).toContain(`Bad Org,B,not-an-email,${year}\n</textarea>`);
  });

  it('refuses another role’s upload before reading it', async () => {
    const body = new FormData();
    body.set('_csrf', 'test-csrf-token-0123456789abcdefghij');
    body.set('kind', 'partners');
    body.set('file', new Blob([csv(PARTNERS_HEADER)]), 'partners.csv');
    const response = await fetch(`${test.url}/staff/imports/preview`, {
      method: 'POST',
      headers: {
        origin: test.url,
        cookie: `${others.participant?.cookie ?? ''}; portal_csrf=test-csrf-token-0123456789abcdefghij`,
      },
      body,
    });
    expect(response.status).toBe(403);
  });

  it('says when a file changes nothing, and asks for the kind of file', async () => {
    const nothing = await preview({ kind: 'partners', csv: csv(PARTNERS_HEADER) });
    expect(nothing.status).toBe(200);
    const html = await nothing.text();
    expect(html).toContain('there is nothing to import');
    expect(html).not.toContain('action="/staff/imports/commit"');

    const noKind = await preview({ kind: 'people', csv: csv(PARTNERS_HEADER) });
    expect(noKind.status).toBe(400);
    expect(await noKind.text()).toContain('Choose what the file holds');
  });
});

describe('who may import', () => {
  const file = csv(REGIONS_HEADER);

  it('sends anonymous visitors to sign in, and refuses their posts with 401', async () => {
    const page = await fetch(`${test.url}/staff/imports`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fstaff%2Fimports');
    for (const path of ['/staff/imports/preview', '/staff/imports/commit']) {
      const response = await fetch(`${test.url}${path}`, formRequest(test, { kind: 'regions', csv: file }));
      expect(response.status, path).toBe(401);
    }
    for (const kind of ['partners', 'regions'] as const) {
      const response = await fetch(
        `${test.url}/api/v1/imports/${kind}`,
        jsonRequest(test, 'POST', { csv: file }),
      );
      expect(response.status, kind).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses participants, facilitators and program managers with 403 on every route', async () => {
    for (const [role, user] of Object.entries(others)) {
      const page = await fetch(`${test.url}/staff/imports`, { headers: { cookie: user.cookie } });
      expect(page.status, `${role} GET`).toBe(403);
      for (const path of ['/staff/imports/preview', '/staff/imports/commit']) {
        const response = await fetch(
          `${test.url}${path}`,
          formRequest(
            test,
            { kind: 'partners', csv: csv(PARTNERS_HEADER, 'Sneaky,S,s@example.org,2070-71') },
            user.cookie,
          ),
        );
        expect(response.status, `${role} ${path}`).toBe(403);
      }
      for (const kind of ['partners', 'regions'] as const) {
        // Even a body the import would refuse gets a 403: permission is checked before the body.
        const response = await apiImport(kind, { nonsense: true }, user.cookie);
        expect(response.status, `${role} ${kind}`).toBe(403);
      }
    }
    expect(await yearExists('2070-71')).toBe(false);
  });

  it('lets staff use every route', async () => {
    expect((await fetch(`${test.url}/staff/imports`, { headers: { cookie: staff.cookie } })).status).toBe(
      200,
    );
    const fields = { kind: 'regions', csv: file };
    expect(
      (await fetch(`${test.url}/staff/imports/preview`, formRequest(test, fields, staff.cookie))).status,
    ).toBe(200);
    expect(
      (await fetch(`${test.url}/staff/imports/commit`, formRequest(test, fields, staff.cookie))).status,
    ).toBe(303);
    for (const kind of ['partners', 'regions'] as const) {
      expect(
        (await apiImport(kind, { csv: csv(kind === 'partners' ? PARTNERS_HEADER : REGIONS_HEADER) })).status,
      ).toBe(200);
    }
  });
});
