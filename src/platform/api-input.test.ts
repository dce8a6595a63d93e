import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../tests/helpers/portal.js';
import { CHANGING_ON_ANY_REQUEST, tableNames } from '../../tests/helpers/databases.js';

/*
 * Bad input from the OpenAPI document: for every operation, bodies, query parameters and path parameters full of
 * wrong types, huge and empty texts, NUL and other control characters and unicode edge cases, sent as staff (who
 * may reach every operation). Every answer is below 500; every refusal is in a person's words (problem+json from
 * the API, an error page for the files beside it); and a refused request writes nothing (every table's row count is the same after an operation's refused requests).
 */

interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header' }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

/** Zod's own wording, which must never reach a person. */
const ZOD_DEFAULTS =
  /Invalid input|expected \w+, received|Too (small|big)|Unrecognized key|Invalid (string|option|email|url)/i;
const CASES_PER_OPERATION = 6;

/** A path segment for any text; a lone surrogate, which has no UTF-8, is sent as the bytes it would be in CESU. */
function segment(text: string): string {
  try {
    return encodeURIComponent(text.slice(0, 2000)) || 'x';
  } catch {
    return '%ED%A0%80';
  }
}

const edgeText = fc.oneof(
  fc.constant(''),
  fc.constant('\u0000'),
  fc.constant('a\u0000b'),
  fc.constant('\u202e\u0301\ud83d\ude00'),
  fc.constant('\ud800'),
  fc.constant('x'.repeat(70_000)),
  fc.constant('../../etc/passwd'),
  fc.constant('<script>alert(1)</script>'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const edgeValue = fc.oneof(
  edgeText,
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([1, null]),
  fc.constant({ nested: { deeper: [] } }),
);

let test: TestPortal;
let staff: TestUser;
let operations: { method: string; path: string; operation: Operation }[];

async function rowCounts(): Promise<Record<string, number>> {
  const db = test.deps.db;
  const counts: Record<string, number> = {};
  for (const name of await tableNames(db)) {
    if (CHANGING_ON_ANY_REQUEST.has(name)) continue;
    const row = await sql<{
      count: number | string;
    }>`select count(*) as count from ${sql.table(name)}`.execute(db.raw);
    counts[name] = Number(row.rows[0]?.count ?? 0);
  }
  return counts;
}

beforeAll(async () => {
  test = await startTestPortal({ INQUIRY_RATE_LIMIT: '100000', ENROLLMENT_RATE_LIMIT: '100000' });
  staff = await signedInUser(test, 'staff');
  const document = (await callApi(test, 'GET', '/api/openapi.json', staff)).body as {
    paths: Record<string, Record<string, Operation>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
});
afterAll(async () => {
  await test.close();
});

describe('every operation of the OpenAPI document, given bad input', () => {
  it('answers below 500, refuses in a person’s words, and a refusal writes nothing', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const { method, path, operation } of operations) {
      const fields = Object.keys(
        operation.requestBody?.content?.['application/json']?.schema?.properties ?? {},
      );
      const queries = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const cases = fc.sample(
        fc.record({
          pathValue: edgeText,
          body: fc.dictionary(fc.constantFrom(...fields, 'unexpected'), edgeValue, {
            maxKeys: fields.length + 1,
          }),
          query: fc.dictionary(fc.constantFrom(...queries, 'unexpected'), edgeText, {
            maxKeys: queries.length + 1,
          }),
        }),
        { numRuns: CASES_PER_OPERATION, seed: 20261202 },
      );
      const before = await rowCounts();
      let refusedOnly = true;
      for (const { pathValue, body, query } of cases) {
        const url =
          path.replace(/\{[^}]+\}/g, segment(pathValue)) +
          (Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '');
        const response = await fetch(
          `${test.url}${url}`,
          jsonRequest(test, method, method === 'GET' ? undefined : body, staff.cookie),
        );
        const text = await response.text();
        const refused = response.status >= 400;
        if (!refused) refusedOnly = false;
        // The JSON API refuses in problem+json; the files offered beside it (calendars, CSV, PDF) with an error page,
        // but for an address too long to parse, which is refused before any route is known.
        const refusalType =
          path.startsWith('/api/') || response.status === 431 ? 'application/problem+json' : 'text/html';
        const worded =
          !refused ||
          (response.headers.get('content-type')?.includes(refusalType) && !ZOD_DEFAULTS.test(text));
        if (response.status >= 500 || !worded) {
          failures.push(`${method} ${path} → ${response.status}: ${text.slice(0, 160)}`);
        }
      }
      if (refusedOnly) {
        const after = await rowCounts();
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length > 0)
          failures.push(`${method} ${path} refused every case but changed ${changed.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
