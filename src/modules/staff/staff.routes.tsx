import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { requireStaff } from '../../platform/actor.js';
import { pageContext, sendHtml } from '../../platform/http.js';
import { listOutbox } from '../../platform/mail/outbox.js';
import { renderPage } from '../../platform/page.js';
import { OutboxPage, StaffHomePage } from './staff.views.js';

export function staffRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/staff', { schema: { hide: true } }, (request, reply) => {
      requireStaff(request.actor);
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(<StaffHomePage ctx={ctx} mailDelivered={deps.config.smtpUrl !== undefined} />),
      );
    });

    app.get('/staff/outbox', { schema: { hide: true } }, async (request, reply) => {
      const messages = await listOutbox(deps.db.kysely, { actor: request.actor });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <OutboxPage ctx={ctx} messages={messages} mailDelivered={deps.config.smtpUrl !== undefined} />,
        ),
      );
    });
  };
}
