import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { formBody, formRows, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import { listProgramYears } from '../program-years/program-years.service.js';
import {
  APPLICATION_STEPS,
  applicationIdParamsSchema,
  applicationSchema,
  applicationSummarySchema,
  createApplicationSchema,
  narrativeStepSchema,
  noteInputSchema,
  organizationsStepSchema,
  queueQuerySchema,
  questionsConfigSchema,
  regionStepSchema,
  reviewSchema,
  scoresInputSchema,
  staffingStepSchema,
  transitionInputSchema,
  yearConfigSchema,
  type ApplicationStep,
} from './applications.schemas.js';
import {
  addNote,
  createApplication,
  defaultDecisionEmail,
  getApplication,
  getReview,
  getYearConfig,
  listMyApplications,
  listQueue,
  saveApplicationStep,
  scoreApplication,
  submitApplication,
  transitionApplication,
  updateYearConfig,
  withdrawApplication,
} from './applications.service.js';
import {
  ApplicationOverviewPage,
  ConfigPage,
  MyApplicationsPage,
  QueuePage,
  ReviewStepPage,
  StaffApplicationPage,
  StepPage,
  configText,
  savedStepValues,
  type StepValues,
} from './applications.views.js';

const API = '/api/v1/partner-applications';
const TAGS = ['Partner applications'];
const stepParams = z.object({
  id: z.string().max(100),
  step: z.enum([...APPLICATION_STEPS, 'review']),
});
const yearQuery = z.object({ year: z.string().max(20).optional() });
/** The page also reads the notice of the redirect after a save, which a schema without it would strip. */
const yearPageQuery = yearQuery.extend({ notice: z.string().max(60).optional() });
const STEP_BODIES = {
  organizations: organizationsStepSchema,
  region: regionStepSchema,
  staffing: staffingStepSchema,
  narrative: narrativeStepSchema,
} as const;

/** Errors a form shows next to its fields instead of on an error page. */
function isFormError(error: unknown): error is AppError {
  return error instanceof AppError && (error.fieldErrors.length > 0 || error.code === 'INVALID_INPUT');
}

export function applicationRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    // JSON API: the pages below call the same domain functions.

    app.get(
      API,
      {
        schema: {
          tags: TAGS,
          summary: 'Your own applications',
          response: { 200: z.array(applicationSummarySchema), ...problemResponses(401) },
        },
      },
      (request) => listMyApplications(db, { actor: request.actor }),
    );

    app.post(
      API,
      {
        schema: {
          tags: TAGS,
          summary: 'Start a draft application (any signed-in person), for the current year or the one named',
          body: createApplicationSchema,
          response: { 201: applicationSchema, ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createApplication(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      `${API}/queue`,
      {
        schema: {
          tags: TAGS,
          summary: 'The review queue of a year, by status and state (staff)',
          querystring: queueQuerySchema,
          response: {
            200: z.object({ programYear: z.string(), applications: z.array(applicationSummarySchema) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { year, applications } = await listQueue(db, { actor: request.actor, query: request.query });
        return { programYear: year.name, applications };
      },
    );

    app.get(
      `${API}/settings`,
      {
        schema: {
          tags: TAGS,
          summary: "A year's narrative questions and rubric (staff); a year without any gets the defaults",
          querystring: yearQuery,
          response: { 200: yearConfigSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) => getYearConfig(db, { actor: request.actor, year: request.query.year }),
    );

    app.put(
      `${API}/settings`,
      {
        schema: {
          tags: TAGS,
          summary: "Replace a year's narrative questions and rubric (staff)",
          querystring: yearQuery,
          body: questionsConfigSchema,
          response: { 200: yearConfigSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        updateYearConfig(deps, { actor: request.actor, year: request.query.year, input: request.body }),
    );

    app.get(
      `${API}/:id`,
      {
        schema: {
          tags: TAGS,
          summary: 'One application (its applicant, or staff)',
          params: applicationIdParamsSchema,
          response: { 200: applicationSchema, ...problemResponses(401, 404) },
        },
      },
      (request) => getApplication(db, { actor: request.actor, id: request.params.id }),
    );

    for (const step of APPLICATION_STEPS) {
      app.put(
        `${API}/:id/${step}`,
        {
          schema: {
            tags: TAGS,
            summary: `Save the ${step} step of a draft (its applicant)`,
            params: applicationIdParamsSchema,
            body: STEP_BODIES[step],
            response: { 200: applicationSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        (request) =>
          saveApplicationStep(deps, {
            actor: request.actor,
            id: request.params.id,
            step,
            input: request.body,
          }),
      );
    }

    app.post(
      `${API}/:id/submit`,
      {
        schema: {
          tags: TAGS,
          summary: 'Submit a complete draft, which locks it (its applicant)',
          params: applicationIdParamsSchema,
          response: { 200: applicationSchema, ...problemResponses(401, 403, 404, 409, 422) },
        },
      },
      (request) => submitApplication(deps, { actor: request.actor, id: request.params.id }),
    );

    app.post(
      `${API}/:id/withdraw`,
      {
        schema: {
          tags: TAGS,
          summary: 'Withdraw an application before its decision (its applicant)',
          params: applicationIdParamsSchema,
          response: { 200: applicationSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => withdrawApplication(deps, { actor: request.actor, id: request.params.id }),
    );

    app.get(
      `${API}/:id/review`,
      {
        schema: {
          tags: TAGS,
          summary: 'Rubric, scores, average and notes (staff)',
          params: applicationIdParamsSchema,
          response: { 200: reviewSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getReview(db, { actor: request.actor, id: request.params.id }),
    );

    app.put(
      `${API}/:id/scores`,
      {
        schema: {
          tags: TAGS,
          summary: "Set the acting reviewer's scores, by criterion id (staff)",
          params: applicationIdParamsSchema,
          body: scoresInputSchema,
          response: { 200: reviewSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) =>
        scoreApplication(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.post(
      `${API}/:id/notes`,
      {
        schema: {
          tags: TAGS,
          summary: 'Leave a review note (staff)',
          params: applicationIdParamsSchema,
          body: noteInputSchema,
          response: { 201: reviewSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addNote(deps, { actor: request.actor, id: request.params.id, input: request.body })),
    );

    app.post(
      `${API}/:id/transitions`,
      {
        schema: {
          tags: TAGS,
          summary:
            'Move an application on (staff): submitted → in_review → interview → accepted | declined. Accepting creates the partner, its regions and invitations in one transaction; a decision sends the (edited) email',
          params: applicationIdParamsSchema,
          body: transitionInputSchema,
          response: { 200: applicationSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      (request) =>
        transitionApplication(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    // The applicant's pages.

    app.get('/applications', { schema: { hide: true } }, async (request, reply) => {
      const applications = await listMyApplications(db, { actor: request.actor });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(reply, renderPage(<MyApplicationsPage ctx={ctx} applications={applications} />));
    });

    app.post('/applications', { schema: { hide: true } }, async (request, reply) => {
      const created = await createApplication(deps, { actor: request.actor, input: {} });
      return reply.redirect(`/applications/${created.id}/organizations`, 303);
    });

    app.get(
      '/applications/:id',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => {
        const application = await getApplication(db, { actor: request.actor, id: request.params.id });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(reply, renderPage(<ApplicationOverviewPage ctx={ctx} application={application} />));
      },
    );

    app.get(
      '/applications/:id/:step',
      { schema: { hide: true, params: stepParams } },
      async (request, reply) => {
        const application = await getApplication(db, { actor: request.actor, id: request.params.id });
        if (application.status !== 'draft') return reply.redirect(`/applications/${application.id}`, 303);
        const ctx = pageContext(deps.config, request, reply);
        const { step } = request.params;
        return sendHtml(
          reply,
          renderPage(
            step === 'review' ? (
              <ReviewStepPage ctx={ctx} application={application} />
            ) : (
              <StepPage
                ctx={ctx}
                application={application}
                step={step}
                values={savedStepValues(application)}
              />
            ),
          ),
        );
      },
    );

    app.post(
      '/applications/:id/submit',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => {
        try {
          await submitApplication(deps, { actor: request.actor, id: request.params.id });
          return redirectWithNotice(reply, `/applications/${request.params.id}`, 'application-submitted');
        } catch (error) {
          if (!isFormError(error)) throw error;
          const application = await getApplication(db, { actor: request.actor, id: request.params.id });
          const ctx = pageContext(deps.config, request, reply);
          return sendHtml(
            reply,
            renderPage(
              <ReviewStepPage
                ctx={ctx}
                application={application}
                errors={error.fieldErrors}
                message={error.message}
              />,
            ),
            error.status,
          );
        }
      },
    );

    app.post(
      '/applications/:id/withdraw',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => {
        await withdrawApplication(deps, { actor: request.actor, id: request.params.id });
        return redirectWithNotice(reply, `/applications/${request.params.id}`, 'application-withdrawn');
      },
    );

    app.post(
      '/applications/:id/:step',
      { schema: { hide: true, params: stepParams } },
      async (request, reply) => {
        const { id, step } = request.params;
        if (step === 'review') throw new AppError('NOT_FOUND', 'There is no page at this address.');
        const form = formBody(request);
        const values = stepFormValues(step, form);
        try {
          await saveApplicationStep(deps, { actor: request.actor, id, step, input: stepInput(step, values) });
          const next = APPLICATION_STEPS[APPLICATION_STEPS.indexOf(step) + 1] ?? 'review';
          return redirectWithNotice(reply, `/applications/${id}/${next}`, 'application-saved');
        } catch (error) {
          if (!isFormError(error)) throw error;
          const application = await getApplication(db, { actor: request.actor, id });
          const ctx = pageContext(deps.config, request, reply);
          return sendHtml(
            reply,
            renderPage(
              <StepPage
                ctx={ctx}
                application={application}
                step={step}
                values={values}
                errors={error.fieldErrors}
                message={error.message}
              />,
            ),
            error.status,
          );
        }
      },
    );

    // Staff pages.

    app.get('/staff/applications', { schema: { hide: true } }, async (request, reply) => {
      const query = queueQuerySchema.catch({}).parse(request.query ?? {});
      const { year, applications } = await listQueue(db, {
        actor: request.actor,
        query: { ...query, state: query.state || undefined },
      });
      const years = await listProgramYears(db);
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <QueuePage
            ctx={ctx}
            year={year}
            years={years}
            status={query.status}
            state={query.state}
            applications={applications}
          />,
        ),
      );
    });

    app.get(
      '/staff/applications/settings',
      { schema: { hide: true, querystring: yearPageQuery } },
      async (request, reply) => {
        const config = await getYearConfig(db, { actor: request.actor, year: request.query.year });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <ConfigPage
              ctx={ctx}
              programYear={config.programYear}
              {...configText(config.questions, config.criteria)}
            />,
          ),
        );
      },
    );

    app.post(
      '/staff/applications/settings',
      { schema: { hide: true, querystring: yearQuery } },
      async (request, reply) => {
        const form = formBody(request);
        try {
          const config = await updateYearConfig(deps, {
            actor: request.actor,
            year: request.query.year,
            input: form,
          });
          return redirectWithNotice(
            reply,
            `/staff/applications/settings?year=${config.programYear}`,
            'application-config-saved',
          );
        } catch (error) {
          if (!isFormError(error)) throw error;
          const ctx = pageContext(deps.config, request, reply);
          return sendHtml(
            reply,
            renderPage(
              <ConfigPage
                ctx={ctx}
                programYear={request.query.year ?? ''}
                questions={form.questions ?? ''}
                criteria={form.criteria ?? ''}
                errors={error.fieldErrors}
              />,
            ),
            error.status,
          );
        }
      },
    );

    app.get(
      '/staff/applications/:id',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => renderStaffPage(request, reply, request.params.id),
    );

    app.post(
      '/staff/applications/:id/scores',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => {
        const form = formBody(request);
        const scores = Object.fromEntries(
          Object.entries(form)
            .filter(([key, value]) => key.startsWith('scores.') && value.trim() !== '')
            .map(([key, value]) => [key.slice('scores.'.length), value]),
        );
        return staffAction(request, reply, request.params.id, () =>
          scoreApplication(deps, { actor: request.actor, id: request.params.id, input: { scores } }),
        );
      },
    );

    app.post(
      '/staff/applications/:id/notes',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) =>
        staffAction(request, reply, request.params.id, () =>
          addNote(deps, { actor: request.actor, id: request.params.id, input: formBody(request) }),
        ),
    );

    app.post(
      '/staff/applications/:id/transition',
      { schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) =>
        staffAction(request, reply, request.params.id, () =>
          transitionApplication(deps, {
            actor: request.actor,
            id: request.params.id,
            input: formBody(request),
          }),
        ),
    );

    async function staffAction(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      action: () => Promise<unknown>,
    ) {
      try {
        await action();
        return redirectWithNotice(reply, `/staff/applications/${id}`, 'application-updated');
      } catch (error) {
        if (
          !(error instanceof AppError) ||
          error.status >= 500 ||
          error.status === 401 ||
          error.status === 403
        )
          throw error;
        if (error.status === 404) throw error;
        // The page shows again what was typed into the refused form (the form posts are flat fields).
        return renderStaffPage(request, reply, id, error, formBody(request));
      }
    }

    async function renderStaffPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      error?: AppError,
      typed?: Record<string, string>,
    ) {
      const review = await getReview(db, { actor: request.actor, id });
      const application = await getApplication(db, { actor: request.actor, id });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <StaffApplicationPage
            ctx={ctx}
            application={application}
            review={review}
            decisionEmails={{
              accepted: defaultDecisionEmail(application, 'accepted', deps.config.programName),
              declined: defaultDecisionEmail(application, 'declined', deps.config.programName),
            }}
            errors={error?.fieldErrors ?? []}
            typed={typed}
            message={error?.message}
          />,
        ),
        error?.status ?? 200,
      );
    }
  };
}

/** A step's form fields as the form shows them again; blank spare rows are left out. */
function stepFormValues(step: ApplicationStep, form: Record<string, string>): StepValues {
  switch (step) {
    case 'organizations':
      return {
        contactName: form.contactName ?? '',
        contactEmail: form.contactEmail ?? '',
        organizations: formRows(form, 'organizations')
          .filter((row) => (row.name ?? '').trim() !== '' || (row.role ?? '').trim() !== '')
          .map((row) => ({
            name: row.name ?? '',
            role: row.role ?? '',
            country: row.country ?? '',
            state: row.state ?? '',
          })),
      };
    case 'region':
      return { regions: form.regions ?? '' };
    case 'staffing':
      return {
        staff: formRows(form, 'staff')
          .filter((row) => (row.name ?? '').trim() !== '' || (row.email ?? '').trim() !== '')
          .map((row) => ({ name: row.name ?? '', email: row.email ?? '', fte: row.fte ?? '' })),
      };
    case 'narrative':
      return {
        answers: Object.fromEntries(
          Object.entries(form)
            .filter(([key]) => key.startsWith('answers.'))
            .map(([key, value]) => [key.slice('answers.'.length), value]),
        ),
      };
  }
}

/** The same values in the shape of the step's input schema, as the JSON API takes them. */
function stepInput(step: ApplicationStep, values: StepValues): unknown {
  switch (step) {
    case 'organizations':
      return {
        contactName: values.contactName,
        contactEmail: values.contactEmail,
        organizations: values.organizations,
      };
    case 'region':
      return { regions: values.regions };
    case 'staffing':
      return { staff: values.staff };
    case 'narrative':
      return { answers: values.answers };
  }
}
