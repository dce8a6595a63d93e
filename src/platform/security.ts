import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

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

export function isFormPost(request: FastifyRequest): boolean {
  // Media types are case-insensitive, and fastify picks the body parser regardless of case.
  const type = (request.headers['content-type'] ?? '').trimStart().toLowerCase();
  return (
    STATE_CHANGING.has(request.method) &&
    (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))
  );
}

export function checkCsrfToken(request: FastifyRequest): void {
  const body = request.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === 'string' ? body._csrf : '';
  const expected = request.cookies[CSRF_COOKIE] ?? '';
  const ok =
    sent.length > 0 &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) {
    throw new AppError(
      'CSRF_TOKEN_INVALID',
      'This form has expired or was not sent from this site. Go back, reload the page and try again.',
    );
  }
}
