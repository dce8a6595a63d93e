import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/validation.js';
import { outboxQuerySchema } from './outbox.schemas.js';
import { listOutbox } from './outbox.service.js';
import { OutboxPage } from './outbox.views.js';

export function outboxRoutes(deps: Pick<CoreDeps, 'db' | 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/staff/outbox',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(outboxQuerySchema, request.query);
        const page = await listOutbox(deps.db.kysely, { actor: request.actor, query });
        return reply.page((ctx) => (
          <OutboxPage ctx={ctx} page={page} mailDelivered={deps.config.smtpUrl !== undefined} />
        ));
      },
    );
  };
}
