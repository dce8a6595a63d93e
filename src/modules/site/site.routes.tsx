import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { NotBuiltYetPage } from '../../platform/ui/index.js';
import { OverviewPage } from './site.views.js';

/** Parts of the program's navigation that later issues build; until then each page says so plainly. */
const NOT_BUILT_YET = [{ path: '/workshops', title: 'Workshops' }] as const;

export function siteRoutes(deps: Pick<CoreDeps, 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.page((ctx) => <OverviewPage ctx={ctx} contactEmail={deps.config.programContactEmail} />),
    );

    // Browsers ask for /favicon.ico on their own; the icon is an SVG among the assets.
    app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
      reply.redirect('/assets/favicon.svg', 301),
    );

    for (const page of NOT_BUILT_YET) {
      app.get(page.path, { schema: { hide: true } }, (_request, reply) =>
        reply.page((ctx) => <NotBuiltYetPage ctx={ctx} title={page.title} />),
      );
    }
  };
}
