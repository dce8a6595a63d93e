import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  API,
  LISTING,
  api,
  applicant,
  completeDraft,
  fieldError,
  form,
  inputValue,
  other,
  page,
  sink,
  staff,
  statusOf,
  test,
  toInterview,
  useApplicationPortal,
  waitUntil,
  writes,
  type Problem,
} from './applications.fixture.js';
import type { Application } from './applications.schemas.js';

useApplicationPortal();

interface PartnerBody {
  name: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  website: string | null;
  coursesOffered: string[];
  regions: string[];
  organizations: { role: string }[];
}

/** A joint application by two Idaho organizations with two managers sharing the FTE, at the interview. */
async function jointAtInterview(lead: string, region: string) {
  const slug = lead.toLowerCase().replace(/\W+/g, '-');
  const id = await completeDraft(
    applicant.cookie,
    lead,
    [region],
    [
      { name: 'Sam Share', email: `sam@${slug}.example.org`, fte: 0.25 },
      { name: 'Kim Share', email: `kim@${slug}.example.org`, fte: 0.25 },
    ],
  );
  expect((await api('POST', `${API}/${id}/submit`, undefined, applicant.cookie)).status).toBe(200);
  await toInterview(id);
  return { id, managers: [`sam@${slug}.example.org`, `kim@${slug}.example.org`] };
}

describe('accepting', () => {
  it('onboards the partner at once, with the public listing staff gave (not the applicant’s own address)', async () => {
    const { id, managers } = await jointAtInterview('Gem State', 'ID');
    const accepted = await api<Application>(
      'POST',
      `${API}/${id}/transitions`,
      {
        to: 'accepted',
        listing: {
          contactName: 'Gem State Help Desk',
          contactEmail: 'hello@gemstate-cs.example.org',
          contactPhone: '+1 208 555 0100',
          website: 'https://gemstate-cs.example.org',
          coursesOffered: ['CS Discoveries', 'CS Principles'],
        },
        emailSubject: 'Welcome aboard, Gem State',
        emailBody: 'Edited by staff.',
      },
      staff.cookie,
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.events.map((e) => e.to)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'interview',
      'accepted',
    ]);
    const partner = await api<PartnerBody>(
      'GET',
      `/api/v1/partners/${accepted.body.partnerId ?? ''}`,
      undefined,
      staff.cookie,
    );
    expect(partner.body).toMatchObject({
      name: 'Gem State Foundation',
      contactName: 'Gem State Help Desk',
      contactEmail: 'hello@gemstate-cs.example.org',
      contactPhone: '+1 208 555 0100',
      website: 'https://gemstate-cs.example.org',
      coursesOffered: ['CS Discoveries', 'CS Principles'],
      regions: ['ID'],
    });
    expect(partner.body.organizations).toHaveLength(2);
    const lookup = await api<{ partner: { name: string; contactEmail: string } | null }>(
      'GET',
      '/api/v1/regions/lookup?state=ID',
    );
    expect(lookup.body.partner).toMatchObject({
      name: 'Gem State Foundation',
      contactEmail: 'hello@gemstate-cs.example.org',
    });
    expect(JSON.stringify(lookup.body)).not.toContain(applicant.email);

    for (const email of managers) {
      const mail = await sink.waitFor((m) => m.to.includes(email));
      expect(mail.subject).toContain('You are invited to manage Gem State Foundation');
      expect(mail.text).toMatch(/\/invitations\/[\w-]+/);
    }
    const decision = await sink.waitFor((m) => m.subject === 'Welcome aboard, Gem State');
    expect(decision.to).toContain('ada@example.org');
    expect(decision.text).toContain('Edited by staff.');
    // Decided: no more withdrawal or moves.
    expect((await api('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie)).status).toBe(409);
    expect((await api('POST', `${API}/${id}/transitions`, { to: 'declined' }, staff.cookie)).status).toBe(
      409,
    );
  });

  it('asks staff for the listing: without one nothing is created', async () => {
    const { id } = await jointAtInterview('No Listing', 'OK');
    const before = await writes();
    const refused = await api<Problem>('POST', `${API}/${id}/transitions`, { to: 'accepted' }, staff.cookie);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.path)).toEqual(['listing']);
    const missingEmail = await api<Problem>(
      'POST',
      `${API}/${id}/transitions`,
      { to: 'accepted', listing: { contactName: 'Desk' } },
      staff.cookie,
    );
    expect(missingEmail.body.errors?.map((e) => e.path)).toEqual(['listing.contactEmail']);
    expect(await writes()).toEqual(before);
    expect(await statusOf(id)).toBe('interview');
  });

  it('on its page: prefilled from the application, asking first what it will do, refusals beside the fields', async () => {
    const { id } = await jointAtInterview('Snake River', 'NV');
    const staffPage = await page(`/staff/applications/${id}`, staff.cookie);
    expect(staffPage.html).toContain(`href="/staff/applications/${id}/accept"`);
    // Accepting and declining stand apart: declining has its own section, further down.
    expect(staffPage.html.indexOf(`/staff/applications/${id}/decline`)).toBeGreaterThan(
      staffPage.html.indexOf('id="decline-title"'),
    );

    const acceptPage = await page(`/staff/applications/${id}/accept`, staff.cookie);
    expect(acceptPage.status).toBe(200);
    expect(inputValue(acceptPage.html, 'listing.contactName')).toBe('Ada Lead');
    expect(inputValue(acceptPage.html, 'listing.contactEmail')).toBe('ada@example.org');
    expect(inputValue(acceptPage.html, 'emailSubject')).toBe(
      'Your Regional Partner application for 2027-28 is accepted',
    );
    const question =
      'Accepting creates the partner Snake River Foundation with Nevada and emails 2 invitations and the decision. This cannot be undone.';
    expect(acceptPage.html).toContain(`data-confirm-message="${question}"`);

    const fields = {
      'listing.contactName': 'Snake River Desk',
      'listing.contactEmail': 'not an address',
      'listing.contactPhone': '',
      'listing.website': 'gemstate.example.org',
      'listing.coursesOffered': 'CS Discoveries',
      emailSubject: 'Welcome, Snake River',
      emailBody: 'Welcome.',
    };
    const before = await writes();
    const asked = await form(`/staff/applications/${id}/accept`, fields, staff.cookie);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain(`<p class="confirm-message">${question}</p>`);
    expect(await writes()).toEqual(before);

    const refused = await form(
      `/staff/applications/${id}/accept`,
      { ...fields, confirmed: 'yes' },
      staff.cookie,
    );
    expect(refused.status).toBe(400);
    expect(fieldError(refused.html, 'listing.contactEmail')).toBe(
      'Enter an email address like name@example.org.',
    );
    expect(fieldError(refused.html, 'listing.website')).toBe('Enter a web address starting with https://');
    expect(inputValue(refused.html, 'listing.contactName')).toBe('Snake River Desk');
    expect(refused.html).toContain(`data-reload-url="/staff/applications/${id}/accept"`);
    expect(await writes()).toEqual(before);

    const done = await form(
      `/staff/applications/${id}/accept`,
      {
        ...fields,
        'listing.contactEmail': 'desk@snake-river.example.org',
        'listing.website': '',
        confirmed: 'yes',
      },
      staff.cookie,
    );
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/staff/applications/${id}?notice=application-accepted`);
    const accepted = await api<Application>('GET', `${API}/${id}`, undefined, staff.cookie);
    const partner = await api<PartnerBody>(
      'GET',
      `/api/v1/partners/${accepted.body.partnerId ?? ''}`,
      undefined,
      staff.cookie,
    );
    expect(partner.body).toMatchObject({
      contactName: 'Snake River Desk',
      contactEmail: 'desk@snake-river.example.org',
      coursesOffered: ['CS Discoveries'],
    });
  });

  it('says above the form, not beside a field it does not have, when the region was taken meanwhile', async () => {
    const { id } = await jointAtInterview('Late Comer', 'SC');
    // Another partner gets a county inside the proposed state after submission.
    const rival = await api<{ id: string }>(
      'POST',
      '/api/v1/partners',
      {
        programYear: '2027-28',
        name: 'Palmetto CS',
        contactName: 'Pat',
        contactEmail: 'pat@palmetto.example.org',
        organizations: [{ name: 'Palmetto CS', role: 'everything' }],
      },
      staff.cookie,
    );
    expect(
      (
        await api(
          'POST',
          `/api/v1/partners/${rival.body.id}/regions`,
          { region: 'SC:Greenville' },
          staff.cookie,
        )
      ).status,
    ).toBe(201);
    const refused = await form(
      `/staff/applications/${id}/accept`,
      {
        'listing.contactName': LISTING.contactName,
        'listing.contactEmail': LISTING.contactEmail,
        emailSubject: '',
        emailBody: '',
        confirmed: 'yes',
      },
      staff.cookie,
    );
    expect(refused.status).toBe(409);
    expect(refused.html).toContain(
      'South Carolina is partly served: Palmetto CS serves Greenville County, SC, inside it',
    );
    expect(refused.html).not.toContain('href="#field-regions"');
    expect(refused.html).not.toContain('href="#field-region"');
    expect(await statusOf(id)).toBe('interview');
  });

  /*
   * Two acceptances at once, of a state and a county inside it. On PostgreSQL the test makes them overlap: a
   * transaction of the test holds an EXCLUSIVE lock on `partners` (reads go on, inserts wait), so the first
   * acceptance waits at its partner insert while holding the year; the second must then wait for the year
   * before it checks exclusivity. Without that wait both would pass the check (the unique constraint only
   * catches the same unit) and the county would be served twice. SQLite has a single writer: the second
   * transaction starts only after the first commits. The outcome asserted is the same on both.
   */
  it('lets only one of two simultaneous acceptances for overlapping regions win', async () => {
    const db = test.deps.db.kysely;
    const a = await completeDraft(applicant.cookie, 'Big Sky A', ['MT']);
    const b = await completeDraft(other.cookie, 'Big Sky B', ['MT:Gallatin']);
    for (const [id, cookie] of [
      [a, applicant.cookie],
      [b, other.cookie],
    ] as const) {
      expect((await api('POST', `${API}/${id}/submit`, undefined, cookie)).status).toBe(200);
      await toInterview(id);
    }
    const accept = (id: string) =>
      api<Problem>('POST', `${API}/${id}/transitions`, { to: 'accepted', listing: LISTING }, staff.cookie);

    let results: Awaited<ReturnType<typeof accept>>[];
    if (test.deps.db.dialect === 'postgres') {
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let markLocked = () => {};
      const locked = new Promise<void>((resolve) => (markLocked = resolve));
      const holder = db.transaction().execute(async (trx) => {
        await sql`lock table partners in exclusive mode`.execute(trx);
        markLocked();
        await released;
      });
      await locked;
      const racing = Promise.all([a, b].map(accept));
      try {
        // One waits at its partner insert, the other for the year (or, without the year lock, at its insert).
        await waitUntil(async () => {
          const waiting = await sql<{ count: string }>`
            select count(*) as count from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
          return Number(waiting.rows[0]?.count) === 2;
        });
      } finally {
        release();
        await holder;
      }
      results = await racing;
    } else {
      results = await Promise.all([a, b].map(accept));
    }

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [winner, loser] = results[0]?.status === 200 ? [a, b] : [b, a];
    const refusal = results.find((r) => r.status === 409)?.body;
    expect(refusal?.code).toBe('REGION_ALREADY_ASSIGNED');
    // Either the state or the county inside it, whichever acceptance won, in words.
    expect(refusal?.detail).toMatch(
      /^(Montana is partly served: Big Sky [AB]\b.*? serves Gallatin County, MT|Gallatin County, MT is already served: Big Sky [AB]\b.*? serves Montana)/,
    );

    const winnerApp = await api<Application>('GET', `${API}/${winner}`, undefined, staff.cookie);
    const loserApp = await api<Application>('GET', `${API}/${loser}`, undefined, staff.cookie);
    expect(winnerApp.body.status).toBe('accepted');
    expect(loserApp.body.status).toBe('interview');
    expect(loserApp.body.events.map((e) => e.to)).toEqual(['draft', 'submitted', 'in_review', 'interview']);
    expect(loserApp.body.partnerId).toBeNull();

    const assignments = await db
      .selectFrom('regionAssignments')
      .select('partnerId')
      .where('unit', 'in', ['MT', 'MT:Gallatin'])
      .execute();
    expect(assignments).toEqual([{ partnerId: winnerApp.body.partnerId }]);
    const partners = await db
      .selectFrom('partners')
      .select('name')
      .where('name', 'like', 'Big Sky%')
      .execute();
    expect(partners.map((p) => p.name)).toEqual([winnerApp.body.organizations[0]?.name]);
    const loserManager = loserApp.body.staff[0]?.email ?? '';
    expect(loserManager).not.toBe('');
    const invitations = await db
      .selectFrom('partnerInvitations')
      .select('id')
      .where('email', '=', loserManager)
      .execute();
    expect(invitations).toEqual([]);
    // One decision email (the winner's), no invitation mail for the loser.
    const decisions = await db
      .selectFrom('mailOutbox')
      .select('textBody')
      .where('subject', '=', 'Your Regional Partner application for 2027-28 is accepted')
      .execute();
    expect(decisions.filter((m) => m.textBody.includes('Big Sky'))).toHaveLength(1);
    expect(
      await db.selectFrom('mailOutbox').select('id').where('toAddress', '=', loserManager).execute(),
    ).toEqual([]);
  });
});
