// TRANSITIONAL: removed once every module uses submitForm and defineNotices.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NoticeCode } from './page.js';

/** Redirect after a successful form post (303, so the browser follows with GET), with a confirmation. */
export function redirectWithNotice(reply: FastifyReply, path: string, notice: NoticeCode): FastifyReply {
  const url = new URL(path, 'http://portal.invalid');
  url.searchParams.set('notice', notice);
  return reply.redirect(`${url.pathname}${url.search}${url.hash}`, 303);
}

/** Form bodies arrive as flat string maps; anything else (a JSON body on a form route) is treated as empty. */
export function formBody(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '',
    ]),
  );
}

/**
 * Rows of repeated form fields (`organizations.0.name`, `organizations.0.role`, …) as an array of objects,
 * leaving out rows whose every field is blank (the form offers spare rows).
 */
export function formRows(form: Record<string, string>, prefix: string): Record<string, string>[] {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(form)) {
    const match = new RegExp(`^${prefix}\\.(\\d{1,2})\\.(\\w+)$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    rows.set(index, { ...rows.get(index), [match[2] ?? '']: value });
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => Object.values(row).some((value) => value.trim() !== ''));
}
