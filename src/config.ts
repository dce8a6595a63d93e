import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
// A bad setting is refused in a person's words, like every other input.
import './platform/zod-messages.js';

/**
 * The whole environment of the portal, validated once at boot. Nothing else reads `process.env`.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'must be file:PATH (SQLite) or postgres://… (PostgreSQL)')
      .default('file:./data/portal.db'),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    PROGRAM_NAME: z.string().min(1).max(120).default('Regional Partner Program'),
    PROGRAM_CONTACT_EMAIL: z.email('must be an email address').default('partner@example.org'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAIL_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
    // Reminders are due at whole minutes (09:00), so once a minute is on time.
    REMINDER_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
    SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    INQUIRY_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
    // Per minute: generous, since a whole district may sign up from one address.
    ENROLLMENT_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
    TRUST_PROXY: z
      .string()
      .regex(
        /^(false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
        'must be false, a number of proxy hops, or a comma-separated list of proxy addresses',
      )
      .optional(),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.AUTH_SECRET !== undefined, {
    path: ['AUTH_SECRET'],
    error: 'is required when NODE_ENV=production (at least 32 random characters)',
  });

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl: string;
  authSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  programName: string;
  programContactEmail: string;
  logLevel: string;
  mailPollMs: number;
  /** How often each app process looks for workshop reminders that are due. */
  reminderPollMs: number;
  /** Sign-in, sign-up and password-reset attempts allowed per client address per minute. */
  signInRateLimit: number;
  /** Contact-form and inquiry API submissions allowed per client address per hour. */
  inquiryRateLimit: number;
  /** Anonymous workshop sign-ups per client address per minute. */
  enrollmentRateLimit: number;
  /**
   * Which `X-Forwarded-*` headers to believe: none, the last N hops, or only those added by these proxy
   * addresses. Trusting every hop would let any client name its own address and slip past every rate limit.
   */
  trustProxy: false | number | string[];
}>;

export class ConfigError extends Error {}

/** Reads and validates settings; throws a ConfigError whose message is one line naming the bad setting. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid setting ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET ?? embeddedAuthSecret(),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `${e.PROGRAM_NAME} <${e.PROGRAM_CONTACT_EMAIL}>`,
    programName: e.PROGRAM_NAME,
    programContactEmail: e.PROGRAM_CONTACT_EMAIL,
    logLevel: e.LOG_LEVEL,
    mailPollMs: e.MAIL_POLL_MS,
    reminderPollMs: e.REMINDER_POLL_MS,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    inquiryRateLimit: e.INQUIRY_RATE_LIMIT,
    enrollmentRateLimit: e.ENROLLMENT_RATE_LIMIT,
    trustProxy: trustedProxies(e.TRUST_PROXY, baseUrl),
  };
}

/** Behind https the portal sits behind one proxy (the one that ends TLS) unless told otherwise. */
function trustedProxies(setting: string | undefined, baseUrl: string): Config['trustProxy'] {
  if (setting === undefined) return baseUrl.startsWith('https:') ? 1 : false;
  if (setting === 'false' || setting === '0') return false;
  if (/^\d+$/.test(setting)) return Number(setting);
  return setting.split(',');
}

/**
 * The embedded default must work on a fresh clone without any setup, yet sessions must survive a restart:
 * so the secret is generated once and kept beside the database.
 */
function embeddedAuthSecret(): string {
  const path = resolve('data/auth-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}
