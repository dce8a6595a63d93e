import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';

/* The workshop and partner feeds through the real routes, with workshops made through the workshops API. */
let test: TestPortal;
let staff: TestUser;
let partnerId: string;

beforeAll(async () => {
  test = await startTestPortal();
  staff = await signedInUser(test, 'staff');
  await seedYears(test, ['2026-27'], '2026-27');
  partnerId = (await seedPartner(test, { year: '2026-27', name: 'Prairie Partners', regions: ['IL'] })).id;
});
afterAll(async () => {
  await test.close();
});

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, method, body, staff.cookie));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function publishedWorkshop(): Promise<string> {
  const created = await api('POST', '/api/v1/workshops', {
    partnerId,
    programYear: '2026-27',
    kind: 'partner_own',
    title: 'Spring CS Saturdays',
    topic: 'Computer science for every classroom',
    description: 'Two days of *computer science* for teachers.',
    audience: ['teachers'],
    capacity: 30,
    timeZone: 'America/Chicago',
    location: {
      mode: 'in_person',
      venue: 'Lincoln High School',
      address: '1 Main St, Chicago, IL',
      zip: '60601',
    },
    visibility: 'public',
    sessions: [
      // The day clocks spring forward in Chicago.
      { date: '2027-03-14', start: '09:00', end: '16:00' },
      { date: '2027-03-21', start: '09:00', end: '16:00' },
    ],
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await api('POST', `/api/v1/workshops/${id}/publish`)).status).toBe(200);
  return id;
}

async function download(path: string) {
  const response = await fetch(`${test.url}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const calendar = ICAL.Component.fromString(await response.text());
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((component) => ({
    event: new ICAL.Event(component),
    status: component.getFirstPropertyValue('status'),
  }));
}

describe('workshop and partner feeds', () => {
  it('has one event per session, with UIDs stable across downloads and SEQUENCE raised by an edit', async () => {
    const id = await publishedWorkshop();
    const first = await download(`/workshops/${id}.ics`);
    const again = await download(`/workshops/${id}.ics`);
    expect(first).toHaveLength(2);
    expect(again.map(({ event }) => event.uid)).toEqual(first.map(({ event }) => event.uid));
    expect(first[0]?.event.startDate.toString()).toBe('2027-03-14T09:00:00');
    expect(first[0]?.event.startDate.zone.tzid).toBe('America/Chicago');
    expect(first[0]?.event.summary).toBe('Spring CS Saturdays (session 1 of 2)');

    expect((await api('PATCH', `/api/v1/workshops/${id}`, { title: 'Spring CS Sundays' })).status).toBe(200);
    const edited = await download(`/workshops/${id}.ics`);
    expect(edited.map(({ event }) => event.uid)).toEqual(first.map(({ event }) => event.uid));
    for (const [index, { event }] of edited.entries()) {
      expect(event.sequence).toBeGreaterThan(first[index]?.event.sequence ?? Infinity);
    }
  });

  it("keeps a cancelled workshop in the partner's feed, marked CANCELLED", async () => {
    const id = await publishedWorkshop();
    const before = await download(`/partners/${partnerId}/workshops.ics`);
    expect(
      (await api('POST', `/api/v1/workshops/${id}/cancel`, { reason: 'The venue closed.' })).status,
    ).toBe(200);
    const after = await download(`/partners/${partnerId}/workshops.ics`);
    expect(after.map(({ event }) => event.uid)).toEqual(before.map(({ event }) => event.uid));
    const ours = after.filter(({ event }) => event.summary.startsWith('Spring CS'));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.at(-1)?.status).toBe('CANCELLED');
    expect((await download(`/workshops/${id}.ics`)).map(({ status }) => status)).toEqual([
      'CANCELLED',
      'CANCELLED',
    ]);
  });

  it('does not serve a draft', async () => {
    const created = await api('POST', '/api/v1/workshops', {
      partnerId,
      programYear: '2026-27',
      kind: 'partner_own',
      title: 'Not yet',
      topic: 'Computer science',
      audience: ['teachers'],
      capacity: 10,
      timeZone: 'America/Chicago',
      location: { mode: 'virtual', url: 'https://meet.example.org/secret' },
      visibility: 'public',
      sessions: [{ date: '2027-04-01', start: '09:00', end: '12:00' }],
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${test.url}/workshops/${created.body.id as string}.ics`)).status).toBe(404);
  });
});
