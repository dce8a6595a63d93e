import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCES, type Audience, type DeclaredRoute } from '../../src/platform/access.js';
import { CHANGING_ON_ANY_REQUEST, tableNames } from '../helpers/databases.js';
import { signIn, startTestPortal, type TestPortal } from '../helpers/portal.js';
import { addressOf, buildWorld, CSRF, extrasOf, ROLES, type Role, type World } from './world.js';

/*
 * Authorization as an inventory: every route declares who may use it (`config.access`), and this file drives every
 * route as each of six people against real records of partner A: exactly the declared audiences get through, and
 * everyone else is refused (401, 403, a hiding 404, or the way to the sign-in page) without a single row changing.
 * A new route joins by declaring itself; one that declares nothing fails the first test.
 */

/** Who of the six each audience lets in, given the world: A's records, the participant's own, A's workshop team. */
const ADMITS: Record<Audience, readonly Role[]> = {
  anyone: ROLES,
  'signed-in': ROLES.filter((role) => role !== 'anonymous'),
  staff: ['staff'],
  partner: ['pmA'],
  manager: ['pmA', 'pmB'],
  owner: ['participant'],
  'workshop-team': ['pmA', 'facilitator'],
  facilitator: ['facilitator'],
  invitee: [],
};

let test: TestPortal;
let world: World;
let routes: DeclaredRoute[];
const cookies = new Map<Role, string>();

beforeAll(async () => {
  test = await startTestPortal({
    INQUIRY_RATE_LIMIT: '100000',
    ENROLLMENT_RATE_LIMIT: '100000',
    // Reminders that come due during the run would write mail that no request made.
    REMINDER_POLL_MS: '3600000',
  });
  world = await buildWorld(test);
  for (const [role, user] of Object.entries(world.users)) cookies.set(role as Role, user.cookie);
  routes = test.portal.app.declaredRoutes;
}, 120_000);
afterAll(async () => {
  await test.close();
});

interface Answer {
  status: number;
  location: string;
}

/** The request a browser (pages) or an API client (`/api/`) makes, as `role`, with an empty form or body. */
async function request(role: Role, route: DeclaredRoute): Promise<Answer> {
  const extras = extrasOf(route.method, route.url, world.records);
  const url = `${test.url}${addressOf(route.url, world.records)}${extras.query ? `?${extras.query}` : ''}`;
  const cookie = cookies.get(role);
  const api = route.url.startsWith('/api/');
  const changes = route.method !== 'GET';
  const headers: Record<string, string> = { origin: test.url };
  let body: string | undefined;
  if (changes && api) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(extras.body ?? {});
  } else if (changes) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ _csrf: CSRF, ...extras.body }).toString();
  }
  headers.cookie = [cookie, changes && !api ? `portal_csrf=${CSRF}` : undefined].filter(Boolean).join('; ');
  const response = await fetch(url, { method: route.method, headers, body, redirect: 'manual' });
  await response.arrayBuffer();
  if (role !== 'anonymous' && endedSession(response)) await signInAgain(role);
  return { status: response.status, location: response.headers.get('location') ?? '' };
}

/** Signing out (here or everywhere) is a route like any other; the person signs in again for the next one. */
function endedSession(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => /session_token=;|Max-Age=0/i.test(cookie));
}

async function signInAgain(role: Role): Promise<void> {
  const user = world.users[role as Exclude<Role, 'anonymous'>];
  cookies.set(role, await signIn(test, user.email, user.password));
}

function isRefusal({ status, location }: Answer): boolean {
  return (
    status === 401 ||
    status === 403 ||
    status === 404 ||
    (status === 303 && location.startsWith('/sign-in?next='))
  );
}

const nameOf = (route: DeclaredRoute) => `${route.method} ${route.url}`;

function admitted(route: DeclaredRoute): readonly Role[] {
  return ROLES.filter((role) => (route.access ?? []).some((audience) => ADMITS[audience].includes(role)));
}

/** Every row of every table, hashed: a refused request leaves it as it was. */
async function digest(): Promise<Record<string, string>> {
  const db = test.deps.db;
  const digests: Record<string, string> = {};
  for (const name of await tableNames(db)) {
    if (CHANGING_ON_ANY_REQUEST.has(name)) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db.raw);
    const lines = rows.rows
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) =>
          Buffer.isBuffer(value) ? value.toString('base64') : value,
        ),
      )
      .sort();
    digests[name] = createHash('sha256').update(lines.join('\n')).digest('hex');
  }
  return digests;
}

describe('the access inventory', () => {
  it('has a declaration for every route', () => {
    expect(routes.length).toBeGreaterThan(250);
    expect(routes.filter((route) => !route.access?.length).map(nameOf)).toEqual([]);
    const known = new Set(Object.keys(AUDIENCES));
    expect(
      routes.filter((route) => route.access?.some((audience) => !known.has(audience))).map(nameOf),
    ).toEqual([]);
  });

  it('refuses everyone a route does not declare, and what they send changes nothing', async () => {
    const before = await digest();
    const failures: string[] = [];
    for (const route of routes) {
      const refused = ROLES.filter((role) => !admitted(route).includes(role));
      const answers = await Promise.all(refused.map((role) => request(role, route)));
      answers.forEach((answer, index) => {
        if (!isRefusal(answer))
          failures.push(`${nameOf(route)} as ${refused[index]}: ${answer.status} ${answer.location}`);
      });
    }
    expect(failures).toEqual([]);
    const after = await digest();
    expect(Object.keys(after).filter((table) => after[table] !== before[table])).toEqual([]);
  }, 120_000);

  it('lets in everyone it declares', async () => {
    // Reads first: a state change let through (a withdrawal, a removal) may leave a record that later reads cannot see.
    const ordered = [...routes].sort((a, b) => weight(a) - weight(b));
    const failures: string[] = [];
    // The records a removal let through has taken away: a second way to remove the same one finds nothing there.
    const removed = new Set<string>();
    for (const route of ordered) {
      for (const role of admitted(route)) {
        const answer = await request(role, route);
        const address = addressOf(route.url, world.records);
        const gone = answer.status === 404 && address.split('/').some((segment) => removed.has(segment));
        // A wildcard stands for any address under it, most of which are nothing: it need only answer.
        const refused = isRefusal(answer) && !gone && !route.url.endsWith('*');
        if (refused || answer.status >= 500)
          failures.push(`${nameOf(route)} as ${role}: ${answer.status} ${answer.location}`);
        if (weight(route) === 2 && answer.status < 400) removed.add(removedRecord(address));
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

/** The record a removal addresses: the last segment of its address before the action (`/resources/ID/remove` → ID). */
function removedRecord(address: string): string {
  const segments = address.split('/');
  const last = segments.pop() ?? '';
  return REMOVALS.test(`/${last}`) ? (segments.pop() ?? '') : last;
}

const REMOVALS = /\/(remove|delete|cancel|withdraw|revoke|end|close|decline)$/;

/** Reads, then changes, then removals. */
function weight(route: DeclaredRoute): number {
  if (route.method === 'GET') return 0;
  if (
    route.method === 'DELETE' ||
    /\/(remove|delete|cancel|withdraw|revoke|end|close|decline)$/.test(route.url)
  )
    return 2;
  return 1;
}
