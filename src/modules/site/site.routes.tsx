import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { pageContext, sendHtml } from '../../platform/http.js';
import { NotBuiltYetPage, renderPage } from '../../platform/page.js';
import { OverviewPage } from './site.views.js';

/** Parts of the program's navigation that later issues build; until then each page says so plainly. */
const NOT_BUILT_YET = [{ path: '/workshops', title: 'Workshops' }] as const;

export function siteRoutes(deps: Pick<CoreDeps, 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', { schema: { hide: true } }, (request, reply) =>
      sendHtml(
        reply,
        renderPage(
          <OverviewPage
            ctx={pageContext(deps.config, request, reply)}
            contactEmail={deps.config.programContactEmail}
          />,
        ),
      ),
    );

    // Browsers ask for /favicon.ico on their own; the icon is an SVG among the assets.
    app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
      reply.redirect('/assets/favicon.svg', 301),
    );

    for (const page of NOT_BUILT_YET) {
      app.get(page.path, { schema: { hide: true } }, (request, reply) =>
        sendHtml(
          reply,
          renderPage(<NotBuiltYetPage ctx={pageContext(deps.config, request, reply)} title={page.title} />),
        ),
      );
    }
  };
}
