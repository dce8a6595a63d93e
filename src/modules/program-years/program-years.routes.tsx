import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { problemResponses } from '../../platform/problem.js';
import {
  programYearCreateSchema,
  programYearSchema,
  programYearSettingsSchema,
} from './program-years.schemas.js';
import {
  createProgramYear,
  listProgramYears,
  makeProgramYearCurrent,
  updateProgramYearSettings,
} from './program-years.service.js';

const yearParams = z.object({ name: z.string().max(20) });

export function programYearRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/program-years',
      {
        schema: {
          tags: ['Program years'],
          summary: 'All program years',
          response: { 200: z.array(programYearSchema) },
        },
      },
      () => listProgramYears(deps.db.kysely),
    );

    app.post(
      '/api/v1/program-years',
      {
        schema: {
          tags: ['Program years'],
          summary: 'Create a program year (staff)',
          body: programYearCreateSchema,
          response: { 201: programYearSchema, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createProgramYear(deps, { actor: request.actor, input: request.body })),
    );

    app.patch(
      '/api/v1/program-years/:name',
      {
        schema: {
          tags: ['Program years'],
          summary: "Change a year's settings (staff)",
          params: yearParams,
          body: programYearSettingsSchema,
          response: { 200: programYearSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        updateProgramYearSettings(deps, {
          actor: request.actor,
          name: request.params.name,
          input: request.body,
        }),
    );

    app.post(
      '/api/v1/program-years/:name/current',
      {
        schema: {
          tags: ['Program years'],
          summary: 'Mark a year current (staff)',
          params: yearParams,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await makeProgramYearCurrent(deps, { actor: request.actor, name: request.params.name });
        return reply.status(204).send(null);
      },
    );
  };
}
