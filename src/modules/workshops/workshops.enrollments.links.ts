import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';

/**
 * The private link that manages an enrollment carries a code made from the portal's secret and the
 * enrollment's id: nothing secret is stored, and a code opens only its own enrollment.
 */
function manageCode(deps: { config: Pick<Config, 'authSecret' | 'baseUrl'> }, enrollmentId: string): string {
  return createHmac('sha256', deps.config.authSecret)
    .update(`enrollment:${enrollmentId}`)
    .digest('base64url')
    .slice(0, 32);
}

export function manageUrl(
  deps: { config: Pick<Config, 'authSecret' | 'baseUrl'> },
  enrollmentId: string,
): string {
  return `${deps.config.baseUrl}/enrollments/${enrollmentId}?token=${manageCode(deps, enrollmentId)}`;
}

export function holdsCode(
  deps: { config: Pick<Config, 'authSecret' | 'baseUrl'> },
  enrollmentId: string,
  token: string | undefined,
): boolean {
  if (!token) return false;
  const expected = Buffer.from(manageCode(deps, enrollmentId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
