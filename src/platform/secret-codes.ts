import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The code a private link carries (an invitation-only workshop's, an enrollment's, a calendar feed's): an HMAC
 * of what it opens with the portal's secret. Nothing secret is stored, a code opens only its own subject, and a
 * new AUTH_SECRET voids every one of them.
 *
 * @example secretCode(config.authSecret, 'enrollment', enrollment.id)
 */
export function secretCode(secret: string, purpose: string, subject: string, length = 32): string {
  return createHmac('sha256', secret).update(`${purpose}:${subject}`).digest('base64url').slice(0, length);
}

/** Whether `given` is that code, compared in constant time. */
export function isSecretCode(
  secret: string,
  purpose: string,
  subject: string,
  given: string | undefined,
  length = 32,
): boolean {
  return given !== undefined && isSameCode(secretCode(secret, purpose, subject, length), given);
}

/** Two codes compared in constant time (a string comparison stops at the first difference). */
export function isSameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
