import type { FastifyReply } from 'fastify';

/**
 * Confirmations a redirect may ask the next page to show, by code: a free-text query parameter would let anyone
 * put their words on the portal's pages. Each module defines its own with `defineNotices`.
 */
const TEXTS = new Map<string, string>();

export interface Notices<Code extends string> {
  /** Redirect after a successful form post (303, so the browser follows with GET), with the confirmation. */
  redirect(reply: FastifyReply, path: string, code: Code): FastifyReply;
}

export function defineNotices<const Texts extends Record<string, string>>(
  texts: Texts,
): Notices<keyof Texts & string> {
  for (const [code, text] of Object.entries(texts)) {
    if (TEXTS.has(code) && TEXTS.get(code) !== text)
      throw new Error(`The notice "${code}" is defined twice.`);
    TEXTS.set(code, text);
  }
  return { redirect: redirectWithNotice };
}

function redirectWithNotice(reply: FastifyReply, path: string, code: string): FastifyReply {
  const url = new URL(path, 'http://portal.invalid');
  url.searchParams.set('notice', code);
  return reply.redirect(`${url.pathname}${url.search}${url.hash}`, 303);
}

/** The text of the notice a page was redirected with, if it names one. */
export function noticeText(code: unknown): string | undefined {
  return typeof code === 'string' ? TEXTS.get(code) : undefined;
}
