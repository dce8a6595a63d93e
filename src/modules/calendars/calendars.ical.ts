import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalDayJsStub } from 'ical-generator';
import type { CalendarWorkshop } from './calendars.schemas.js';

/** How often a subscribed calendar app should look again (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`). */
const REFRESH_SECONDS = 60 * 60;

/**
 * An iCalendar (RFC 5545) document of workshops: one event per session.
 *
 * - `UID` is `<session id>@<host>`: the same on every download, so a calendar app updates the event it has
 *   instead of adding another; `SEQUENCE` is the workshop's revision, raised on every change, so the update wins.
 * - A cancelled workshop stays in the feed with `STATUS:CANCELLED`, so subscribers see it go.
 * - Times are written in the workshop's own zone (`DTSTART;TZID=America/Chicago:20270314T090000`), with a
 *   `VTIMEZONE` for every zone used: a session keeps its local times across daylight-saving changes.
 *
 * @example workshopsCalendar({ name: 'CS Discoveries, summer', workshops: [workshop], host: 'portal.example.org',
 *   prodId: { company: 'Regional Partner Program', product: 'Workshops' } })
 */
export function workshopsCalendar(options: {
  name: string;
  workshops: readonly CalendarWorkshop[];
  /** Who made the file (`PRODID`), e.g. the program's name and "Workshops". */
  prodId: { company: string; product: string };
  /** The host of BASE_URL, which makes every session's `UID` unique beyond this portal. */
  host: string;
}): string {
  const calendar = ical({
    // ical-generator writes the name and the product unescaped; a line break there would start a new property.
    // Commas and semicolons stay as they are: parsers such as ical.js read X-WR-CALNAME raw, and would show the
    // backslash of an escaped "Smith\, Jones".
    name: oneLine(options.name),
    prodId: { company: oneLine(options.prodId.company), product: oneLine(options.prodId.product) },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
    // No calendar-wide zone (a feed may mix zones, and DTSTAMP must stay in UTC): the generator only writes a
    // VTIMEZONE for each zone the events use.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  for (const workshop of options.workshops) {
    const changed = new Date(workshop.updatedAt);
    workshop.sessions.forEach((session, index) => {
      calendar.createEvent({
        id: `${session.id}@${options.host}`,
        sequence: workshop.revision,
        status: workshop.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        ...sessionTimes(session, workshop.timeZone),
        stamp: changed,
        lastModified: changed,
        summary:
          workshop.sessions.length > 1
            ? `${workshop.title} (session ${index + 1} of ${workshop.sessions.length})`
            : workshop.title,
        description: [
          workshop.status === 'cancelled' ? 'This workshop is cancelled.' : '',
          workshop.summaryText,
          workshop.url,
        ]
          .filter((part) => part.trim() !== '')
          .join('\n\n'),
        location: workshop.location,
        url: workshop.url,
      });
    });
  }
  return calendar.toString();
}

/**
 * A session's start and end in its workshop's zone, when a VTIMEZONE can describe that zone; otherwise in UTC
 * (the same instants, shown in the reader's zone), since a TZID without its VTIMEZONE leaves calendar apps to guess.
 * The zones the program uses all have one; a zone newer than the library's data (America/Ciudad_Juarez) does not.
 */
function sessionTimes(session: { startsAt: string; endsAt: string }, timeZone: string) {
  const start = new Date(session.startsAt);
  const end = new Date(session.endsAt);
  if (!hasVtimezone(timeZone)) return { start, end };
  return { timezone: timeZone, start: wallTime(start, timeZone), end: wallTime(end, timeZone) };
}

const vtimezones = new Map<string, boolean>();

function hasVtimezone(timeZone: string): boolean {
  let known = vtimezones.get(timeZone);
  if (known === undefined) {
    known = getVtimezoneComponent(timeZone) !== null;
    vtimezones.set(timeZone, known);
  }
  return known;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as ical-generator writes a time in an event's zone. Given a native Date it would write the clock
 * time of the server's own zone under the event's TZID; this adapter (the shape of a Day.js object, which
 * ical-generator accepts) gives it the clock time in the zone it asks for instead, whatever the server's zone.
 */
function wallTime(instant: Date, timeZone: string): ICalDayJsStub {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const field = (name: string) => parts[name] ?? '00';
  return {
    format(pattern) {
      if (pattern === 'YYYYMMDD') return `${field('year')}${field('month')}${field('day')}`;
      if (pattern === 'HHmmss') return `${field('hour')}${field('minute')}${field('second')}`;
      throw new Error(`wallTime cannot format ${String(pattern)}`);
    },
    isValid: () => !Number.isNaN(instant.getTime()),
    toDate: () => instant,
    toJSON: () => instant.toISOString(),
    tz: (zone) => wallTime(instant, zone ?? timeZone),
  };
}
