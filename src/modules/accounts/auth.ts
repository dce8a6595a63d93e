import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { OutgoingMail, Outbox } from '../../platform/mail/outbox.js';
import { findUserById, grantRole } from './accounts.repository.js';
import { existingAccountMail, newEmailMail, passwordResetMail, verificationMail } from './accounts.mail.js';

export interface AuthOptions {
  config: Config;
  /** The connection without camelCase mapping: better-auth names its columns itself (mapped below). */
  raw: Kysely<unknown>;
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  outbox: Outbox;
  log: (level: string, message: string) => void;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** OWASP's argon2id minimum (19 MiB, 2 passes): slow for an attacker, quick enough for a sign-in. */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
/**
 * The test suite's throwaway accounts need no defence against offline guessing, and at 80 ms a hash the real
 * cost was most of every signed-in test's set-up. Still argon2id, still verified; only NODE_ENV=test uses it.
 */
const ARGON2_FOR_TESTS = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/**
 * Account mails of one kind (a reset link, an address confirmation) that one address gets per hour. A request
 * beyond it is answered as any other but sends nothing: nobody can flood someone's inbox through the portal.
 */
const ACCOUNT_MAILS_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

export function createAuth(options: AuthOptions) {
  const { config, outbox } = options;
  const programName = config.programName;
  const enqueueAccountMail = async (mail: OutgoingMail) => {
    if ((await outbox.countRecent(mail.to, mail.subject, HOUR_MS)) >= ACCOUNT_MAILS_PER_HOUR) return;
    await outbox.enqueue(mail);
  };
  return betterAuth({
    appName: programName,
    baseURL: config.baseUrl,
    basePath: '/api/auth',
    secret: config.authSecret,
    database: { db: options.raw, type: options.dialect, transaction: true },
    // The portal's routes forward each request with the address it was sent to, after the origin check in
    // `platform/security.ts`; that same origin is the one better-auth may trust for callbacks.
    trustedOrigins: (request) => (request ? [new URL(request.url).origin] : []),
    user: {
      modelName: 'users',
      fields: { emailVerified: 'email_verified', createdAt: 'created_at', updatedAt: 'updated_at' },
      // A new address is confirmed from the link sent to it; the account keeps the old one until then.
      changeEmail: { enabled: true },
    },
    session: {
      modelName: 'sessions',
      fields: {
        expiresAt: 'expires_at',
        ipAddress: 'ip_address',
        userAgent: 'user_agent',
        userId: 'user_id',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    },
    account: {
      modelName: 'accounts',
      fields: {
        accountId: 'account_id',
        providerId: 'provider_id',
        userId: 'user_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    },
    verification: {
      modelName: 'verifications',
      fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' },
      // A reset link's token is kept only as its hash: someone who reads the table (a backup, a staff query)
      // cannot use it to take over the account.
      storeIdentifier: 'hashed',
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      // A new account signs in by opening its confirmation link; until then sign-up answers the same whether
      // or not the address already has an account (better-auth's generic answer), so it reveals none.
      requireEmailVerification: true,
      onExistingUserSignUp: async ({ user }) => {
        await enqueueAccountMail(
          existingAccountMail({ programName, to: user.email, name: user.name, baseUrl: config.baseUrl }),
        );
      },
      revokeSessionsOnPasswordReset: true,
      password: {
        hash: (password) => hash(password, config.env === 'test' ? ARGON2_FOR_TESTS : ARGON2),
        verify: ({ hash: stored, password }) => verify(stored, password),
      },
      sendResetPassword: async ({ user, url }) => {
        await enqueueAccountMail(passwordResetMail({ programName, to: user.email, name: user.name, url }));
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      // Signing in before confirming sends the link again (within the hourly limit of account mail).
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, url }) => {
        // A change of address sends its link to the new address, which the account does not have yet.
        const stored = await findUserById(options.db, user.id);
        const changing = stored !== undefined && stored.email !== user.email.toLowerCase();
        const mail = changing ? newEmailMail : verificationMail;
        await enqueueAccountMail(mail({ programName, to: user.email, name: user.name, url }));
      },
    },
    databaseHooks: {
      user: {
        create: {
          // Everyone who signs up may at least take part in workshops; other roles are granted by staff.
          after: async (user) => {
            await grantRole(options.db, { userId: user.id, role: 'participant', partnerId: null });
          },
        },
      },
    },
    advanced: {
      useSecureCookies: config.baseUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: ['x-portal-client-ip'] },
    },
    // Sign-in and sign-up are rate-limited by the portal's routes (one limit for the form and the API).
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: {
      log: (level, message) => {
        options.log(level, message);
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The session cookie's name; its presence decides whether a request needs a session lookup at all. */
export function sessionCookieName(config: Config): string {
  return config.baseUrl.startsWith('https:')
    ? '__Secure-better-auth.session_token'
    : 'better-auth.session_token';
}
