import { wallTimeInZone } from '../../src/platform/zoned-time.js';

/**
 * A zone (not UTC) for tests whose sessions start near now and must end on the day they start: Chicago, unless
 * its clock is too late or too early in the day for that; then Tokyo, fifteen hours ahead, near midday.
 */
export function daytimeZone(): string {
  return (
    ['America/Chicago', 'Asia/Tokyo'].find((zone) => {
      const hour = Number(wallTimeInZone(new Date().toISOString(), zone).time.slice(0, 2));
      return hour >= 1 && hour < 20;
    }) ?? 'Asia/Tokyo'
  );
}

/** A session's local date and times in `zone`, starting `fromNow` minutes from now, `minutes` long. */
export function sessionFromNow(zone: string, fromNow: number, minutes: number) {
  const at = (offset: number) => wallTimeInZone(new Date(Date.now() + offset * 60_000).toISOString(), zone);
  const start = at(fromNow);
  return { date: start.date, start: start.time, end: at(fromNow + minutes).time };
}
