import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import type { RegionIndex } from './regions.service.js';
import { problemResponses } from '../../platform/problem.js';
import { partnerIdParamsSchema } from '../partners/partners.schemas.js';
import { lookupQuerySchema, lookupResponseSchema, regionInputSchema } from './regions.schemas.js';
import { assignRegion, lookupRegion, removeRegion } from './regions.service.js';

export function regionRoutes(deps: CoreDeps & { regionIndex: RegionIndex }): FastifyPluginAsyncZod {
  const lookupDeps = { db: deps.db.kysely, regionIndex: deps.regionIndex };
  return async (app) => {
    app.get(
      '/api/v1/regions/lookup',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Regions'],
          summary: 'The partner serving a ZIP code or a state',
          description:
            'Give `zip` (ZIP or ZIP+4) or `state` (two letters), and optionally `year` (like 2027-28; the current year by default). The finest assigned unit wins: ZIP, then county, then state.',
          querystring: lookupQuerySchema,
          response: { 200: lookupResponseSchema, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const answer = await lookupRegion(lookupDeps, request.query);
        // Built by typed code; sent as bytes, past the per-request response validation of the hottest API route.
        return reply
          .type('application/json; charset=utf-8')
          .send(Buffer.from(JSON.stringify(answer)) as never);
      },
    );

    app.post(
      '/api/v1/partners/:id/regions',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Regions'],
          summary: 'Assign a region to a partner (staff)',
          params: partnerIdParamsSchema,
          body: regionInputSchema,
          response: {
            201: z.object({ unit: z.string(), kind: z.enum(['state', 'county', 'zip']) }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const unit = await assignRegion(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          input: request.body,
        });
        return reply.status(201).send({ unit: unit.unit, kind: unit.kind });
      },
    );

    app.delete(
      '/api/v1/partners/:id/regions/:unit',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Regions'],
          summary: 'Remove a region from a partner (staff)',
          params: z.object({ id: z.string().max(100), unit: z.string().max(120) }),
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await removeRegion(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          unit: request.params.unit,
        });
        return reply.status(204).send(null);
      },
    );
  };
}
