import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { requireStaff } from '../../platform/actor.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import { ProgramYearsPage } from './program-years.views.js';
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

export function programYearRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
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

    app.get('/staff/years', { schema: { hide: true } }, async (request, reply) => {
      requireStaff(request.actor);
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(<ProgramYearsPage ctx={ctx} years={await listProgramYears(deps.db.kysely)} />),
      );
    });

    app.post('/staff/years', { schema: { hide: true } }, async (request, reply) => {
      const form = formBody(request);
      try {
        await createProgramYear(deps, { actor: request.actor, input: form });
        return redirectWithNotice(reply, '/staff/years', 'year-saved');
      } catch (error) {
        if (!(error instanceof AppError && (error.code === 'INVALID_INPUT' || error.code === 'CONFLICT')))
          throw error;
        const ctx = pageContext(deps.config, request, reply);
        const years = await listProgramYears(deps.db.kysely);
        const values = { name: form.name ?? '', pmFte: form.pmFte ?? '' };
        return sendHtml(
          reply,
          renderPage(<ProgramYearsPage ctx={ctx} years={years} errors={error.fieldErrors} values={values} />),
          error.status,
        );
      }
    });

    app.post(
      '/staff/years/:name/settings',
      { schema: { hide: true, params: yearParams } },
      async (request, reply) => {
        await updateProgramYearSettings(deps, {
          actor: request.actor,
          name: request.params.name,
          input: formBody(request),
        });
        return redirectWithNotice(reply, '/staff/years', 'year-saved');
      },
    );

    app.post(
      '/staff/years/:name/current',
      { schema: { hide: true, params: yearParams } },
      async (request, reply) => {
        await makeProgramYearCurrent(deps, { actor: request.actor, name: request.params.name });
        return redirectWithNotice(reply, '/staff/years', 'year-saved');
      },
    );
  };
}
