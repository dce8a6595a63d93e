import { describe, expect, it } from 'vitest';
import {
  api,
  createWorkshop,
  daysFromNow,
  partnerA,
  partnerB,
  test,
  useWorkshopPortal,
  workshopInput,
} from './workshops.fixture.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

async function workshopCount(): Promise<number> {
  const row = await test.deps.db.kysely
    .selectFrom('workshops')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('creating a workshop', () => {
  it('saves a draft with its sessions as instants in the workshop’s zone', async () => {
    const created = await api('POST', '/api/v1/workshops', 'pmA', workshopInput());
    expect(created.status).toBe(201);
    const workshop = created.body as unknown as Workshop;
    expect(workshop).toMatchObject({
      status: 'draft',
      partnerName: partnerA.name,
      programYear: '2027-28',
      courseName: 'CS Principles',
    });
    expect(workshop.sessions).toHaveLength(2);
    expect(workshop.sessions[0]).toMatchObject({ date: daysFromNow(30), start: '09:00', end: '16:00' });
    expect(new Date(workshop.sessions[0]?.startsAt ?? '').toISOString()).toBe(workshop.sessions[0]?.startsAt);
  });

  it('keeps local times on the days clocks change', async () => {
    const workshop = await createWorkshop(
      {
        timeZone: 'America/Chicago',
        partnerId: partnerB.id,
        location: { mode: 'virtual', url: 'https://meet.example.org/cs' },
        sessions: [
          { date: '2027-03-14', start: '09:00', end: '16:00' },
          { date: '2027-11-07', start: '09:00', end: '16:00' },
        ],
      },
      { who: 'pmB' },
    );
    // 09:00 is CDT (UTC−5) after the spring change and CST (UTC−6) after the autumn one.
    expect(workshop.sessions.map((s) => [s.startsAt, s.endsAt])).toEqual([
      ['2027-03-14T14:00:00.000Z', '2027-03-14T21:00:00.000Z'],
      ['2027-11-07T15:00:00.000Z', '2027-11-07T22:00:00.000Z'],
    ]);
    expect(workshop.sessions.map((s) => [s.start, s.end])).toEqual([
      ['09:00', '16:00'],
      ['09:00', '16:00'],
    ]);
  });

  it('defaults the time zone from the partner’s state', async () => {
    const { timeZone: _timeZone, ...input } = workshopInput({ partnerId: partnerB.id });
    const created = await api('POST', '/api/v1/workshops', 'pmB', input);
    expect(created.status).toBe(201);
    expect(created.body.timeZone).toBe('America/Chicago');
  });

  const badInputs: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'a session ending before it starts',
      { sessions: [{ date: daysFromNow(30), start: '16:00', end: '09:00' }] },
      'sessions.0.end',
      /end after it starts/,
    ],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', /time zone/],
    ['a capacity of 0', { capacity: 0 }, 'capacity', /at least 1 seat/],
    ['a capacity of 10,000', { capacity: 10000 }, 'capacity', /at most 9,999/],
    [
      'registration closing before it opens',
      { registrationOpensAt: `${daysFromNow(10)}T09:00`, registrationClosesAt: `${daysFromNow(5)}T09:00` },
      'registrationClosesAt',
      /close after it opens/,
    ],
    [
      'registration closing after the last session',
      { registrationClosesAt: `${daysFromNow(40)}T09:00` },
      'registrationClosesAt',
      /end of the last session/,
    ],
    [
      'a ZIP the dataset lacks',
      { location: { mode: 'in_person', venue: 'Hall', address: '1 Main St', zip: '00001' } },
      'location.zip',
      /not in the US ZIP code dataset/,
    ],
    ['a virtual workshop without a link', { location: { mode: 'virtual' } }, 'location.url', /link/],
    ['no session', { sessions: [] }, 'sessions', /at least one session/],
    ['a course without its subject', { subject: undefined }, 'subject', /Choose which workshop/],
    [
      'a subject of no course',
      { subject: 'Underwater basket weaving' },
      'subject',
      /Choose one of CS Principles/,
    ],
  ];
  it.each(badInputs)(
    'refuses %s beside its field, writing nothing',
    async (_name, overrides, path, message) => {
      const before = await workshopCount();
      const response = await api('POST', '/api/v1/workshops', 'pmA', workshopInput(overrides));
      expect(response.status).toBe(400);
      const errors = response.body.errors as { path: string; message: string }[];
      expect(errors.find((error) => error.path === path)?.message).toMatch(message);
      expect(await workshopCount()).toBe(before);
    },
  );
});

describe('who may organize', () => {
  it('lets only staff and the partner’s managers create its workshops', async () => {
    const statuses = await Promise.all(
      (['anonymous', 'participant', 'facilitator', 'pmB', 'pmA', 'staff'] as const).map(
        async (who) => (await api('POST', '/api/v1/workshops', who, workshopInput())).status,
      ),
    );
    expect(statuses).toEqual([401, 403, 403, 403, 201, 201]);
  });

  it('keeps drafts to their organizers and refuses B’s manager every change to A’s workshops', async () => {
    const draft = await createWorkshop();
    const published = await createWorkshop({}, { publish: true });
    for (const who of ['anonymous', 'participant', 'facilitator', 'pmB'] as const) {
      expect((await api('GET', `/api/v1/workshops/${draft.id}`, who)).status).toBe(404);
      expect((await api('GET', `/api/v1/workshops/${published.id}`, who)).status).toBe(200);
    }
    expect((await api('GET', `/api/v1/workshops/${draft.id}`, 'staff')).status).toBe(200);
    const changes: [string, string, unknown][] = [
      ['PATCH', '', { capacity: 12 }],
      ['POST', '/publish', undefined],
      ['POST', '/cancel', { reason: 'Not ours' }],
    ];
    for (const [method, suffix, body] of changes) {
      expect((await api(method, `/api/v1/workshops/${draft.id}${suffix}`, 'pmB', body)).status).toBe(404);
      expect((await api(method, `/api/v1/workshops/${published.id}${suffix}`, 'pmB', body)).status).toBe(403);
      expect(
        (await api(method, `/api/v1/workshops/${published.id}${suffix}`, 'anonymous', body)).status,
      ).toBe(401);
    }
    expect((await api('GET', `/api/v1/workshops/${published.id}`, 'anonymous')).body).toMatchObject({
      capacity: 30,
      status: 'published',
    });
  });
});

describe('a workshop’s lifecycle', () => {
  it('raises the revision on every edit, keeps session ids by position, and stops edits once cancelled', async () => {
    const workshop = await createWorkshop({}, { publish: true });
    const edited = await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', {
      sessions: [
        { date: daysFromNow(32), start: '10:00', end: '15:00' },
        { date: daysFromNow(33), start: '10:00', end: '15:00' },
      ],
    });
    expect(edited.status).toBe(200);
    const after = edited.body as unknown as Workshop;
    expect(after.revision).toBeGreaterThan(workshop.revision);
    expect(after.sessions.map((s) => s.id)).toEqual(workshop.sessions.map((s) => s.id));
    expect(after.sessions[0]?.start).toBe('10:00');
    expect(after.title).toBe(workshop.title);

    expect((await api('POST', `/api/v1/workshops/${workshop.id}/cancel`, 'pmA', {})).status).toBe(400);
    const cancelled = await api('POST', `/api/v1/workshops/${workshop.id}/cancel`, 'pmA', {
      reason: 'The venue flooded.',
    });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'The venue flooded.',
      registration: 'closed',
    });
    expect((await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', { capacity: 5 })).status).toBe(409);
    expect((await api('POST', `/api/v1/workshops/${workshop.id}/publish`, 'pmA')).status).toBe(409);
  });

  it('shows a virtual workshop’s link only to its organizers', async () => {
    const workshop = await createWorkshop(
      { location: { mode: 'virtual', url: 'https://meet.example.org/secret' } },
      { publish: true },
    );
    expect((await api('GET', `/api/v1/workshops/${workshop.id}`, 'pmA')).body.location).toEqual({
      mode: 'virtual',
      url: 'https://meet.example.org/secret',
    });
    expect((await api('GET', `/api/v1/workshops/${workshop.id}`, 'participant')).body.location).toEqual({
      mode: 'virtual',
    });
    const page = await (await fetch(`${test.url}/workshops/${workshop.id}`)).text();
    expect(page).not.toContain('meet.example.org/secret');
  });

  it('opens an invitation-only workshop to its private link only', async () => {
    const workshop = await createWorkshop({ visibility: 'invitation' }, { publish: true });
    const link = new URL(workshop.invitationUrl ?? '');
    const invite = link.searchParams.get('invite') ?? '';
    expect((await api('GET', `/api/v1/workshops/${workshop.id}`, 'participant')).status).toBe(404);
    expect(
      (await api('GET', `/api/v1/workshops/${workshop.id}?invite=${invite}`, 'participant')).status,
    ).toBe(200);
    expect(
      (await api('GET', `/api/v1/workshops/${workshop.id}?invite=${invite.slice(1)}x`, 'participant')).status,
    ).toBe(404);
    const catalog = await api('GET', '/api/v1/workshops', 'anonymous');
    expect((catalog.body.workshops as Workshop[]).map((w) => w.id)).not.toContain(workshop.id);
  });
});
