import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import { z } from 'zod';
import type { Audience } from '../../platform/access.js';
import { requireSignedIn } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import type { Auth } from './auth.js';
import { MAX_PASSWORD_LENGTH } from './auth.js';
// The same rules as the portal's own account forms: one definition of a valid name, address and password.
import { email, name, newPassword, password } from './accounts.schemas.js';

/*
 * better-auth's HTTP API, as far as the portal offers it: the endpoints below, each with its body checked by a
 * schema of the portal's before better-auth reads it, every state change on the one per-address attempt budget,
 * and better-auth's refusals answered as problem+json in the portal's words. The rest of better-auth's API
 * (listing and revoking sessions, deleting users, linking accounts…) is not reachable over HTTP: the portal's own
 * pages call what they need in-process.
 */

/** A path on this site to land on afterwards; better-auth checks it against the trusted origin too. */
const callbackURL = z.string().max(2000, 'Use at most 2,000 characters.').optional();

const BODIES = {
  '/api/auth/sign-in/email': z.strictObject({
    email,
    password,
    rememberMe: z.boolean().optional(),
    callbackURL,
  }),
  '/api/auth/sign-up/email': z.strictObject({ name, email, password: newPassword, callbackURL }),
  '/api/auth/sign-out': z.strictObject({}),
  '/api/auth/request-password-reset': z.strictObject({ email, redirectTo: callbackURL }),
  '/api/auth/reset-password': z.strictObject({
    newPassword,
    token: z.string({ error: 'The reset link’s token is missing.' }).max(500),
  }),
  '/api/auth/change-password': z.strictObject({
    currentPassword: password,
    newPassword,
    revokeOtherSessions: z.boolean().optional(),
  }),
  '/api/auth/send-verification-email': z.strictObject({ email, callbackURL }),
  '/api/auth/update-user': z.strictObject({ name }),
} as const;

/** Who may call each: a password or name change needs a session (401 before its body is read). */
const ACCESS: Record<keyof typeof BODIES, readonly Audience[]> = {
  '/api/auth/sign-in/email': ['anyone'],
  '/api/auth/sign-up/email': ['anyone'],
  '/api/auth/sign-out': ['anyone'],
  '/api/auth/request-password-reset': ['anyone'],
  '/api/auth/reset-password': ['anyone'],
  '/api/auth/change-password': ['signed-in'],
  '/api/auth/send-verification-email': ['anyone'],
  '/api/auth/update-user': ['signed-in'],
};

/**
 * The links that mails and pages open: the email confirmation, a reset link's landing, the session. Anyone may
 * open them: the first two are private links (their token authorizes), and the session is null when signed out.
 */
const READS = ['/api/auth/verify-email', '/api/auth/reset-password/:token', '/api/auth/get-session'];

/** better-auth's refusals, as the portal words them; any other keeps better-auth's own sentence. */
const REFUSALS: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'The email address or the password is not right.',
  INVALID_PASSWORD: 'The current password is not right.',
  PASSWORD_TOO_SHORT: 'The new password is too short: use at least 10 characters.',
  PASSWORD_TOO_LONG: `The new password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`,
  INVALID_EMAIL: 'Enter an email address, like name@example.org.',
  INVALID_TOKEN: 'This link has expired or was already used.',
  EMAIL_NOT_VERIFIED: 'Confirm your email address first: we have sent the link to it again.',
};

/** The code for a better-auth status that the portal's error handler knows. */
function codeFor(status: number) {
  if (status === 401) return 'UNAUTHENTICATED' as const;
  if (status === 403) return 'FORBIDDEN' as const;
  if (status === 404) return 'NOT_FOUND' as const;
  if (status === 429) return 'RATE_LIMITED' as const;
  if (status === 409 || status === 422) return 'CONFLICT' as const;
  return 'INVALID_INPUT' as const;
}

/** Headers for better-auth's server calls: the client's address for its session record. */
export function authHeaders(request: FastifyRequest): Headers {
  const headers = fromNodeHeaders(request.headers);
  headers.set('x-portal-client-ip', request.ip);
  return headers;
}

/** The JSON body of a request to better-auth, checked by its schema (an empty body is an empty object). */
function checkedBody(path: keyof typeof BODIES, raw: unknown): void {
  let body: unknown = {};
  if (raw instanceof Buffer && raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('INVALID_INPUT', 'Send the request body as JSON.');
    }
  }
  parseInput(BODIES[path], body);
}

async function forward(auth: Auth, request: FastifyRequest, reply: FastifyReply) {
  const body =
    request.method === 'GET' || !(request.body instanceof Buffer) || request.body.length === 0
      ? undefined
      : request.body;
  // The address the request was sent to, which the origin check has already matched against Origin.
  const url = `${request.protocol}://${request.host}${request.url}`;
  const response = await auth.handler(
    new Request(url, {
      method: request.method,
      headers: authHeaders(request),
      body: body ? new Uint8Array(body) : null,
    }),
  );
  if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
    const refusal = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    const message =
      (refusal.code ? REFUSALS[refusal.code] : undefined) ??
      refusal.message ??
      'The request could not be completed.';
    throw new AppError(codeFor(response.status), message);
  }
  void reply.status(response.status);
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie' && key !== 'content-length') void reply.header(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) void reply.header('set-cookie', cookies);
  return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
}

/**
 * The plugin: better-auth reads the raw body itself, so this plugin keeps bodies unparsed; it is encapsulated so
 * that the parser change does not reach the rest of the portal. Anything else under /api/auth is not found.
 */
export function authApi(auth: Auth, attemptLimit: { onRequest: RouteShorthandOptions['onRequest'] }) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, body);
    });
    for (const path of Object.keys(BODIES) as (keyof typeof BODIES)[]) {
      app.post(
        path,
        { config: { access: ACCESS[path] }, schema: { hide: true }, ...attemptLimit },
        (request, reply) => {
          // Permission before validation: a password or name change is a signed-in person's, whatever it says.
          if (!ACCESS[path].includes('anyone')) requireSignedIn(request.actor);
          checkedBody(path, request.body);
          return forward(auth, request, reply);
        },
      );
    }
    for (const path of READS) {
      app.get(path, { config: { access: ['anyone'] }, schema: { hide: true } }, (request, reply) =>
        forward(auth, request, reply),
      );
    }
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/api/auth/*',
      // Not found for anyone, signed in or not.
      config: { access: ['anyone'] },
      schema: { hide: true },
      handler: () => {
        throw new AppError('NOT_FOUND', 'There is no such account operation.');
      },
    });
  };
}
