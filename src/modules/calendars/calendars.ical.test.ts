import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { workshopsCalendar } from './calendars.ical.js';
import type { CalendarWorkshop } from './calendars.schemas.js';

const HOST = 'portal.example.org';
const PROD_ID = { company: 'Regional Partner Program', product: 'Workshops' };

/** A two-session workshop in Chicago; the first session is on the day clocks there spring forward. */
function chicagoWorkshop(changes: Partial<CalendarWorkshop> = {}): CalendarWorkshop {
  return {
    id: 'w-chicago',
    title: 'CS Principles: Academic Year Workshop 1',
    partnerName: 'Prairie Partners',
    summaryText: 'Two Sundays of CS Principles, for teachers new to the course.',
    url: 'https://portal.example.org/workshops/w-chicago',
    status: 'published',
    revision: 3,
    timeZone: 'America/Chicago',
    updatedAt: '2027-01-20T15:04:05.000Z',
    location: 'Lincoln High School, 1 Main St, 60601',
    sessions: [
      // 09:00–16:00 CDT (UTC-5): the clocks went from 02:00 CST to 03:00 CDT that morning.
      { id: 's-chicago-1', startsAt: '2027-03-14T14:00:00.000Z', endsAt: '2027-03-14T21:00:00.000Z' },
      // 09:00–16:00 CST (UTC-6), before the change.
      { id: 's-chicago-2', startsAt: '2027-03-07T15:00:00.000Z', endsAt: '2027-03-07T22:00:00.000Z' },
    ],
    ...changes,
  };
}

function denverWorkshop(changes: Partial<CalendarWorkshop> = {}): CalendarWorkshop {
  return {
    id: 'w-denver',
    title: 'Counselors and CS',
    partnerName: 'Front Range CS',
    summaryText: 'An afternoon for counselors; bring your course catalog.',
    url: 'https://portal.example.org/workshops/w-denver',
    status: 'cancelled',
    revision: 7,
    timeZone: 'America/Denver',
    updatedAt: '2027-02-01T10:00:00.000Z',
    location: 'Online',
    sessions: [
      { id: 's-denver-1', startsAt: '2027-04-10T19:00:00.000Z', endsAt: '2027-04-10T22:00:00.000Z' },
    ],
    ...changes,
  };
}

/** The calendar read back by a real iCalendar parser, its zones registered from its own VTIMEZONEs. */
function parse(text: string) {
  const calendar = ICAL.Component.fromString(text);
  const zones = calendar.getAllSubcomponents('vtimezone');
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => ({
    component,
    event: new ICAL.Event(component),
  }));
  return { calendar, zones, events };
}

function build(workshops: CalendarWorkshop[], name = 'Workshops') {
  return workshopsCalendar({ name, workshops, prodId: PROD_ID, host: HOST });
}

describe('workshopsCalendar', () => {
  it('has one event per session, named by its place among the sessions', () => {
    const { events, calendar } = parse(build([chicagoWorkshop(), denverWorkshop()], 'Prairie, Lakes; CS'));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Prairie, Lakes; CS');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Regional Partner Program//Workshops//EN');
    expect(events.map(({ event }) => event.summary)).toEqual([
      'CS Principles: Academic Year Workshop 1 (session 1 of 2)',
      'CS Principles: Academic Year Workshop 1 (session 2 of 2)',
      // One session: the title alone.
      'Counselors and CS',
    ]);
    const first = events[0]?.event;
    expect(first?.location).toBe('Lincoln High School, 1 Main St, 60601');
    expect(first?.description).toBe(
      'Two Sundays of CS Principles, for teachers new to the course.\n\n' +
        'https://portal.example.org/workshops/w-chicago',
    );
    expect(events[0]?.component.getFirstPropertyValue('url')).toBe(
      'https://portal.example.org/workshops/w-chicago',
    );
  });

  it("gives each session a UID of its own that stays the same on every download, and the workshop's revision", () => {
    const once = parse(build([chicagoWorkshop(), denverWorkshop()])).events;
    const again = parse(build([chicagoWorkshop(), denverWorkshop()])).events;
    expect(once.map(({ event }) => event.uid)).toEqual([
      's-chicago-1@portal.example.org',
      's-chicago-2@portal.example.org',
      's-denver-1@portal.example.org',
    ]);
    expect(again.map(({ event }) => event.uid)).toEqual(once.map(({ event }) => event.uid));
    expect(once.map(({ event }) => event.sequence)).toEqual([3, 3, 7]);

    const edited = parse(build([chicagoWorkshop({ revision: 4 })])).events;
    expect(edited.map(({ event }) => event.uid)).toEqual(once.slice(0, 2).map(({ event }) => event.uid));
    expect(edited.map(({ event }) => event.sequence)).toEqual([4, 4]);
  });

  it('marks the sessions of a cancelled workshop CANCELLED and the others CONFIRMED', () => {
    const { events } = parse(build([chicagoWorkshop(), denverWorkshop()]));
    expect(events.map(({ component }) => component.getFirstPropertyValue('status'))).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CANCELLED',
    ]);
    expect(events[2]?.event.description).toMatch(/^This workshop is cancelled\.\n\n/);
  });

  it("writes times in the workshop's zone, with a VTIMEZONE for each zone used, and keeps local times across DST", () => {
    const { events, zones } = parse(build([chicagoWorkshop(), denverWorkshop()]));
    expect(zones.map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual([
      'America/Chicago',
      'America/Denver',
    ]);
    const [springForward, weekBefore, denver] = events.map(({ event }) => event);
    const dtstart = events[0]?.component.getFirstProperty('dtstart');
    expect(dtstart?.getParameter('tzid')).toBe('America/Chicago');

    // 2027-03-14, the day clocks change in Chicago: 09:00–16:00 local, which is 14:00–21:00 UTC.
    expect(springForward?.startDate.zone.tzid).toBe('America/Chicago');
    expect(springForward?.startDate.toString()).toBe('2027-03-14T09:00:00');
    expect(springForward?.endDate.toString()).toBe('2027-03-14T16:00:00');
    expect(springForward?.startDate.toJSDate().toISOString()).toBe('2027-03-14T14:00:00.000Z');
    expect(springForward?.endDate.toJSDate().toISOString()).toBe('2027-03-14T21:00:00.000Z');
    // The week before, in standard time: the same local hours, an hour later in UTC.
    expect(weekBefore?.startDate.toString()).toBe('2027-03-07T09:00:00');
    expect(weekBefore?.startDate.toJSDate().toISOString()).toBe('2027-03-07T15:00:00.000Z');
    // Another zone in the same feed: 13:00–16:00 in Denver (MDT).
    expect(denver?.startDate.zone.tzid).toBe('America/Denver');
    expect(denver?.startDate.toString()).toBe('2027-04-10T13:00:00');
    expect(denver?.endDate.toJSDate().toISOString()).toBe('2027-04-10T22:00:00.000Z');
  });

  it('writes the times in UTC for a zone no VTIMEZONE describes, rather than a TZID nobody can read', () => {
    const { events, zones } = parse(build([denverWorkshop({ timeZone: 'America/Ciudad_Juarez' })]));
    expect(zones).toEqual([]);
    const dtstart = events[0]?.component.getFirstProperty('dtstart');
    expect(dtstart?.getParameter('tzid')).toBeUndefined();
    expect(events[0]?.event.startDate.zone.tzid).toBe('UTC');
    expect(events[0]?.event.startDate.toJSDate().toISOString()).toBe('2027-04-10T19:00:00.000Z');
  });

  it('stamps each event with the time its workshop last changed, in UTC', () => {
    const { events } = parse(build([chicagoWorkshop()]));
    for (const { component } of events) {
      const stamp = component.getFirstPropertyValue('dtstamp') as ICAL.Time;
      const modified = component.getFirstPropertyValue('last-modified') as ICAL.Time;
      expect(stamp.zone.tzid).toBe('UTC');
      expect(stamp.toJSDate().toISOString()).toBe('2027-01-20T15:04:05.000Z');
      expect(modified.toJSDate().toISOString()).toBe('2027-01-20T15:04:05.000Z');
    }
  });

  it('keeps text that looks like iCalendar syntax inside its property', () => {
    const tricky = chicagoWorkshop({
      title: 'Line one\r\nEND:VEVENT; with, punctuation',
      summaryText: 'A\nB;C,D\\E',
      location: 'Room 1; Building 2, Campus',
    });
    const { events, calendar } = parse(
      workshopsCalendar({
        name: 'Evil\r\nX-INJECTED:1',
        workshops: [tricky],
        prodId: PROD_ID,
        host: HOST,
      }),
    );
    expect(calendar.getFirstPropertyValue('x-injected')).toBeNull();
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Evil X-INJECTED:1');
    expect(events).toHaveLength(2);
    expect(events[0]?.event.summary).toBe('Line one\nEND:VEVENT; with, punctuation (session 1 of 2)');
    expect(events[0]?.event.description).toMatch(/^A\nB;C,D\\E\n\n/);
    expect(events[0]?.event.location).toBe('Room 1; Building 2, Campus');
  });

  it('is an empty but valid calendar without workshops', () => {
    const { events, zones, calendar } = parse(build([], 'My workshops'));
    expect(events).toEqual([]);
    expect(zones).toEqual([]);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  });
});
