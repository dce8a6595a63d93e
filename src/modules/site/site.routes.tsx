import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app-deps.js';
import { pageContext, sendHtml } from '../../platform/http.js';
import { NotBuiltYetPage, renderPage } from '../../platform/page.js';
import { OverviewPage } from './site.views.js';

/** Parts of the program's navigation that later issues build; until then each page says so plainly. */
const NOT_BUILT_YET = [
  { path: '/find', title: 'Find your partner' },
  { path: '/apply', title: 'Apply to become a Regional Partner' },
  { path: '/workshops', title: 'Workshops' },
  { path: '/contact', title: 'Contact us' },
] as const;

export function siteRoutes(deps: AppDeps): FastifyPluginAsyncZod {
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
