import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';

const statusSchema = z.object({ status: z.enum(['ok', 'unavailable']) });

export function opsRoutes(deps: Pick<CoreDeps, 'db'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { access: ['anyone'] },
        schema: { tags: ['Operations'], summary: 'The process is up', response: { 200: statusSchema } },
      },
      () => ({
        status: 'ok' as const,
      }),
    );

    app.get(
      '/readyz',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Operations'],
          summary: 'The database is reachable',
          response: { 200: statusSchema, 503: statusSchema },
        },
      },
      async (request, reply) => {
        try {
          await sql`select 1`.execute(deps.db.raw);
          return { status: 'ok' as const };
        } catch (error) {
          request.log.warn({ err: error, reqId: request.id }, 'database not reachable');
          return reply.status(503).send({ status: 'unavailable' as const });
        }
      },
    );
  };
}
