import { describe, expect, inject, it } from 'vitest';
import { formRequest } from '../../../tests/helpers/portal.js';
import { assignUnit } from '../regions/coverage.js';
import {
  useImportPortal,
  test,
  staff,
  REGIONS_HEADER,
  type Problem,
  csv,
  apiImport,
  imported,
  refused,
  assignmentsIn,
  yearExists,
  pageText,
  waitForLockWaiters,
  givenPartners,
} from './imports.fixture.js';

// Importing regions from CSV through the API: assignments, redundant units, units another partner holds, races.

useImportPortal();

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
