import type { Config } from '../../config.js';
import { isSameCode, secretCode } from '../../platform/secret-codes.js';

/*
 * The rules of self check-in, apart from the database: a session's code and the hours it is accepted.
 */

/**
 * Digits and capitals without the ones read for each other (0 and O, 1 and I): 32 characters, so each code
 * character is 5 bits of the HMAC, without a bias towards some.
 */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CHECK_IN_CODE_LENGTH = 6;

type CodeDeps = { config: Pick<Config, 'authSecret'> };

/**
 * A session's check-in code, the same every time it is asked for: an HMAC of the session id, so nothing is
 * stored, a code opens only its own session, and a new AUTH_SECRET changes every one of them.
 */
export function checkInCode(deps: CodeDeps, sessionId: string): string {
  const digest = Buffer.from(secretCode(deps.config.authSecret, 'session-check-in', sessionId), 'base64url');
  return Array.from(digest.subarray(0, CHECK_IN_CODE_LENGTH), (byte) => CODE_ALPHABET[byte & 31]).join('');
}

/** A code as people type it (lower case, with spaces or a dash in the middle) as the code is written. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

export function isCheckInCode(deps: CodeDeps, sessionId: string, typed: string): boolean {
  return isSameCode(checkInCode(deps, sessionId), normalizeCode(typed));
}

const HOUR_MS = 3_600_000;
export const OPENS_BEFORE_START_MS = HOUR_MS;
export const CLOSES_AFTER_END_MS = 2 * HOUR_MS;

export interface CheckInWindow {
  /** Whether `now` is in it, or before or after it. */
  state: 'early' | 'open' | 'late';
  opensAt: string;
  closesAt: string;
}

/**
 * When a session takes check-ins: from one hour before it starts until two hours after it ends, both edges
 * included. Instants, so a time zone (or a change of daylight saving time on the day) cannot move it; people
 * read the edges in the workshop's zone.
 */
export function checkInWindow(session: { startsAt: string; endsAt: string }, now: string): CheckInWindow {
  const opens = Date.parse(session.startsAt) - OPENS_BEFORE_START_MS;
  const closes = Date.parse(session.endsAt) + CLOSES_AFTER_END_MS;
  const at = Date.parse(now);
  return {
    state: at < opens ? 'early' : at > closes ? 'late' : 'open',
    opensAt: new Date(opens).toISOString(),
    closesAt: new Date(closes).toISOString(),
  };
}
