import { describe, expect, it } from 'vitest';
import { formatDateTime } from './ui/date.js';
import { instantInZone } from './zoned-time.js';

describe('a date and time in a time zone, as an instant', () => {
  it('follows the zone’s offset, daylight saving time included', () => {
    expect(instantInZone('2027-01-15', '14:30', 'America/Denver')).toBe('2027-01-15T21:30:00.000Z');
    expect(instantInZone('2027-07-15', '14:30', 'America/Denver')).toBe('2027-07-15T20:30:00.000Z');
    expect(instantInZone('2027-01-15', '09:00', 'Pacific/Guam')).toBe('2027-01-14T23:00:00.000Z');
    expect(formatDateTime(instantInZone('2027-01-15', '09:00', 'Pacific/Honolulu'), 'Pacific/Honolulu')).toBe(
      'Jan 15, 2027, 9:00 AM HST',
    );
  });

  it('moves a time the spring-forward night skips an hour later, and takes the first of a doubled one', () => {
    expect(formatDateTime(instantInZone('2027-03-14', '02:30', 'America/New_York'), 'America/New_York')).toBe(
      'Mar 14, 2027, 3:30 AM EDT',
    );
    expect(formatDateTime(instantInZone('2027-11-07', '01:30', 'America/New_York'), 'America/New_York')).toBe(
      'Nov 7, 2027, 1:30 AM EDT',
    );
  });
});
