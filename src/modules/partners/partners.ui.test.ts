import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { SmtpSink } from '../../../tests/helpers/smtp-sink.js';
import { grantRole } from '../accounts/accounts.service.js';
import type { InvitationRecord, Listing, Partner, PublicPartner } from './partners.schemas.js';

// The staff screens of partners on the UI vocabulary, a program manager's own public listing, the public answer
// of the partners API, and the invitations' lifecycle (revoke, resend, expiry), each for every role.

let sink: SmtpSink;
let test: TestPortal;
let partnerA: Partner;
let partnerB: Partner;
let hidden: Partner;
let users: Record<'staff' | 'pmA' | 'pmB' | 'pmBoth' | 'participant', TestUser>;

const YEAR = '2027-28';

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  await seedYears(test, [YEAR, '2028-29'], YEAR);
  partnerA = await seedPartner(test, {
    year: YEAR,
    name: 'Alder Computing',
    regions: ['WA:King', 'WA:Pierce', '98501'],
    input: {
      contactName: 'Ada Alder',
      contactEmail: 'ada@alder.example.org',
      coursesOffered: ['CS Principles'],
    },
  });
  partnerB = await seedPartner(test, { year: YEAR, name: 'Birch Learning', regions: ['OR'] });
  hidden = await seedPartner(test, {
    year: YEAR,
    name: 'Cedar Hidden',
    regions: [],
    input: { active: false },
  });
  await seedPartner(test, { year: '2028-29', name: 'Next Year Partner', regions: ['ID'] });
  users = {
    staff: await signedInUser(test, 'staff'),
    pmA: await signedInUser(test, 'program_manager', partnerA.id),
    pmB: await signedInUser(test, 'program_manager', partnerB.id),
    pmBoth: await signedInUser(test, 'program_manager', partnerA.id),
    participant: await signedInUser(test, 'participant'),
  };
  const both = await test.deps.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', users.pmBoth.email)
    .executeTakeFirstOrThrow();
  await grantRole(test.deps.db.kysely, { userId: both.id, role: 'program_manager', partnerId: partnerB.id });
});
afterAll(async () => {
  await test.close();
  await sink.close();
});

async function page(path: string, user?: TestUser) {
  const response = await fetch(`${test.url}${path}`, {
    headers: { cookie: user?.cookie ?? '' },
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

async function form(path: string, fields: Record<string, string>, user?: TestUser) {
  const response = await fetch(`${test.url}${path}`, formRequest(test, fields, user?.cookie ?? ''));
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

// The caller names the body type it expects, as with fetch().json().
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
async function api<T>(method: string, path: string, body?: unknown, user?: TestUser) {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, user?.cookie));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The partner names the staff table lists, in order. */
function rowNames(html: string): string[] {
  return [...html.matchAll(/<th scope="row"><a href="\/staff\/partners\/[^"]+">([^<]+)<\/a>/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('the staff list of partners', () => {
  it('searches names and contact emails, sorts by regions, filters by year and state', async () => {
    const all = await page('/staff/partners', users.staff);
    expect(all.status).toBe(200);
    expect(rowNames(all.html)).toEqual(['Alder Computing', 'Birch Learning', 'Cedar Hidden']);
    expect(all.html).toContain('class="table-scroll"');
    expect(rowNames((await page('/staff/partners?q=ALDER.EXAMPLE', users.staff)).html)).toEqual([
      'Alder Computing',
    ]);
    expect(rowNames((await page('/staff/partners?sort=regions&dir=desc', users.staff)).html)).toEqual([
      'Alder Computing',
      'Birch Learning',
      'Cedar Hidden',
    ]);
    expect(rowNames((await page('/staff/partners?state=inactive', users.staff)).html)).toEqual([
      'Cedar Hidden',
    ]);
    expect(
      rowNames((await page('/staff/partners?state=active&sort=name&dir=desc', users.staff)).html),
    ).toEqual(['Birch Learning', 'Alder Computing']);
    expect(rowNames((await page('/staff/partners?year=2028-29', users.staff)).html)).toEqual([
      'Next Year Partner',
    ]);
    const none = await page('/staff/partners?q=nobody-like-this', users.staff);
    expect(none.html).toContain('No partners match');
  });

  it('refuses bad parameters kindly, and everyone but staff', async () => {
    const bad = await page('/staff/partners?sort=colour&state=maybe&page=0', users.staff);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Sort by one of: name, status, regions, created.');
    expect(bad.html).toContain('Choose active, inactive or all.');
    const noYear = await page('/staff/partners?year=1999-00', users.staff);
    expect(noYear.status).toBe(404);
    for (const user of [users.pmA, users.participant]) {
      expect((await page('/staff/partners', user)).status).toBe(403);
      expect((await page('/staff/invitations', user)).status).toBe(403);
    }
    expect((await page('/staff/partners')).status).toBe(303);
  });
});

describe('the staff partner page', () => {
  it('shows the facts, regions in words and the invitations with their status', async () => {
    const detail = await page(`/staff/partners/${partnerA.id}`, users.staff);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('class="summary-list"');
    expect(detail.html).toContain('King County, WA');
    expect(detail.html).toContain('badge badge-success');
  });

  it('asks before removing a region, without JavaScript, and removes it once confirmed', async () => {
    const unit = encodeURIComponent('WA:Pierce');
    const action = `/staff/partners/${partnerA.id}/regions/${unit}/remove`;
    const asked = await page(action, users.staff);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Remove Pierce County, WA from Alder Computing?');
    expect(asked.html).toContain('name="confirmed" value="yes"');
    const unconfirmed = await form(action, {}, users.staff);
    expect(unconfirmed.status).toBe(200);
    expect(unconfirmed.html).toContain('Remove the region');
    expect(
      (await api<Partner>('GET', `/api/v1/partners/${partnerA.id}`, undefined, users.staff)).body.regions,
    ).toContain('WA:Pierce');
    // The page's button carries the question for the dialog too.
    expect((await page(`/staff/partners/${partnerA.id}`, users.staff)).html).toContain(
      'data-confirm-title="Remove Pierce County, WA from Alder Computing?"',
    );
    for (const user of [users.pmA, users.participant]) {
      expect((await page(action, user)).status).toBe(403);
      expect((await form(action, { confirmed: 'yes' }, user)).status).toBe(403);
    }
    expect((await form(action, { confirmed: 'yes' })).status).toBe(401);
    const removed = await form(action, { confirmed: 'yes' }, users.staff);
    expect(removed.status).toBe(303);
    expect(removed.location).toBe(`/staff/partners/${partnerA.id}?notice=region-removed`);
    expect(
      (await api<Partner>('GET', `/api/v1/partners/${partnerA.id}`, undefined, users.staff)).body.regions,
    ).not.toContain('WA:Pierce');
    // Asking about a region it no longer holds is a 404.
    expect((await page(action, users.staff)).status).toBe(404);
  });

  it('keeps a refused region or invitation on the page with its message', async () => {
    const region = await form(
      `/staff/partners/${partnerA.id}/regions`,
      { region: 'WA:Atlantis' },
      users.staff,
    );
    expect(region.status).toBe(400);
    expect(region.html).toContain('value="WA:Atlantis"');
    expect(region.html).toContain('There is no county &quot;Atlantis&quot; in Washington.');
    const taken = await form(`/staff/partners/${partnerA.id}/regions`, { region: 'OR' }, users.staff);
    expect(taken.status).toBe(409);
    expect(taken.html).toContain('already assigned to Birch Learning');
    const invite = await form(
      `/staff/partners/${partnerA.id}/invitations`,
      { email: 'not-an-email' },
      users.staff,
    );
    expect(invite.status).toBe(400);
    expect(invite.html).toContain('value="not-an-email"');
    expect(invite.html).toContain('Enter an email address like name@example.org.');
  });

  it('edits a partner through the form path, the active state as a choice', async () => {
    const edit = await page(`/staff/partners/${hidden.id}/edit`, users.staff);
    expect(edit.status).toBe(200);
    expect(edit.html).toMatch(/value="false"[^>]*checked/);
    expect((await page(`/staff/partners/${hidden.id}/edit`, users.pmA)).status).toBe(403);
    const saved = await form(
      `/staff/partners/${hidden.id}/edit`,
      {
        programYear: YEAR,
        name: 'Cedar Hidden',
        contactName: 'Cy Cedar',
        contactEmail: 'cy@cedar.example.org',
        coursesOffered: 'CS Discoveries',
        active: 'false',
        'organizations.0.name': 'Cedar Hidden',
        'organizations.0.role': 'professional learning',
      },
      users.staff,
    );
    expect(saved.status).toBe(303);
    const after = await api<Partner>('GET', `/api/v1/partners/${hidden.id}`, undefined, users.staff);
    expect(after.body).toMatchObject({
      contactName: 'Cy Cedar',
      active: false,
      coursesOffered: ['CS Discoveries'],
    });
  });
});

describe('a program manager’s public listing', () => {
  const listing = {
    contactName: 'Ada Lovelace',
    contactEmail: 'Hello@Alder.example.org',
    contactPhone: '+1 206 555 0100',
    website: 'https://alder.example.org',
    coursesOffered: 'CS Principles\nCS Discoveries',
  };

  it('is the program manager’s to see and change, and staff’s; the dashboard links to it', async () => {
    const dashboard = await page('/partner', users.pmA);
    expect(dashboard.html).toContain('href="/partner/listing"');
    const start = await page('/partner/listing', users.pmA);
    expect(start.status).toBe(303);
    expect(start.location).toBe(`/partner/listing/${partnerA.id}`);
    const mine = await page(`/partner/listing/${partnerA.id}`, users.pmA);
    expect(mine.status).toBe(200);
    expect(mine.html).toContain('value="Ada Alder"');
    const saved = await form(`/partner/listing/${partnerA.id}`, listing, users.pmA);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/partner/listing/${partnerA.id}?notice=listing-saved`);
    const after = await api<Listing>('GET', `/api/v1/partners/${partnerA.id}/listing`, undefined, users.pmA);
    expect(after.body).toMatchObject({
      contactName: 'Ada Lovelace',
      contactEmail: 'hello@alder.example.org',
      contactPhone: '+1 206 555 0100',
      coursesOffered: ['CS Principles', 'CS Discoveries'],
    });
    // The directory shows it at once; the rest of the record is untouched.
    expect((await page('/partners')).html).toContain('hello@alder.example.org');
    const full = await api<Partner>('GET', `/api/v1/partners/${partnerA.id}`, undefined, users.staff);
    expect(full.body.name).toBe('Alder Computing');
    expect(full.body.organizations).toHaveLength(1);
    // Staff may keep it too.
    expect((await page(`/partner/listing/${partnerA.id}`, users.staff)).status).toBe(200);
    const byStaff = await api<Listing>(
      'PUT',
      `/api/v1/partners/${partnerA.id}/listing`,
      { ...listing, coursesOffered: ['CS Principles'] },
      users.staff,
    );
    expect(byStaff.status).toBe(200);
  });

  it('keeps what was typed and says what is wrong', async () => {
    const refused = await form(
      `/partner/listing/${partnerA.id}`,
      { ...listing, contactEmail: 'nope', website: 'ftp://alder' },
      users.pmA,
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('value="nope"');
    expect(refused.html).toContain('Enter an email address like name@example.org.');
    expect(refused.html).toContain('Enter a web address starting with https://');
    const api400 = await api<{ errors: { path: string }[] }>(
      'PUT',
      `/api/v1/partners/${partnerA.id}/listing`,
      { contactName: '', contactEmail: 'x' },
      users.pmA,
    );
    expect(api400.status).toBe(400);
    expect(api400.body.errors.map((e) => e.path).sort()).toEqual(['contactEmail', 'contactName']);
  });

  it('is not there for another partner’s managers, and refused to everyone else', async () => {
    expect((await page(`/partner/listing/${partnerA.id}`, users.pmB)).status).toBe(404);
    expect((await form(`/partner/listing/${partnerA.id}`, listing, users.pmB)).status).toBe(404);
    expect(
      (
        await api(
          'PUT',
          `/api/v1/partners/${partnerA.id}/listing`,
          { ...listing, coursesOffered: [] },
          users.pmB,
        )
      ).status,
    ).toBe(404);
    expect((await page(`/partner/listing/${partnerA.id}`, users.participant)).status).toBe(403);
    expect((await page('/partner/listing', users.participant)).status).toBe(403);
    expect((await form(`/partner/listing/${partnerA.id}`, listing, users.participant)).status).toBe(403);
    const anonymous = await page(`/partner/listing/${partnerA.id}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/sign-in/);
    expect((await form(`/partner/listing/${partnerA.id}`, listing)).status).toBe(401);
    expect((await api('GET', `/api/v1/partners/${partnerA.id}/listing`)).status).toBe(401);
  });

  it('lets a manager of several partners choose which', async () => {
    const choice = await page('/partner/listing', users.pmBoth);
    expect(choice.status).toBe(200);
    expect(choice.html).toContain(`href="/partner/listing/${partnerA.id}"`);
    expect(choice.html).toContain(`href="/partner/listing/${partnerB.id}"`);
    expect((await page(`/partner/listing/${partnerB.id}`, users.pmBoth)).status).toBe(200);
  });
});

describe('GET /api/v1/partners', () => {
  type Answer<P> = { programYear: string; partners: P[] };

  it('answers anyone but staff with the public directory of the current year', async () => {
    for (const user of [undefined, users.participant, users.pmA]) {
      const answer = await api<Answer<PublicPartner>>('GET', '/api/v1/partners', undefined, user);
      expect(answer.status).toBe(200);
      expect(answer.body.programYear).toBe(YEAR);
      expect(answer.body.partners.map((p) => p.name)).toEqual(['Alder Computing', 'Birch Learning']);
      const alder = answer.body.partners[0];
      // In words, as the directory writes them (Pierce County was removed above).
      expect(alder?.regions).toEqual(['King County, WA', 'ZIP code 98501']);
      expect(Object.keys(alder ?? {}).sort()).toEqual(
        [
          'address',
          'contactEmail',
          'contactName',
          'contactPhone',
          'coursesOffered',
          'id',
          'name',
          'organizations',
          'regions',
          'website',
        ].sort(),
      );
    }
    const later = await api<Answer<PublicPartner>>('GET', '/api/v1/partners?year=2028-29');
    expect(later.body.partners.map((p) => p.regions)).toEqual([['Idaho']]);
  });

  it('gives staff the full records, inactive partners too, as before', async () => {
    const answer = await api<Answer<Partner>>('GET', '/api/v1/partners', undefined, users.staff);
    expect(answer.status).toBe(200);
    expect(answer.body.partners.map((p) => p.name)).toEqual([
      'Alder Computing',
      'Birch Learning',
      'Cedar Hidden',
    ]);
    expect(answer.body.partners[0]).toMatchObject({ programYear: YEAR, active: true });
    expect(answer.body.partners[0]?.regions).toContain('WA:King');
  });

  it('documents both answers', async () => {
    const spec = await api<{ paths: Record<string, { get?: { description?: string } }> }>(
      'GET',
      '/api/openapi.json',
    );
    if (spec.status === 200)
      expect(spec.body.paths['/api/v1/partners']?.get?.description).toContain('public');
  });
});

describe('invitations', () => {
  async function invite(email: string, partner = partnerA): Promise<string> {
    expect(
      (await api('POST', `/api/v1/partners/${partner.id}/invitations`, { email }, users.staff)).status,
    ).toBe(201);
    const mail = await sink.waitFor((m) => m.to.includes(email));
    return new URL(/https?:\/\/\S+\/invitations\/\S+/.exec(mail.text)?.[0] ?? '').pathname;
  }

  async function invitationOf(email: string): Promise<InvitationRecord> {
    const list = await api<{ invitations: InvitationRecord[] }>(
      'GET',
      `/api/v1/invitations?status=all&q=${encodeURIComponent(email)}`,
      undefined,
      users.staff,
    );
    const found = list.body.invitations.find((i) => i.email === email);
    if (!found) throw new Error(`no invitation for ${email}`);
    return found;
  }

  it('lists pending ones by default, counted on the staff dashboard', async () => {
    const before = await page('/staff', users.staff);
    const count = (html: string) =>
      Number(
        /<a href="\/staff\/invitations\?status=pending"><span class="stat-value">(\d+)<\/span>/.exec(
          html,
        )?.[1],
      );
    await invite('pending.one@example.org');
    const after = await page('/staff', users.staff);
    expect(count(after.html)).toBe(count(before.html) + 1);
    const list = await page('/staff/invitations', users.staff);
    expect(list.status).toBe(200);
    expect(list.html).toContain('pending.one@example.org');
    expect(list.html).toContain('badge badge-warning');
    const accepted = await page('/staff/invitations?status=accepted', users.staff);
    expect(accepted.html).not.toContain('pending.one@example.org');
    const bad = await page('/staff/invitations?status=lost', users.staff);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Choose pending, accepted, expired, revoked or all.');
  });

  it('revokes after asking; the link then says it was revoked', async () => {
    const email = 'to.revoke@example.org';
    const link = await invite(email);
    const { id } = await invitationOf(email);
    const asked = await form(`/staff/invitations/${id}/revoke`, {}, users.staff);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain(`Revoke the invitation of ${email}?`);
    expect((await page(link)).status).toBe(200);
    for (const user of [users.pmA, users.participant]) {
      expect((await form(`/staff/invitations/${id}/revoke`, { confirmed: 'yes' }, user)).status).toBe(403);
      expect((await api('POST', `/api/v1/invitations/${id}/revoke`, undefined, user)).status).toBe(403);
    }
    expect((await form(`/staff/invitations/${id}/revoke`, { confirmed: 'yes' })).status).toBe(401);
    const revoked = await form(`/staff/invitations/${id}/revoke`, { confirmed: 'yes' }, users.staff);
    expect(revoked.status).toBe(303);
    expect((await invitationOf(email)).status).toBe('revoked');
    const opened = await page(link);
    expect(opened.status).toBe(404);
    expect(opened.html).toContain('This invitation was revoked');
    expect((await api('POST', `/api/v1/invitations/${id}/revoke`, undefined, users.staff)).status).toBe(409);
    expect((await api('POST', '/api/v1/invitations/no-such-id/revoke', undefined, users.staff)).status).toBe(
      404,
    );
  });

  it('resends with a new link through the outbox; the old link stops working', async () => {
    const email = 'to.resend@example.org';
    const oldLink = await invite(email);
    const { id } = await invitationOf(email);
    for (const user of [users.pmA, users.participant]) {
      expect((await form(`/staff/invitations/${id}/resend`, {}, user)).status).toBe(403);
    }
    expect((await api('POST', `/api/v1/invitations/${id}/resend`)).status).toBe(401);
    const resent = await form(`/staff/invitations/${id}/resend`, {}, users.staff);
    expect(resent.status).toBe(303);
    const mails = await sink.waitFor((m) => m.to.includes(email) && m.text.includes('invited you again'));
    const newLink = new URL(/https?:\/\/\S+\/invitations\/\S+/.exec(mails.text)?.[0] ?? '').pathname;
    expect(newLink).not.toBe(oldLink);
    expect((await page(oldLink)).status).toBe(404);
    expect((await page(newLink)).status).toBe(200);
    expect((await invitationOf(email)).status).toBe('pending');
  });

  it('says when a link expired, and whom to ask', async () => {
    const email = 'too.late@example.org';
    const link = await invite(email);
    await test.deps.db.kysely
      .updateTable('partnerInvitations')
      .set({ expiresAt: '2020-01-01T00:00:00.000Z' })
      .where('email', '=', email)
      .execute();
    const opened = await page(link);
    expect(opened.status).toBe(404);
    expect(opened.html).toContain('This invitation expired on Jan 1, 2020');
    expect(opened.html).toContain('Test staff');
    expect((await invitationOf(email)).status).toBe('expired');
    expect((await page('/staff/invitations?status=expired', users.staff)).html).toContain(email);
  });

  it('refuses the invitation API to everyone but staff', async () => {
    expect((await api('GET', '/api/v1/invitations')).status).toBe(401);
    for (const user of [users.pmA, users.participant]) {
      expect((await api('GET', '/api/v1/invitations', undefined, user)).status).toBe(403);
    }
    const bad = await api<{ errors: { path: string }[] }>(
      'GET',
      '/api/v1/invitations?status=lost',
      undefined,
      users.staff,
    );
    expect(bad.status).toBe(400);
  });
});
