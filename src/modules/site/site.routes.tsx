import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { OverviewPage } from './site.views.js';

export function siteRoutes(deps: Pick<CoreDeps, 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', { config: { access: ['anyone'] }, schema: { hide: true } }, (_request, reply) =>
      reply.page((ctx) => <OverviewPage ctx={ctx} contactEmail={deps.config.programContactEmail} />),
    );

    // Browsers ask for /favicon.ico on their own; the icon is an SVG among the assets.
    app.get('/favicon.ico', { config: { access: ['anyone'] }, schema: { hide: true } }, (_request, reply) =>
      reply.redirect('/assets/favicon.svg', 301),
    );
  };
}
