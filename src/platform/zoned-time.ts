/**
 * A time people give as a date and a clock time in a place ("Jan 15, 2027, 2:30 PM in Boise") is stored as the
 * instant it names, with the zone to show it in again (`formatDateTime(iso, timeZone)` in `ui/date.tsx`).
 */

/** The US time zones the program works in, as IANA names with the name people know them by. */
export const US_TIME_ZONES = [
  { value: 'America/New_York', label: 'Eastern' },
  { value: 'America/Chicago', label: 'Central' },
  { value: 'America/Denver', label: 'Mountain' },
  { value: 'America/Phoenix', label: 'Mountain, Arizona (no daylight saving time)' },
  { value: 'America/Los_Angeles', label: 'Pacific' },
  { value: 'America/Anchorage', label: 'Alaska' },
  { value: 'Pacific/Honolulu', label: 'Hawaii' },
  { value: 'America/Puerto_Rico', label: 'Atlantic (Puerto Rico, U.S. Virgin Islands)' },
  { value: 'Pacific/Guam', label: 'Chamorro (Guam, Northern Mariana Islands)' },
  { value: 'Pacific/Pago_Pago', label: 'Samoa' },
] as const;
export type UsTimeZone = (typeof US_TIME_ZONES)[number]['value'];
export const US_TIME_ZONE_NAMES = US_TIME_ZONES.map((zone) => zone.value) as [UsTimeZone, ...UsTimeZone[]];

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(format.formatToParts(new Date(instant)).find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant (ISO 8601, UTC) at which clocks in `timeZone` show `date` (YYYY-MM-DD) and `time` (HH:MM). A
 * time that a daylight-saving change skips (2:30 AM on the spring-forward night) comes out an hour later, as
 * clocks would show it; one that happens twice (1:30 AM on the fall-back night) is the first of the two.
 *
 * @example instantInZone('2027-01-15', '14:30', 'America/Denver')  →  '2027-01-15T21:30:00.000Z'
 */
export function instantInZone(date: string, time: string, timeZone: string): string {
  const wall = Date.parse(`${date}T${time}:00Z`);
  // The offset at the wall time read as UTC is a guess, a few hours off; the offset at the guess is the answer,
  // unless the wall time falls in a gap, where no instant shows it.
  const guess = wall - offsetAt(wall, timeZone);
  const instant = wall - offsetAt(guess, timeZone);
  const shown = instant + offsetAt(instant, timeZone);
  return new Date(shown === wall ? instant : Math.max(guess, instant)).toISOString();
}

/** Whether `name` is an IANA time zone this runtime knows ("America/Chicago"; not "Central" or "CST6"). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The date (YYYY-MM-DD) and clock time (HH:MM) that clocks in `timeZone` show at an instant: the inverse of
 * `instantInZone`, for showing a stored time in the form it was typed in.
 */
export function wallTimeInZone(iso: string, timeZone: string): { date: string; time: string } {
  const instant = Date.parse(iso);
  const wall = new Date(instant + offsetAt(instant, timeZone)).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}
