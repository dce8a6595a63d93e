/**
 * One way of writing dates and times across the portal: "Dec 1, 2026" and "Dec 1, 2026, 2:05 PM UTC". A time
 * always names its zone; staff timestamps are in UTC, and a workshop's times will be in the workshop's zone.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

/** An instant (ISO 8601) as "Dec 1, 2026, 2:05 PM UTC", in `timeZone` (an IANA name). */
export function formatDateTime(iso: string, timeZone = 'UTC'): string {
  return dateTimeFormat(timeZone).format(new Date(iso));
}

/**
 * A calendar date as "Dec 1, 2026". A date alone (`2026-12-01`) is a day, not an instant, so it is written
 * as it is, whatever the zone; an instant is written as its day in UTC.
 */
export function formatDate(isoDate: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T00:00:00Z` : isoDate;
  return dateFormat.format(new Date(day));
}

/**
 * An instant for people, machine-readable too.
 *
 * @example <DateTime iso={inquiry.createdAt} />  →  <time datetime="2026-12-01T14:05:00.000Z">Dec 1, 2026, 2:05 PM UTC</time>
 */
export function DateTime({ iso, timeZone }: { iso: string; timeZone?: string }) {
  return <time dateTime={iso}>{formatDateTime(iso, timeZone)}</time>;
}

/** @example <DateOnly iso="2027-06-01" />  →  <time datetime="2027-06-01">Jun 1, 2027</time> */
export function DateOnly({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDate(iso)}</time>;
}
