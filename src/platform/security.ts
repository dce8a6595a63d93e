import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from './errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CSRF_COOKIE = 'portal_csrf';

/**
 * Refuses a state-changing request that a browser sent from another site. Browsers always send Origin on
 * such requests (or at least Sec-Fetch-Site); clients that send neither are not browsers and carry no cookies
 * of a victim. Same origin means BASE_URL's origin or the origin the request itself was addressed to.
 */
export function checkOrigin(request: FastifyRequest, baseUrl: string): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const allowed = [new URL(baseUrl).origin, `${request.protocol}://${request.host}`];
    if (!allowed.includes(origin))
      throw new AppError('FOREIGN_ORIGIN', 'This request came from another site.');
    return;
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new AppError('FOREIGN_ORIGIN', 'This request came from another site.');
  }
}

/**
 * Double-submit token for HTML forms: a random value in an HttpOnly cookie that every form repeats in a hidden
 * `_csrf` field. It is created only when a page renders a form, so pages without forms set no cookie.
 */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  request.cookies[CSRF_COOKIE] = token;
  return token;
}

/** What a state-changing request carries, by its media type (case-insensitive, as fastify's parsers match). */
function bodyKind(request: FastifyRequest): 'form' | 'json' | 'none' | 'other' {
  const type = (request.headers['content-type'] ?? '').trimStart().toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))
    return 'form';
  if (/^application\/([a-z0-9.+-]+\+)?json\b/.test(type)) return 'json';
  if (
    type === '' &&
    (request.headers['content-length'] ?? '0') === '0' &&
    !request.headers['transfer-encoding']
  )
    return 'none';
  return 'other';
}

/**
 * Every state-changing request proves it was meant. A form repeats the CSRF token, whatever the route. The JSON API
 * needs no token: a page on another site cannot send JSON (or a body-less call) with the visitor's cookies without a
 * CORS preflight, which the portal never grants, and `checkOrigin` refuses a browser's cross-site request anyway.
 * Any other body (text/plain, which a cross-site form can send) is refused before a handler sees it.
 */
export function checkStateChange(request: FastifyRequest): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const kind = bodyKind(request);
  if (kind === 'form') {
    checkCsrfToken(request);
    return;
  }
  const api = request.url.startsWith('/api/');
  if (api && (kind === 'json' || kind === 'none')) return;
  if (!api && kind === 'none') {
    throw new AppError('CSRF_TOKEN_INVALID', FORM_EXPIRED);
  }
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    api
      ? 'Send the request body as JSON (Content-Type: application/json).'
      : 'This address takes forms only: fill in the form on its page and send it from there.',
  );
}

const FORM_EXPIRED =
  'This form has expired or was not sent from this site. Go back, reload the page and try again.';

function checkCsrfToken(request: FastifyRequest): void {
  const body = request.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === 'string' ? body._csrf : '';
  const expected = request.cookies[CSRF_COOKIE] ?? '';
  const ok =
    sent.length > 0 &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) {
    throw new AppError('CSRF_TOKEN_INVALID', FORM_EXPIRED);
  }
}

/**
 * A request's address as it may be written to the log: the secrets that links carry (password-reset and
 * email-verification tokens, invitation links, a principal's approval link, an invitation-only workshop's `invite`, the secret address of a
 * personal calendar feed, also when they ride in a sign-in's `next`) are replaced.
 */
export function redactSecrets(url: string): string {
  return url
    .replace(/([?&](?:token|code|invite)=)[^&#]*/gi, '$1[redacted]')
    .replace(/(\/|%2F)(invitations(?:\/|%2F))(?!accepted(?:\/|%2F))[^/?&#%]+/gi, '$1$2[redacted]')
    .replace(/(\/|%2F)(principal-approvals(?:\/|%2F))[^/?&#%]+/gi, '$1$2[redacted]')
    .replace(/(\/|%2F)(calendars(?:\/|%2F))[^/?&#%]+/gi, '$1$2[redacted]');
}

/**
 * Control characters other than tab and line breaks have no place in anything a person types; PostgreSQL
 * cannot even store NUL in text. One rule for every path parameter, query parameter and body field.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this rule's whole point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A parsed body or query (the query parser makes objects without a prototype); not an uploaded file's bytes. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function refuseControlCharacters(request: FastifyRequest): void {
  const found: FieldError[] = [];
  const visit = (value: unknown, path: string[]): void => {
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) {
        found.push({
          path: path.join('.'),
          message: 'Remove the control character (such as a NUL byte) from this.',
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, String(index)]);
      });
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(request.params, []);
  visit(request.query, []);
  visit(request.body, []);
  if (found.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      'What you sent contains a control character, such as a NUL byte.',
      found,
    );
  }
}
