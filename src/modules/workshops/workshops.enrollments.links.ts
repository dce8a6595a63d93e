import type { Config } from '../../config.js';
import { isSecretCode, secretCode } from '../../platform/secret-codes.js';

type LinkDeps = { config: Pick<Config, 'authSecret' | 'baseUrl'> };

/** The private link that manages an enrollment (in every mail about it); its code opens only that enrollment. */
export function manageUrl(deps: LinkDeps, enrollmentId: string): string {
  const code = secretCode(deps.config.authSecret, 'enrollment', enrollmentId);
  return `${deps.config.baseUrl}/enrollments/${enrollmentId}?token=${code}`;
}

export function holdsCode(deps: LinkDeps, enrollmentId: string, token: string | undefined): boolean {
  return isSecretCode(deps.config.authSecret, 'enrollment', enrollmentId, token);
}
