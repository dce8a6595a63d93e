import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { noticeText } from './notices.js';
import { csrfTokenFor } from './security.js';
import { renderPage, type PageContext } from './ui/layout.js';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Renders a page with the request's context (who is looking, the form token, the notice):
     * `return reply.page((ctx) => <InboxPage ctx={ctx} … />)`.
     */
    page(render: (ctx: PageContext) => VNode, options?: PageOptions): FastifyReply;
    /** The same, for a page that reads what it shows once it has the context. */
    page(render: (ctx: PageContext) => Promise<VNode>, options?: PageOptions): Promise<FastifyReply>;
    page(
      render: (ctx: PageContext) => VNode | Promise<VNode>,
      options?: PageOptions,
    ): FastifyReply | Promise<FastifyReply>;
  }
}

export interface PageOptions {
  status?: number;
  /** After a refused form: the address a reload opens instead of posting the form again. */
  reloadUrl?: string;
}

/** Gives every reply `page()`; registered once, before the modules. */
export function registerPages(app: FastifyInstance, settings: PageSettings) {
  app.decorateReply('page', function (
    this: FastifyReply,
    render: (ctx: PageContext) => VNode | Promise<VNode>,
    options: PageOptions = {},
  ) {
    return sendPage(settings, this, render, options);
  } as FastifyReply['page']);
}

/**
 * What `reply.page` does, for the one caller whose reply fastify made without the app's decorations: the
 * answer to an address it could not route (a broken %-escape, an over-long parameter).
 */
export function sendPage(
  settings: PageSettings,
  reply: FastifyReply,
  render: (ctx: PageContext) => VNode,
  options?: PageOptions,
): FastifyReply;
export function sendPage(
  settings: PageSettings,
  reply: FastifyReply,
  render: (ctx: PageContext) => VNode | Promise<VNode>,
  options?: PageOptions,
): FastifyReply | Promise<FastifyReply>;
export function sendPage(
  settings: PageSettings,
  reply: FastifyReply,
  render: (ctx: PageContext) => VNode | Promise<VNode>,
  options: PageOptions = {},
): FastifyReply | Promise<FastifyReply> {
  const ctx = pageContext(settings, reply.request, reply, options.reloadUrl);
  const status = options.status ?? 200;
  const vnode = render(ctx);
  return vnode instanceof Promise
    ? vnode.then((ready) => sendHtml(reply, renderPage(ready), status))
    : sendHtml(reply, renderPage(vnode), status);
}

/** What pages take from the configuration. */
export interface PageSettings {
  programName: string;
  baseUrl: string;
}

export function pageContext(
  settings: PageSettings,
  request: FastifyRequest,
  reply: FastifyReply,
  reloadUrl?: string,
): PageContext {
  let token: string | undefined;
  const query = queryOf(request);
  return {
    programName: settings.programName,
    path: request.url.split('?')[0] ?? '/',
    query,
    actor: request.actor,
    csrf: () => (token ??= csrfTokenFor(request, reply, settings.baseUrl.startsWith('https:'))),
    notice: noticeText(query.notice),
    reloadUrl,
  };
}

/** The query as the browser sent it, read from the URL: a route's schema may have reshaped request.query. */
function queryOf(request: FastifyRequest): Record<string, string | string[]> {
  const params = new URLSearchParams(request.url.split('?')[1] ?? '');
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    result[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return result;
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
