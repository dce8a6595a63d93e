import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { questionsConfigSchema, yearConfigSchema, yearQuerySchema } from './applications.config.schemas.js';
import { getYearConfig, updateYearConfig } from './applications.config.service.js';
import { ConfigPage, configForm } from './applications.config.views.js';
import { API_PATH as API, API_TAGS as TAGS } from './applications.schemas.js';
import type { ApplicationDeps } from './applications.service.js';

const notices = defineNotices({
  'application-config-saved': 'The questions and the rubric are saved.',
});

/** A year's narrative questions and review rubric, which staff set (the page's year is in its address). */
export function applicationConfigRoutes(deps: ApplicationDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      `${API}/settings`,
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary: "A year's narrative questions and rubric (staff); a year without any gets the defaults",
          querystring: yearQuerySchema,
          response: { 200: yearConfigSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) => getYearConfig(db, { actor: request.actor, year: request.query.year }),
    );

    app.put(
      `${API}/settings`,
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary: "Replace a year's narrative questions and rubric (staff)",
          description:
            'A problem with a question or criterion is reported on `questions` or `criteria`, naming it.',
          querystring: yearQuerySchema,
          body: questionsConfigSchema,
          response: { 200: yearConfigSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        updateYearConfig(deps, { actor: request.actor, year: request.query.year, input: request.body }),
    );

    app.get(
      '/staff/applications/settings',
      { config: { access: ['staff'] }, schema: { hide: true, querystring: yearQuerySchema } },
      async (request, reply) => {
        const config = await getYearConfig(db, { actor: request.actor, year: request.query.year });
        return reply.page((ctx) => (
          <ConfigPage
            ctx={ctx}
            programYear={config.programYear}
            form={configForm(config.questions, config.criteria)}
          />
        ));
      },
    );

    app.post(
      '/staff/applications/settings',
      { config: { access: ['staff'] }, schema: { hide: true, querystring: yearQuerySchema } },
      async (request, reply) => {
        // The year is the page's address, not a field: an unknown one is the error page's, before the form's.
        const { programYear } = await getYearConfig(db, { actor: request.actor, year: request.query.year });
        const page = `/staff/applications/settings?year=${programYear}`;
        return submitForm(request, reply, {
          run: (input) => updateYearConfig(deps, { actor: request.actor, year: programYear, input }),
          done: () => notices.redirect(reply, page, 'application-config-saved'),
          again: (form, ctx) => <ConfigPage ctx={ctx} programYear={programYear} form={form} />,
          page,
        });
      },
    );
  };
}
