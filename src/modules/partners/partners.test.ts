import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signIn,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';
import type { Partner } from './partners.schemas.js';

let sink: SmtpSink;
let test: TestPortal;
let staff: TestUser;

const partnerBody = (name: string, extra: Record<string, unknown> = {}) => ({
  programYear: '2027-28',
  name,
  contactName: 'Pat Contact',
  contactEmail: `contact@${name.toLowerCase().replace(/\W+/g, '')}.example.org`,
  website: 'https://partner.example.org',
  coursesOffered: ['CS Principles', 'CS Discoveries'],
  organizations: [
    { name: `${name} Foundation`, role: 'funding' },
    { name: `${name} University`, role: 'professional learning and outreach' },
  ],
  ...extra,
});

// The caller names the body type it expects, as with fetch().json().
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
async function api<T>(method: string, path: string, body?: unknown, cookie = staff.cookie) {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, cookie));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  staff = await signedInUser(test, 'staff');
  expect((await api('POST', '/api/v1/program-years', { name: '2027-28', makeCurrent: true })).status).toBe(
    201,
  );
});
afterAll(async () => {
  await test.close();
  await sink.close();
});

describe('program years', () => {
  it('creates years, keeps one current and the FTE setting', async () => {
    expect((await api('POST', '/api/v1/program-years', { name: '2028-29', pmFte: 0.4 })).status).toBe(201);
    const duplicate = await api<{ errors: { path: string }[] }>('POST', '/api/v1/program-years', {
      name: '2028-29',
    });
    expect(duplicate.status).toBe(409);
    const bad = await api<{ errors: { path: string; message: string }[] }>('POST', '/api/v1/program-years', {
      name: '2028-30',
      pmFte: 2,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'name', message: 'The second year must follow the first, like 2027-28.' },
      { path: 'pmFte', message: 'Use at most 1 FTE.' },
    ]);
    expect((await api('POST', '/api/v1/program-years/2028-29/current')).status).toBe(204);
    const years = await api<{ name: string; isCurrent: boolean; pmFte: number }[]>(
      'GET',
      '/api/v1/program-years',
    );
    expect(years.body.filter((y) => y.isCurrent).map((y) => y.name)).toEqual(['2028-29']);
    expect(years.body.find((y) => y.name === '2028-29')?.pmFte).toBe(0.4);
    expect((await api('POST', '/api/v1/program-years/2027-28/current')).status).toBe(204);
  });

  it('lets the database refuse a second current year', async () => {
    await expect(
      test.deps.db.kysely.updateTable('programYears').set({ isCurrent: 1 }).execute(),
    ).rejects.toThrow();
  });
});

describe('partners and regions', () => {
  it('creates a joint partner with its organizations and assigns regions, finest unit winning', async () => {
    const created = await api<Partner>('POST', '/api/v1/partners', partnerBody('Cascade CS'));
    expect(created.status).toBe(201);
    expect(created.body.organizations).toHaveLength(2);
    const id = created.body.id;
    for (const region of ['WA', 'wa:king', ' 98101-1234 ']) {
      expect((await api('POST', `/api/v1/partners/${id}/regions`, { region })).status).toBe(201);
    }
    const partner = await api<Partner>('GET', `/api/v1/partners/${id}`);
    expect(partner.body.regions).toEqual(['98101', 'WA', 'WA:King']);
  });

  it('refuses a unit another partner holds, naming the holder, and writes nothing', async () => {
    const other = await api<Partner>('POST', '/api/v1/partners', partnerBody('Evergreen Learning'));
    const refused = await api<{ detail: string }>('POST', `/api/v1/partners/${other.body.id}/regions`, {
      region: 'WA:King',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('King County, WA is already assigned to Cascade CS for 2027-28.');
    expect((await api<Partner>('GET', `/api/v1/partners/${other.body.id}`)).body.regions).toEqual([]);
    // A finer unit inside another partner's state is a carve-out, which is allowed.
    expect(
      (await api('POST', `/api/v1/partners/${other.body.id}/regions`, { region: 'WA:Pierce' })).status,
    ).toBe(201);
  });

  it('enforces one partner per unit and year in the database itself', async () => {
    const [a, b] = await test.deps.db.kysely
      .selectFrom('partners')
      .select(['id', 'programYearId'])
      .limit(2)
      .execute();
    const row = (partnerId: string) => ({
      id: crypto.randomUUID(),
      programYearId: a?.programYearId ?? '',
      partnerId,
      unitKind: 'state' as const,
      unit: 'NV',
      state: 'NV',
      createdAt: new Date().toISOString(),
    });
    await test.deps.db.kysely
      .insertInto('regionAssignments')
      .values(row(a?.id ?? ''))
      .execute();
    await expect(
      test.deps.db.kysely
        .insertInto('regionAssignments')
        .values(row(b?.id ?? ''))
        .execute(),
    ).rejects.toThrow();
  });

  it('explains bad input for each field and for unknown regions', async () => {
    const bad = await api<{ errors: { path: string; message: string }[] }>('POST', '/api/v1/partners', {
      programYear: '2027-28',
      name: '',
      contactName: 'X',
      contactEmail: 'nope',
      website: 'ftp://x',
      organizations: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual([
      'contactEmail',
      'name',
      'organizations',
      'website',
    ]);
    const partners = await api<{ partners: Partner[] }>('GET', '/api/v1/partners');
    const id = partners.body.partners[0]?.id ?? '';
    for (const [region, message] of [
      ['ZZ', '"ZZ" is not a US state or territory code.'],
      ['WA:Atlantis', 'There is no county "Atlantis" in Washington.'],
      ['00000', 'The ZIP code 00000 is not in the US ZIP code dataset.'],
      [
        'Seattle!',
        '"Seattle!" is not a region: write a state (WA), a county (WA:King) or a ZIP code (98101).',
      ],
    ] as const) {
      const response = await api<{ errors: { message: string }[] }>(
        'POST',
        `/api/v1/partners/${id}/regions`,
        { region },
      );
      expect(response.status, region).toBe(400);
      expect(response.body.errors[0]?.message).toBe(message);
    }
  });

  it('keeps what was typed on the partner form and explains the problem', async () => {
    const response = await fetch(
      `${test.url}/staff/partners/new`,
      formRequest(
        test,
        {
          programYear: '2027-28',
          name: 'Typed Name',
          contactName: '',
          contactEmail: 'bad',
          'organizations.0.name': 'Org',
          'organizations.0.role': '',
        },
        staff.cookie,
      ),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="Typed Name"');
    expect(html).toContain('value="bad"');
    expect(html).toContain('Enter an email address like name@example.org.');
    expect(html).toContain('Describe its role');
  });
});

describe('program manager invitations', () => {
  it('emails a link that makes the person a program manager of that partner only', async () => {
    const partners = await api<{ partners: Partner[] }>('GET', '/api/v1/partners');
    const [mine, theirs] = partners.body.partners;
    const email = 'new.manager@example.org';
    expect((await api('POST', `/api/v1/partners/${mine?.id ?? ''}/invitations`, { email })).status).toBe(201);
    const mail = await sink.waitFor((m) => m.to.includes(email));
    const link = /https?:\/\/\S+\/invitations\/\S+/.exec(mail.text)?.[0] ?? '';
    const path = new URL(link).pathname;

    const landing = await fetch(`${test.url}${path}`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain(`You are invited to manage ${mine?.name ?? ''}`);

    const signUp = await fetch(
      `${test.url}/sign-up`,
      formRequest(test, { name: 'New Manager', email, password: 'a long enough password', next: path }),
    );
    expect(signUp.headers.get('location')).toBe('/sign-up/sent');
    // The account is the invited address's once its confirmation link is opened.
    const confirmation = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('Confirm'));
    const verifyLink = /https?:\/\/\S+verify-email\S+/.exec(confirmation.text)?.[0] ?? '';
    expect((await fetch(verifyLink, { redirect: 'manual' })).status).toBe(302);
    // Someone else signed in with the link (forwarded, or leaked) is refused, and becomes nobody's manager.
    const bystander = await signedInUser(test, 'participant');
    const refused = await fetch(`${test.url}${path}`, formRequest(test, {}, bystander.cookie));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(`This invitation was sent to ${email}`);
    const bystanderRoles = await test.deps.db.kysely
      .selectFrom('userRoles')
      .innerJoin('users', 'users.id', 'userRoles.userId')
      .select('userRoles.role')
      .where('users.email', '=', bystander.email)
      .execute();
    expect(bystanderRoles.map((row) => row.role)).toEqual(['participant']);

    const cookie = await signIn(test, email, 'a long enough password');
    const accepted = await fetch(`${test.url}${path}`, {
      ...formRequest(test, {}, cookie),
      redirect: 'manual',
    });
    expect(accepted.status).toBe(303);
    const welcomePath = accepted.headers.get('location') ?? '';
    expect(welcomePath).toBe(`/invitations/accepted/${mine?.id ?? ''}`);
    // Read with the new role: the menu already offers the partner's press releases.
    const welcome = await (await fetch(`${test.url}${welcomePath}`, { headers: { cookie } })).text();
    expect(welcome).toContain(`Welcome to ${mine?.name ?? ''}`);
    expect(welcome).toContain('href="/partner/press-releases"');
    // Another partner's welcome page is not theirs to see.
    const other = await fetch(`${test.url}/invitations/accepted/${theirs?.id ?? ''}`, {
      headers: { cookie },
    });
    expect(other.status).toBe(403);
    await other.body?.cancel();

    expect((await api('GET', `/api/v1/partners/${mine?.id ?? ''}`, undefined, cookie)).status).toBe(200);
    expect((await api('GET', `/api/v1/partners/${theirs?.id ?? ''}`, undefined, cookie)).status).toBe(403);
    const reused = await fetch(`${test.url}${path}`, formRequest(test, {}, cookie));
    expect(reused.status).toBe(404);
  });
});

describe('authorization', () => {
  it('refuses every management route to anonymous visitors and to roles other than staff', async () => {
    const partners = await api<{ partners: Partner[] }>('GET', '/api/v1/partners');
    const id = partners.body.partners[0]?.id ?? '';
    const users = {
      participant: await signedInUser(test, 'participant'),
      facilitator: await signedInUser(test, 'facilitator'),
      managerOfOther: await signedInUser(test, 'program_manager', partners.body.partners[1]?.id ?? null),
    };
    // `GET /api/v1/partners` answers everyone, with the public listing to all but staff (partners.listing.test.ts).
    const routes: [string, string, unknown][] = [
      ['POST', '/api/v1/partners', partnerBody('Sneaky')],
      ['PUT', `/api/v1/partners/${id}`, partnerBody('Renamed')],
      ['POST', `/api/v1/partners/${id}/regions`, { region: 'ID' }],
      ['DELETE', `/api/v1/partners/${id}/regions/WA`, undefined],
      ['POST', `/api/v1/partners/${id}/invitations`, { email: 'x@example.org' }],
      ['POST', '/api/v1/program-years', { name: '2030-31' }],
      ['PATCH', '/api/v1/program-years/2027-28', { pmFte: 0.3 }],
      ['POST', '/api/v1/program-years/2027-28/current', undefined],
    ];
    const before = await api<Partner>('GET', `/api/v1/partners/${id}`);
    for (const [method, path, body] of routes) {
      expect((await api(method, path, body, '')).status, `anonymous ${method} ${path}`).toBe(401);
      for (const [role, user] of Object.entries(users)) {
        expect((await api(method, path, body, user.cookie)).status, `${role} ${method} ${path}`).toBe(403);
      }
    }
    expect((await api('GET', `/api/v1/partners/${id}`, undefined, users.managerOfOther.cookie)).status).toBe(
      403,
    );
    expect((await api<Partner>('GET', `/api/v1/partners/${id}`)).body).toEqual(before.body);
    for (const path of [
      '/staff/partners',
      '/staff/partners/new',
      `/staff/partners/${id}`,
      `/staff/partners/${id}/edit`,
      '/staff/years',
    ]) {
      const anonymous = await fetch(`${test.url}${path}`, { redirect: 'manual' });
      expect(anonymous.status, path).toBe(303);
      for (const user of Object.values(users)) {
        expect((await fetch(`${test.url}${path}`, { headers: { cookie: user.cookie } })).status, path).toBe(
          403,
        );
      }
    }
  });
});
