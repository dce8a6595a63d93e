import type { UsTimeZone } from '../../platform/zoned-time.js';
import type { StateCode } from '../regions/geography.js';
import type { ProgressState, RegistrationState } from './workshops.schemas.js';

/**
 * The time zone most of a state's people live in, as one of the zones the form offers (Boise keeps Denver's
 * clocks, Detroit and Indianapolis New York's): a workshop's default, which its organizer changes for a venue
 * elsewhere (the Florida panhandle, west Texas, northern Idaho).
 */
const STATE_TIME_ZONES: Record<StateCode, UsTimeZone> = {
  AL: 'America/Chicago',
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  AR: 'America/Chicago',
  CA: 'America/Los_Angeles',
  CO: 'America/Denver',
  CT: 'America/New_York',
  DE: 'America/New_York',
  DC: 'America/New_York',
  FL: 'America/New_York',
  GA: 'America/New_York',
  HI: 'Pacific/Honolulu',
  ID: 'America/Denver',
  IL: 'America/Chicago',
  IN: 'America/New_York',
  IA: 'America/Chicago',
  KS: 'America/Chicago',
  KY: 'America/New_York',
  LA: 'America/Chicago',
  ME: 'America/New_York',
  MD: 'America/New_York',
  MA: 'America/New_York',
  MI: 'America/New_York',
  MN: 'America/Chicago',
  MS: 'America/Chicago',
  MO: 'America/Chicago',
  MT: 'America/Denver',
  NE: 'America/Chicago',
  NV: 'America/Los_Angeles',
  NH: 'America/New_York',
  NJ: 'America/New_York',
  NM: 'America/Denver',
  NY: 'America/New_York',
  NC: 'America/New_York',
  ND: 'America/Chicago',
  OH: 'America/New_York',
  OK: 'America/Chicago',
  OR: 'America/Los_Angeles',
  PA: 'America/New_York',
  RI: 'America/New_York',
  SC: 'America/New_York',
  SD: 'America/Chicago',
  TN: 'America/Chicago',
  TX: 'America/Chicago',
  UT: 'America/Denver',
  VT: 'America/New_York',
  VA: 'America/New_York',
  WA: 'America/Los_Angeles',
  WV: 'America/New_York',
  WI: 'America/Chicago',
  WY: 'America/Denver',
  PR: 'America/Puerto_Rico',
  GU: 'Pacific/Guam',
  VI: 'America/Puerto_Rico',
  AS: 'Pacific/Pago_Pago',
  MP: 'Pacific/Guam',
};

/** Where a partner has no region yet, the program's own default. */
const FALLBACK_TIME_ZONE: UsTimeZone = 'America/New_York';

export function timeZoneOfState(state: StateCode | undefined): UsTimeZone {
  return state ? STATE_TIME_ZONES[state] : FALLBACK_TIME_ZONE;
}

interface Timed {
  status: 'draft' | 'published' | 'cancelled';
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  startsAt: string;
  endsAt: string;
}

/**
 * Registration opens when the workshop is published (or at its opening time, if later) and closes at its
 * closing time, or when the first session starts if none is set.
 */
export function registrationState(workshop: Timed, now: string): RegistrationState {
  if (workshop.status !== 'published') return 'closed';
  if (workshop.registrationOpensAt && now < workshop.registrationOpensAt) return 'not_open';
  return now < (workshop.registrationClosesAt ?? workshop.startsAt) ? 'open' : 'closed';
}

export function progressState(workshop: Timed, now: string): ProgressState {
  if (now < workshop.startsAt) return 'not_started';
  return now < workshop.endsAt ? 'in_progress' : 'ended';
}
