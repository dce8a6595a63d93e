import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
  withoutPortalScript,
} from '../../../tests/helpers/portal.js';
import type { Role } from '../../db/schema.js';
import { assignUnit } from '../regions/coverage.js';
import type { ImportResult } from './imports.schemas.js';

let test: TestPortal;
let staff: TestUser;
const others: Partial<Record<Exclude<Role, 'staff'>, TestUser>> = {};

beforeAll(async () => {
  test = await startTestPortal();
  staff = await signedInUser(test, 'staff');
  for (const role of ['participant', 'facilitator', 'program_manager'] as const) {
    others[role] = await signedInUser(test, role, role === 'program_manager' ? 'partner-a' : null);
  }
});
afterAll(async () => {
  await test.close();
});

const PARTNERS_HEADER = 'name,contact_name,contact_email,program_year';
const REGIONS_HEADER = 'partner,program_year,region';

interface Problem {
  status: number;
  detail: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

async function apiImport(kind: 'partners' | 'regions', body: unknown, cookie: string = staff.cookie) {
  return fetch(`${test.url}/api/v1/imports/${kind}`, jsonRequest(test, 'POST', body, cookie));
}

async function imported(kind: 'partners' | 'regions', text: string, dryRun = false): Promise<ImportResult> {
  const response = await apiImport(kind, { csv: text, dryRun });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ImportResult;
}

async function refused(kind: 'partners' | 'regions', text: string): Promise<Problem> {
  const response = await apiImport(kind, { csv: text });
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as Problem;
}

async function partnersIn(year: string) {
  return test.deps.db.kysely
    .selectFrom('partners')
    .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
    .select(['partners.id', 'partners.name', 'partners.contactName', 'partners.contactEmail'])
    .where('programYears.name', '=', year)
    .orderBy('partners.name')
    .execute();
}

async function assignmentsIn(year: string) {
  const rows = await test.deps.db.kysely
    .selectFrom('regionAssignments')
    .innerJoin('programYears', 'programYears.id', 'regionAssignments.programYearId')
    .innerJoin('partners', 'partners.id', 'regionAssignments.partnerId')
    .select(['regionAssignments.unit', 'partners.name'])
    .where('programYears.name', '=', year)
    .orderBy('regionAssignments.unit')
    .execute();
  return rows.map((row) => `${row.unit} ${row.name}`);
}

async function yearExists(name: string): Promise<boolean> {
  const row = await test.deps.db.kysely
    .selectFrom('programYears')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** Text as a person reads it on the page (the few entities the renderer writes decoded). */
function pageText(html: string): string {
  return html
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** Polls PostgreSQL until so many sessions of this database wait for a lock. */
async function waitForLockWaiters(count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where wait_event_type = 'Lock' and datname = current_database()`.execute(test.deps.db.kysely);
    if ((rows[0]?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no session started waiting for the lock');
}

/** Two partners in a year, for the region tests. */
async function givenPartners(year: string, ...names: string[]): Promise<void> {
  const lines = names.map((name, i) => `${name},Contact ${i},c${i}@example.org,${year}`);
  await imported('partners', csv(PARTNERS_HEADER, ...lines));
}

describe('POST /api/v1/imports/partners', () => {
  it('creates the partners and the year they name, each partner its own lead organization', async () => {
    const year = '2040-41';
    const result = await imported(
      'partners',
      csv(
        PARTNERS_HEADER,
        'Cascade CS Alliance,Ana Ruiz,ana@cascade.example.org,2040-41',
        '"Puget Sound Educators, Inc.",Sam Lee,SAM@puget.example.org,2040-41',
      ),
    );
    expect(result).toMatchObject({ kind: 'partners', dryRun: false, created: 2, updated: 0, unchanged: 0 });
    expect(result.programYearsCreated).toEqual([year]);
    // The portal had no year: the first one created becomes current, and the result says so.
    expect(result.currentProgramYear).toBe(year);
    expect(result.lines).toEqual([
      {
        line: 2,
        outcome: 'created',
        programYear: year,
        partner: 'Cascade CS Alliance',
        region: null,
        detail: 'New partner',
      },
      {
        line: 3,
        outcome: 'created',
        programYear: year,
        partner: 'Puget Sound Educators, Inc.',
        region: null,
        detail: 'New partner',
      },
    ]);
    const partners = await partnersIn(year);
    expect(partners.map(({ name, contactName, contactEmail }) => [name, contactName, contactEmail])).toEqual([
      ['Cascade CS Alliance', 'Ana Ruiz', 'ana@cascade.example.org'],
      ['Puget Sound Educators, Inc.', 'Sam Lee', 'sam@puget.example.org'],
    ]);
    const partner = await fetch(
      `${test.url}/api/v1/partners/${partners[1]?.id ?? ''}`,
      jsonRequest(test, 'GET', undefined, staff.cookie),
    );
    expect(await partner.json()).toMatchObject({
      organizations: [{ name: 'Puget Sound Educators, Inc.', role: 'lead' }],
      active: true,
    });
  });

  it('is idempotent: the same file again changes nothing; a changed contact is updated, only that', async () => {
    const year = '2041-42';
    const file = csv(
      PARTNERS_HEADER,
      `Alpha,Al One,al@example.org,${year}`,
      `Beta,Bea Two,bea@example.org,${year}`,
    );
    await imported('partners', file);
    const before = await partnersIn(year);

    const again = await imported('partners', file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, programYearsCreated: [] });
    expect(again.lines.map((line) => line.detail)).toEqual(['Unchanged', 'Unchanged']);
    expect(await partnersIn(year)).toEqual(before);

    const changed = await imported(
      'partners',
      csv(PARTNERS_HEADER, `Alpha,Al One,al@example.org,${year}`, `Beta,Bea Three,bea3@example.org,${year}`),
    );
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(changed.lines[1]?.detail).toBe(
      'Updated contact name "Bea Two" → "Bea Three", contact email bea@example.org → bea3@example.org',
    );
    const after = await partnersIn(year);
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(after[1]).toMatchObject({ contactName: 'Bea Three', contactEmail: 'bea3@example.org' });
  });

  it('with dryRun reports what would change and writes nothing, not even the year', async () => {
    const result = await imported('partners', csv(PARTNERS_HEADER, 'Gamma,G,g@example.org,2042-43'), true);
    expect(result).toMatchObject({ dryRun: true, created: 1, programYearsCreated: ['2042-43'] });
    expect(result.lines[0]).toMatchObject({ line: 2, outcome: 'created', partner: 'Gamma' });
    expect(await yearExists('2042-43')).toBe(false);
  });

  it('writes nothing from a file with bad lines, and lists every one with its reason', async () => {
    const year = '2043-44';
    const problem = await refused(
      'partners',
      csv(
        PARTNERS_HEADER,
        `Good One,Ann,ann@example.org,${year}`,
        `Bad Mail,Bob,not-an-email,${year}`,
        `Good Two,Cy,cy@example.org,${year}`,
        'Bad Year,Di,di@example.org,2043-45',
        `Good One,Someone Else,else@example.org,${year}`,
      ),
    );
    expect(problem.code).toBe('IMPORT_INVALID');
    expect(problem.detail).toBe('Nothing was imported: the file has 3 problems.');
    expect(problem.errors).toEqual([
      { path: 'line 3', message: 'contact_email: Enter an email address like name@example.org.' },
      { path: 'line 5', message: 'program_year: The second year must follow the first, like 2027-28.' },
      { path: 'line 6', message: `"Good One" in ${year} is also on line 2, with another contact.` },
    ]);
    expect(await yearExists(year)).toBe(false);
  });

  it('refuses a name that differs from an existing partner’s only in capitals', async () => {
    const year = '2044-45';
    await givenPartners(year, 'Delta Learning');
    const problem = await refused('partners', csv(PARTNERS_HEADER, `DELTA LEARNING,X,x@example.org,${year}`));
    expect(problem.errors).toEqual([
      {
        path: 'line 2',
        message: `a partner named "Delta Learning" already exists in ${year}; write its name exactly like that to update it.`,
      },
    ]);
  });

  it('accepts a byte-order mark and Windows line endings', async () => {
    const text = `\uFEFF${PARTNERS_HEADER}\r\nEpsilon,Eve,eve@example.org,2045-46\r\n"Zeta\r\nWest",Zed,zed@example.org,2045-46\r\n`;
    const result = await imported('partners', text);
    expect(result.lines.map((line) => [line.line, line.partner])).toEqual([
      [2, 'Epsilon'],
      [3, 'Zeta\r\nWest'],
    ]);
  });

  it('refuses a bad header, a missing column and a stray quote, naming the lines', async () => {
    const header = await refused(
      'partners',
      csv('name,contact,contact_email,program_year', 'A,B,c@d.org,2046-47'),
    );
    expect(header.errors).toEqual([
      {
        path: 'line 1',
        message:
          'the header must be "name,contact_name,contact_email,program_year" (missing contact_name; unexpected "contact").',
      },
    ]);

    const columns = await refused(
      'partners',
      csv(PARTNERS_HEADER, 'A,B,c@d.org,2046-47', 'Short,B,2046-47', 'The "Best" Co,B,c@d.org,2046-47'),
    );
    expect(columns.errors?.map((error) => error.path)).toEqual(['line 3', 'line 4']);
    expect(columns.errors?.[0]?.message).toContain('a column is missing');
    expect(columns.errors?.[1]?.message).toContain('a double quote inside a value');

    const unterminated = await refused('partners', csv(PARTNERS_HEADER, '"Open,B,c@d.org,2046-47'));
    expect(unterminated.errors).toEqual([
      { path: 'line 2', message: 'a value opened with a double quote on line 2 is never closed.' },
    ]);

    const empty = await refused('partners', '');
    expect(empty.errors).toEqual([
      {
        path: 'csv',
        message: `The file is empty: its first line must be the header "${PARTNERS_HEADER}".`,
      },
    ]);
    expect(await yearExists('2046-47')).toBe(false);
  });

  it('answers 400 to a body without the CSV text', async () => {
    const response = await apiImport('partners', { dryRun: 'yes' });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(['csv', 'dryRun']);
  });
});

describe('POST /api/v1/imports/regions', () => {
  it('assigns the regions, which the lookup then shows, and is idempotent', async () => {
    const year = '2050-51';
    await givenPartners(year, 'North Partner', 'South Partner');
    const lookup = async () => {
      const response = await fetch(`${test.url}/api/v1/regions/lookup?zip=98101&year=${year}`);
      return ((await response.json()) as { partner: { name: string } | null }).partner?.name ?? null;
    };
    expect(await lookup()).toBeNull();

    const file = csv(
      REGIONS_HEADER,
      `North Partner,${year},wa`,
      `South Partner,${year},WA:king county`,
      `South Partner,${year},98101-1234`,
      `South Partner,${year},98101`,
    );
    const result = await imported('regions', file);
    expect(result).toMatchObject({ kind: 'regions', created: 3, updated: 0, unchanged: 1 });
    expect(result.lines.map((line) => [line.line, line.region, line.outcome, line.detail])).toEqual([
      [2, 'WA', 'created', 'New assignment'],
      [3, 'WA:King', 'created', 'New assignment'],
      [4, '98101', 'created', 'New assignment'],
      [5, '98101', 'unchanged', 'Same as line 4'],
    ]);
    expect(await assignmentsIn(year)).toEqual([
      '98101 South Partner',
      'WA North Partner',
      'WA:King South Partner',
    ]);
    expect(await lookup()).toBe('South Partner');

    const again = await imported('regions', file);
    expect(again).toMatchObject({ created: 0, unchanged: 4 });
    expect(again.lines[0]?.detail).toBe('Already held by this partner');
    expect(await assignmentsIn(year)).toHaveLength(3);
  });

  it('flags a unit inside one the same partner already holds, in the portal or earlier in the file', async () => {
    const year = '2057-58';
    await givenPartners(year, 'Wide Org', 'Other Org');
    await imported('regions', csv(REGIONS_HEADER, `Wide Org,${year},WA`));
    const file = csv(
      REGIONS_HEADER,
      `Wide Org,${year},98101`,
      `Wide Org,${year},WA:Spokane`,
      `Other Org,${year},OR:Lane`,
      `Other Org,${year},97401`,
      `Other Org,${year},OR:Multnomah`,
      `Wide Org,${year},ID`,
    );
    const preview = await imported('regions', file, true);
    expect(preview.lines.map((line) => [line.region, line.outcome, line.redundantInside])).toEqual([
      ['98101', 'created', 'WA'],
      ['WA:Spokane', 'created', 'WA'],
      ['OR:Lane', 'created', undefined],
      ['97401', 'created', 'OR:Lane'],
      ['OR:Multnomah', 'created', undefined],
      ['ID', 'created', undefined],
    ]);
    // A flag, not a refusal: the preview says so in words, and the file still imports.
    const page = await fetch(
      `${test.url}/staff/imports/preview`,
      formRequest(test, { kind: 'regions', csv: file }, staff.cookie),
    );
    const html = pageText(await page.text());
    expect(html).toContain('Redundant: inside Washington');
    expect(html).toContain('Redundant: inside Lane County, OR');
    expect(html).toContain('<td>ZIP code 98101</td>');
    expect((await imported('regions', file)).created).toBe(6);
  });

  it('refuses a unit another partner holds, naming the holder, and writes none of the file', async () => {
    const year = '2051-52';
    await givenPartners(year, 'Holder Org', 'Newcomer Org');
    await imported('regions', csv(REGIONS_HEADER, `Holder Org,${year},OR`));
    const problem = await refused(
      'regions',
      csv(REGIONS_HEADER, `Newcomer Org,${year},ID`, `Newcomer Org,${year},or`, `Newcomer Org,${year},MT`),
    );
    expect(problem.errors).toEqual([
      { path: 'line 3', message: `Oregon is already assigned to Holder Org for ${year}.` },
    ]);
    expect(await assignmentsIn(year)).toEqual(['OR Holder Org']);
  });

  it('lists every bad line: unknown partner, unknown unit, a unit given twice in the file', async () => {
    const year = '2052-53';
    await givenPartners(year, 'Known One', 'Known Two');
    const problem = await refused(
      'regions',
      csv(
        REGIONS_HEADER,
        `Known One,${year},CA`,
        `Nobody,${year},NV`,
        `Known One,${year},00000`,
        `Known Two,${year},ca`,
        `known two,${year},AZ`,
        `Known Two,${year},XX:Nowhere`,
        `Someone,2053-54,UT`,
      ),
    );
    expect(problem.errors).toEqual([
      { path: 'line 3', message: `unknown partner "Nobody" in ${year}.` },
      { path: 'line 4', message: 'region: The ZIP code 00000 is not in the US ZIP code dataset.' },
      {
        path: 'line 5',
        message: 'CA is also given to "Known One" on line 2; a unit has one partner per year.',
      },
      { path: 'line 6', message: `unknown partner "known two" in ${year}; did you mean "Known Two"?` },
      { path: 'line 7', message: 'region: "XX" is not a US state or territory code.' },
      {
        path: 'line 8',
        message: 'unknown partner "Someone" in 2053-54; that year has no partners yet (import them first).',
      },
    ]);
    expect(await assignmentsIn(year)).toEqual([]);
    expect(await yearExists('2053-54')).toBe(false);
  });

  it('lets exactly one of several simultaneous imports claim a unit', async () => {
    const year = '2054-55';
    const names = ['Racer A', 'Racer B', 'Racer C', 'Racer D'];
    await givenPartners(year, ...names);
    const responses = await Promise.all(
      names.map((name) => apiImport('regions', { csv: csv(REGIONS_HEADER, `${name},${year},NM`) })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 422, 422, 422]);
    for (const response of responses.filter((r) => r.status === 422)) {
      const problem = (await response.json()) as Problem;
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors?.[0]).toMatchObject({ path: 'line 2' });
      expect(problem.errors?.[0]?.message).toMatch(
        new RegExp(`^New Mexico is already assigned to .+ for ${year}\\.`),
      );
    }
    expect(await assignmentsIn(year)).toHaveLength(1);
  });

  // Only PostgreSQL runs two transactions at once; SQLite's one connection takes them in turn.
  it.runIf(inject('postgresUrl') !== '')(
    'refuses a unit another transaction assigns between the check and the write',
    async () => {
      const year = '2055-56';
      await givenPartners(year, 'Blocker Org', 'Importer Org');
      const db = test.deps.db.kysely;
      const blocker = await db
        .selectFrom('partners')
        .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
        .select(['partners.id', 'partners.programYearId'])
        .where('partners.name', '=', 'Blocker Org')
        .where('programYears.name', '=', year)
        .executeTakeFirstOrThrow();
      let importing: Promise<Response> | undefined;
      await db.transaction().execute(async (trx) => {
        const unit = { kind: 'state', unit: 'NM', state: 'NM' } as const;
        await assignUnit(trx, {
          programYearId: blocker.programYearId,
          yearName: year,
          partnerId: blocker.id,
          unit,
        });
        // The import does not see this uncommitted row, plans an insert and waits on the unique index.
        importing = apiImport('regions', { csv: csv(REGIONS_HEADER, `Importer Org,${year},NM`) });
        await waitForLockWaiters(1);
      });
      const response = await importing;
      expect(response?.status).toBe(422);
      expect(((await response?.json()) as Problem).errors).toEqual([
        {
          path: 'line 2',
          message: `New Mexico is already assigned to another partner for ${year}. It was assigned during this import.`,
        },
      ]);
      expect(await assignmentsIn(year)).toEqual(['NM Blocker Org']);
    },
  );

  it('is described in the API description', async () => {
    const openapi = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { post?: { tags?: string[]; responses?: Record<string, unknown> } }>;
    };
    for (const path of ['/api/v1/imports/partners', '/api/v1/imports/regions']) {
      expect(openapi.paths[path]?.post?.tags).toEqual(['Imports']);
      expect(Object.keys(openapi.paths[path]?.post?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '422']),
      );
    }
  });
});

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
    expect(html).toContain('2040-41 is the current program year');
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
