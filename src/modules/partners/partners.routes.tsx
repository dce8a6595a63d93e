import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { problemResponses } from '../../platform/problem.js';
import {
  invitationInputSchema,
  partnerIdParamsSchema,
  partnerInputSchema,
  partnerSchema,
} from './partners.schemas.js';
import {
  createPartner,
  getPartner,
  invitePartnerManager,
  listPartners,
  updatePartner,
} from './partners.service.js';

export function partnerRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/partners',
      {
        schema: {
          tags: ['Partners'],
          summary: "A year's partners (staff)",
          querystring: z.object({ year: z.string().max(20).optional() }),
          response: {
            200: z.object({ programYear: z.string(), partners: z.array(partnerSchema) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { year, partners } = await listPartners(db, { actor: request.actor, year: request.query.year });
        return { programYear: year.name, partners };
      },
    );

    app.post(
      '/api/v1/partners',
      {
        schema: {
          tags: ['Partners'],
          summary: 'Create a partner (staff)',
          body: partnerInputSchema,
          response: { 201: partnerSchema, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createPartner(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      '/api/v1/partners/:id',
      {
        schema: {
          tags: ['Partners'],
          summary: 'One partner (staff, or its program managers)',
          params: partnerIdParamsSchema,
          response: { 200: partnerSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getPartner(db, { actor: request.actor, id: request.params.id }),
    );

    app.put(
      '/api/v1/partners/:id',
      {
        schema: {
          tags: ['Partners'],
          summary: 'Replace a partner’s details (staff)',
          params: partnerIdParamsSchema,
          body: partnerInputSchema,
          response: { 200: partnerSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) => updatePartner(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/partners/:id/invitations',
      {
        schema: {
          tags: ['Partners'],
          summary: 'Invite a program manager by email (staff)',
          params: partnerIdParamsSchema,
          body: invitationInputSchema,
          response: { 201: z.object({ email: z.string() }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const invitation = await invitePartnerManager(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          input: request.body,
        });
        return reply.status(201).send({ email: invitation.email });
      },
    );
  };
}
