import { APIError } from 'better-auth/api';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { requireSignedIn, type Actor } from '../../platform/actor.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { emailChangeRequestedMail } from './accounts.mail.js';
import * as repo from './accounts.repository.js';
import {
  accountCreateSchema,
  accountNameSchema,
  changeEmailSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  resetTokenSchema,
  signInSchema,
  signUpSchema,
} from './accounts.schemas.js';
import type { Auth } from './auth.js';
import type { CoreDeps } from '../../platform/deps.js';

/** What the accounts module needs: the portal's parts, and better-auth built on them. */
export type AccountDeps = CoreDeps & { auth: Auth };

/** The cookies to send back after an account action (a new session, or a cleared one). */
export type SetCookies = string[];

/** Where a person starts: what awaits them for their role (staff, a partner's manager, a facilitator), else the overview. */
export function homePathOf(actor: Pick<Actor, 'roles'>): string {
  if (actor.roles.includes('staff')) return '/staff';
  if (actor.roles.includes('program_manager')) return '/partner';
  if (actor.roles.includes('facilitator')) return '/facilitator';
  return '/';
}

/** Signs in; on to the page that asked for it (`next`), or to the person's home page. */
export async function signIn(
  deps: Pick<AccountDeps, 'auth' | 'db'>,
  options: { input: unknown; headers: Headers },
): Promise<{ cookies: SetCookies; destination: string }> {
  const { next, ...body } = parseInput(signInSchema, options.input);
  try {
    const { headers, response } = await deps.auth.api.signInEmail({
      body,
      headers: options.headers,
      returnHeaders: true,
    });
    const roles = (await repo.rolesOf(deps.db.kysely, response.user.id)).map((grant) => grant.role);
    return { cookies: headers.getSetCookie(), destination: next ?? homePathOf({ roles }) };
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 401) {
      throw invalidInput(
        [{ path: 'password', message: 'The email address or password is not right.' }],
        'Sign-in failed.',
      );
    }
    // Right password, address not confirmed yet: better-auth has sent the confirmation link again.
    if (error instanceof APIError && error.statusCode === 403) {
      throw invalidInput(
        [
          {
            path: 'email',
            message:
              'Confirm your email address first: we have sent the link to it again. Opening it signs you in.',
          },
        ],
        'Sign-in failed.',
      );
    }
    throw error;
  }
}

/**
 * Creates the account, which signs in by its confirmation link (back to `/email-verified`, then to `next`). The
 * answer is the same when the address has an account already (its owner is told by mail), so that sign-up
 * never reveals who has one.
 */
export async function signUp(auth: Auth, options: { input: unknown; headers: Headers }): Promise<void> {
  const { next, ...body } = parseInput(signUpSchema, options.input);
  const callbackURL = `/email-verified${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  await auth.api.signUpEmail({ body: { ...body, callbackURL }, headers: options.headers });
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
export async function requestPasswordReset(auth: Auth, options: { input: unknown }): Promise<string> {
  const { email } = parseInput(forgotPasswordSchema, options.input);
  await auth.api.requestPasswordReset({ body: { email, redirectTo: '/reset-password' } });
  return email;
}

const EXPIRED_RESET_LINK = 'This reset link has expired or was already used. Ask for a new one.';

export async function resetPassword(auth: Auth, options: { input: unknown }): Promise<void> {
  const token = resetTokenSchema.safeParse((options.input as { token?: unknown } | null)?.token);
  if (!token.success) throw invalidInput([], 'This reset link is incomplete. Ask for a new one.');
  const { password } = parseInput(resetPasswordSchema, options.input);
  try {
    await auth.api.resetPassword({ body: { token: token.data, newPassword: password } });
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 400) throw invalidInput([], EXPIRED_RESET_LINK);
    throw error;
  }
}

/** The signed-in person's own account, as their account page shows it. */
export async function getAccount(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireSignedIn(options.actor);
  const user = await repo.findUserById(db, actor.id);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to see your account.');
  return { name: user.name, email: user.email, emailVerified: Boolean(user.emailVerified) };
}

export async function changeName(
  auth: Auth,
  options: { actor: Actor | null; input: unknown; headers: Headers },
): Promise<void> {
  requireSignedIn(options.actor);
  const { name } = parseInput(accountNameSchema, options.input);
  await auth.api.updateUser({ body: { name }, headers: options.headers });
}

/**
 * Asks for a new email address: a link goes to it, and the account changes over only once it is opened
 * (better-auth's change-email flow), so a typo or someone else's address never locks the person out. The
 * current address hears of the request. An address another account has gets the same answer and no link.
 */
export async function changeEmail(
  deps: Pick<AccountDeps, 'auth' | 'outbox' | 'config'>,
  options: { actor: Actor | null; input: unknown; headers: Headers },
): Promise<void> {
  const actor = requireSignedIn(options.actor);
  const { newEmail } = parseInput(changeEmailSchema, options.input);
  if (newEmail === actor.email.toLowerCase()) {
    throw invalidInput([{ path: 'newEmail', message: 'This is already your email address.' }]);
  }
  await deps.auth.api.changeEmail({
    body: { newEmail, callbackURL: '/email-verified?change=yes' },
    headers: options.headers,
  });
  await deps.outbox.enqueue(
    emailChangeRequestedMail({
      programName: deps.config.programName,
      to: actor.email,
      name: actor.name,
      newEmail,
    }),
  );
}

/**
 * Changes the password, which needs the current one. Every other session of the person ends with it (a
 * password changed because it leaked should lock out whoever used it); this one goes on with a new cookie.
 */
export async function changePassword(
  auth: Auth,
  options: { actor: Actor | null; input: unknown; headers: Headers },
): Promise<SetCookies> {
  requireSignedIn(options.actor);
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, options.input);
  try {
    const { headers } = await auth.api.changePassword({
      body: { currentPassword, newPassword, revokeOtherSessions: true },
      headers: options.headers,
      returnHeaders: true,
    });
    return headers.getSetCookie();
  } catch (error) {
    if (
      error instanceof APIError &&
      (error.body as { code?: string } | undefined)?.code === 'INVALID_PASSWORD'
    ) {
      throw invalidInput([{ path: 'currentPassword', message: 'That is not your current password.' }]);
    }
    throw error;
  }
}

/** Ends every session of the person, this one included, wherever they are signed in. */
export async function signOutEverywhere(
  auth: Auth,
  options: { actor: Actor | null; headers: Headers },
): Promise<SetCookies> {
  requireSignedIn(options.actor);
  const { headers } = await auth.api.revokeSessions({ headers: options.headers, returnHeaders: true });
  return headers.getSetCookie();
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
