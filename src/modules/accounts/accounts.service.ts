import { APIError } from 'better-auth/api';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import * as repo from './accounts.repository.js';
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  accountCreateSchema,
} from './accounts.schemas.js';
import type { Auth } from './auth.js';
import type { CoreDeps } from '../../platform/deps.js';

/** What the accounts module needs: the portal's parts, and better-auth built on them. */
export type AccountDeps = CoreDeps & { auth: Auth };

/** The cookies to send back after an account action (a new session, or a cleared one). */
export type SetCookies = string[];

export async function signIn(auth: Auth, options: { input: unknown; headers: Headers }): Promise<SetCookies> {
  const body = parseInput(signInSchema, options.input);
  try {
    const { headers } = await auth.api.signInEmail({ body, headers: options.headers, returnHeaders: true });
    return headers.getSetCookie();
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 401) {
      throw invalidInput(
        [{ path: 'password', message: 'The email address or password is not right.' }],
        'Sign-in failed.',
      );
    }
    throw error;
  }
}

export async function signUp(auth: Auth, options: { input: unknown; headers: Headers }): Promise<SetCookies> {
  const body = parseInput(signUpSchema, options.input);
  try {
    const { headers } = await auth.api.signUpEmail({ body, headers: options.headers, returnHeaders: true });
    return headers.getSetCookie();
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 422) {
      throw new AppError('CONFLICT', 'An account with this email address already exists.', [
        {
          path: 'email',
          message: 'An account with this email address already exists. Sign in, or reset your password.',
        },
      ]);
    }
    throw error;
  }
}

export async function signOut(auth: Auth, options: { headers: Headers }): Promise<SetCookies> {
  try {
    const { headers } = await auth.api.signOut({ headers: options.headers, returnHeaders: true });
    return headers.getSetCookie();
  } catch (error) {
    // Signing out without a session is already the desired state.
    if (error instanceof APIError && error.statusCode < 500) return [];
    throw error;
  }
}

/** Always succeeds from the outside, so that nobody can learn which addresses have accounts. */
export async function requestPasswordReset(auth: Auth, options: { input: unknown }): Promise<void> {
  const { email } = parseInput(forgotPasswordSchema, options.input);
  await auth.api.requestPasswordReset({ body: { email, redirectTo: '/reset-password' } });
}

export async function resetPassword(auth: Auth, options: { input: unknown }): Promise<void> {
  const { token, password } = parseInput(resetPasswordSchema, options.input);
  try {
    await auth.api.resetPassword({ body: { token, newPassword: password } });
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 400) {
      throw invalidInput([], 'This reset link has expired or was already used. Ask for a new one.');
    }
    throw error;
  }
}

/**
 * Creates a verified account with a role, for operators (`cli staff:create`) and the demo data. An existing
 * account is granted the role and keeps its password.
 */
export async function createVerifiedAccount(
  auth: Auth,
  db: Kysely<Database>,
  options: { input: unknown; role: Role; partnerId?: string | null },
): Promise<{ created: boolean; email: string; userId: string }> {
  const { email, password, name } = parseInput(accountCreateSchema, options.input);
  const grant = { role: options.role, partnerId: options.partnerId ?? null };
  const existing = await repo.findUserByEmail(db, email);
  if (existing) {
    await repo.grantRole(db, { userId: existing.id, ...grant });
    return { created: false, email, userId: existing.id };
  }
  const context = await auth.$context;
  const user = await context.internalAdapter.createUser(
    { email, name, emailVerified: true },
    { method: 'admin' },
  );
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await context.password.hash(password),
  });
  await repo.grantRole(db, { userId: user.id, ...grant });
  return { created: true, email, userId: user.id };
}

/**
 * Gives a person a role (for a partner, if the role is a partner's), inside the caller's transaction; a role they
 * already have is left as it is. The caller has checked permission (an accepted invitation, the operator).
 */
export function grantRole(
  trx: Kysely<Database>,
  grant: { userId: string; role: Role; partnerId: string | null },
): Promise<void> {
  return repo.grantRole(trx, grant);
}

/** The account with that email address (any case), if there is one. */
export function findAccount(db: Kysely<Database>, email: string) {
  return repo.findUserByEmail(db, email);
}

/** Whether anyone has an account yet (a new portal gets its demo data only while nobody does). */
export async function hasAnyAccount(db: Kysely<Database>): Promise<boolean> {
  return (await repo.countUsers(db)) > 0;
}
