import type { Role } from '../db/schema.js';
import { AppError } from './errors.js';

/** The signed-in person on whose behalf a domain operation runs. Anonymous visitors are `null`. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** Partners this person manages (program_manager grants). */
  partnerIds: string[];
}

export function isStaff(actor: Actor | null): boolean {
  return actor?.roles.includes('staff') ?? false;
}

/** Every staff-only operation starts here: 401 for nobody, 403 for anybody else. */
export function requireStaff(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  if (!isStaff(actor)) throw new AppError('FORBIDDEN', 'Only program staff can do this.');
  return actor;
}

export function requireSignedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return actor;
}

/**
 * The operator at the server's console (`npm run cli`), who may do what staff do: whoever runs the CLI already
 * holds the database's credentials. A marker of its own rather than `null`, because `null` is what an anonymous
 * web request carries, and that must stay a 401.
 */
export const OPERATOR = Symbol('operator');

/** Staff, or the operator at the console. */
export function requireStaffOrOperator(actor: Actor | typeof OPERATOR | null): void {
  if (actor !== OPERATOR) requireStaff(actor);
}
