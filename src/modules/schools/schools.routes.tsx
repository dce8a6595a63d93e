import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { isFormError, type FieldError } from '../../platform/errors.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState } from '../../platform/ui/index.js';
import {
  schoolCreateSchema,
  schoolSearchResultSchema,
  schoolSummarySchema,
  type SchoolSummary,
} from './schools.schemas.js';
import { addSchool, listStaffSchools, newSchoolValues, searchSchools } from './schools.service.js';
import { NewSchoolPage, SchoolSearchPage, StaffSchoolsPage } from './schools.views.js';

const notices = defineNotices({
  'school-added': 'The school is added to the directory.',
});

/** The search's parameters as the OpenAPI document lists them; the service reads them with its own messages. */
const searchParams = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Words of a school’s name or city, or the beginning of its ZIP code or NCES id'),
  zip: z.string().max(40).optional().describe('A 5-digit ZIP code'),
  state: z.string().max(40).optional().describe('A two-letter state code, like WA'),
  limit: z.string().max(10).optional().describe('How many schools, 1 to 50 (20 by default)'),
});

export function schoolRoutes(deps: Pick<CoreDeps, 'db'>): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/schools',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Schools'],
          summary: 'Search the school directory',
          description:
            'Open schools matching every word of `q`: each the beginning of a word of the name or city, of the ZIP code or of the NCES id (case, accents and punctuation ignored; `lincoln high` finds Abraham Lincoln High School), and/or at the ZIP code `zip`, optionally in `state`; in name order, at most `limit`. Give `q` or `zip`. A school staff added by hand has no `ncesId`; `id` names every school.',
          querystring: searchParams,
          response: { 200: schoolSearchResultSchema, ...problemResponses(400) },
        },
      },
      async (request) => ({ schools: await searchSchools(db, { query: request.query }) }),
    );

    app.post(
      '/api/v1/schools',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Schools'],
          summary: 'Add a school the directory lacks (staff)',
          body: schoolCreateSchema,
          response: { 201: schoolSummarySchema, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addSchool(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      '/schools',
      { config: { access: ['anyone'] }, schema: { hide: true, querystring: searchParams } },
      async (request, reply) => {
        const { q, zip } = request.query;
        let schools: SchoolSummary[] | undefined;
        let errors: readonly FieldError[] = [];
        if (q?.trim() || zip?.trim()) {
          try {
            schools = await searchSchools(db, { query: request.query });
          } catch (error) {
            if (!isFormError(error)) throw error;
            errors = error.fieldErrors;
          }
        }
        return reply.page((ctx) => <SchoolSearchPage ctx={ctx} schools={schools} errors={errors} />, {
          status: errors.length > 0 ? 400 : 200,
        });
      },
    );

    app.get(
      '/staff/schools',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const page = await listStaffSchools(db, { actor: request.actor, query: request.query });
        return reply.page((ctx) => <StaffSchoolsPage ctx={ctx} page={page} />);
      },
    );

    app.get(
      '/staff/schools/new',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const values = newSchoolValues({ actor: request.actor });
        return reply.page((ctx) => <NewSchoolPage ctx={ctx} form={formState(values)} />);
      },
    );

    app.post(
      '/staff/schools/new',
      { config: { access: ['staff'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => addSchool(deps, { actor: request.actor, input }),
          // To the list searched for it, so that staff see the school they added.
          done: (school) =>
            notices.redirect(reply, `/staff/schools?q=${encodeURIComponent(school.name)}`, 'school-added'),
          again: (form, ctx) => <NewSchoolPage ctx={ctx} form={form} />,
        }),
    );
  };
}
