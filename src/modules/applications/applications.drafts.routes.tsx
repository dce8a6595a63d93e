import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, type FormState, type PageContext } from '../../platform/ui/index.js';
import {
  createApplication,
  deleteDraft,
  requireApplicant,
  listMyApplications,
  saveApplicationStep,
  submitApplication,
  withdrawApplication,
} from './applications.drafts.service.js';
import {
  ApplicationOverviewPage,
  DELETE_DRAFT_CONFIRMATION,
  MyApplicationsPage,
  ReviewStepPage,
  WITHDRAW_CONFIRMATION,
} from './applications.drafts.views.js';
import { StepPage, savedStepForm } from './applications.steps.views.js';
import {
  API_PATH as API,
  API_TAGS as TAGS,
  APPLICATION_STEPS,
  STEP_SCHEMAS,
  applicationIdParamsSchema,
  applicationSchema,
  applicationSummarySchema,
  createApplicationSchema,
  type ApplicationStep,
} from './applications.schemas.js';
import { getApplication, type ApplicationDeps } from './applications.service.js';

const notices = defineNotices({
  'application-saved': 'Your application is saved as a draft. You can come back to it from any device.',
  'application-submitted': 'Your application is submitted. We will email you when it is decided.',
  'application-withdrawn': 'Your application is withdrawn.',
  'application-deleted': 'The draft is deleted.',
});

const stepParams = z.object({ id: z.string().max(100), step: z.enum(APPLICATION_STEPS) });
const pageParams = z.object({ id: z.string().max(100), step: z.enum([...APPLICATION_STEPS, 'review']) });

/** The applicant's side: the JSON API and the pages of a draft, its submission, withdrawal and deletion. */
export function applicationDraftRoutes(deps: ApplicationDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      API,
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: TAGS,
          summary: 'Your own applications, drafts included',
          response: { 200: z.array(applicationSummarySchema), ...problemResponses(401) },
        },
      },
      (request) => listMyApplications(db, { actor: request.actor }),
    );

    app.post(
      API,
      {
        config: { access: ['signed-in'] },
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
      `${API}/:id`,
      {
        config: { access: ['owner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'One application (its applicant, or staff)',
          params: applicationIdParamsSchema,
          response: { 200: applicationSchema, ...problemResponses(401, 404) },
        },
      },
      (request) => getApplication(db, { actor: request.actor, id: request.params.id }),
    );

    app.delete(
      `${API}/:id`,
      {
        config: { access: ['owner'] },
        schema: {
          tags: TAGS,
          summary:
            'Delete a draft with everything in it (its applicant); a submitted one is withdrawn instead (409)',
          params: applicationIdParamsSchema,
          response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deleteDraft(deps, { actor: request.actor, id: request.params.id });
        return reply.status(204).send(null);
      },
    );

    for (const step of APPLICATION_STEPS) {
      app.put(
        `${API}/:id/${step}`,
        {
          config: { access: ['owner'] },
          schema: {
            tags: TAGS,
            summary: `Save the ${step} step of a draft (its applicant)`,
            params: applicationIdParamsSchema,
            body: STEP_SCHEMAS[step],
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
        config: { access: ['owner'] },
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
        config: { access: ['owner'] },
        schema: {
          tags: TAGS,
          summary: 'Withdraw an application before its decision (its applicant)',
          params: applicationIdParamsSchema,
          response: { 200: applicationSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => withdrawApplication(deps, { actor: request.actor, id: request.params.id }),
    );

    // The applicant's pages.

    async function listPage(actor: Actor | null) {
      const applications = await listMyApplications(db, { actor });
      return (ctx: PageContext) => <MyApplicationsPage ctx={ctx} applications={applications} />;
    }

    app.get(
      '/applications',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await listPage(request.actor)),
    );

    app.post(
      '/applications',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => createApplication(deps, { actor: request.actor, input }),
          done: (created) => reply.redirect(`/applications/${created.id}/organizations`, 303),
          again: async (_form, ctx) => (await listPage(request.actor))(ctx),
          page: '/applications',
        }),
    );

    app.get(
      '/applications/:id',
      { config: { access: ['owner', 'staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => {
        const application = await getApplication(db, { actor: request.actor, id: request.params.id });
        return reply.page((ctx) => <ApplicationOverviewPage ctx={ctx} application={application} />);
      },
    );

    /** A step's page (or the check page), showing `form`: what was saved, or what was typed and refused. */
    async function stepPage(
      actor: Actor | null,
      id: string,
      step: ApplicationStep | 'review',
      form?: FormState,
    ) {
      const application = await getApplication(db, { actor, id });
      return (ctx: PageContext) =>
        step === 'review' ? (
          <ReviewStepPage ctx={ctx} application={application} form={form ?? formState()} />
        ) : (
          <StepPage
            ctx={ctx}
            application={application}
            step={step}
            form={form ?? savedStepForm(application, step)}
          />
        );
    }

    app.get(
      '/applications/:id/:step',
      { config: { access: ['owner', 'staff'] }, schema: { hide: true, params: pageParams } },
      async (request, reply) => {
        const { id, step } = request.params;
        const application = await getApplication(db, { actor: request.actor, id });
        // Submitted, the steps are no longer editable: they lead back to the overview.
        if (application.status !== 'draft') return reply.redirect(`/applications/${id}`, 303);
        return reply.page(await stepPage(request.actor, id, step));
      },
    );

    app.post(
      '/applications/:id/submit',
      { config: { access: ['owner'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: () => submitApplication(deps, { actor: request.actor, id }),
          done: () => notices.redirect(reply, `/applications/${id}`, 'application-submitted'),
          again: async (form, ctx) => (await stepPage(request.actor, id, 'review', form))(ctx),
          page: `/applications/${id}/review`,
        });
      },
    );

    /** The overview again, with the reason a button's action was refused. */
    async function overviewPage(actor: Actor | null, id: string, refusal: FormState) {
      const application = await getApplication(db, { actor, id });
      return (ctx: PageContext) => (
        <ApplicationOverviewPage ctx={ctx} application={application} refusal={refusal} />
      );
    }

    app.post(
      '/applications/:id/withdraw',
      { config: { access: ['owner'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          confirm: {
            confirmation: WITHDRAW_CONFIRMATION,
            cancelHref: `/applications/${id}`,
            authorize: () => requireApplicant(deps, { actor: request.actor, id }),
          },
          run: () => withdrawApplication(deps, { actor: request.actor, id }),
          done: () => notices.redirect(reply, `/applications/${id}`, 'application-withdrawn'),
          again: async (form, ctx) => (await overviewPage(request.actor, id, form))(ctx),
          page: `/applications/${id}`,
        });
      },
    );

    app.post(
      '/applications/:id/delete',
      { config: { access: ['owner'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          confirm: {
            confirmation: DELETE_DRAFT_CONFIRMATION,
            cancelHref: `/applications/${id}`,
            authorize: () => requireApplicant(deps, { actor: request.actor, id }),
          },
          run: () => deleteDraft(deps, { actor: request.actor, id }),
          done: () => notices.redirect(reply, '/applications', 'application-deleted'),
          again: async (form, ctx) => (await overviewPage(request.actor, id, form))(ctx),
          page: `/applications/${id}`,
        });
      },
    );

    app.post(
      '/applications/:id/:step',
      { config: { access: ['owner'] }, schema: { hide: true, params: stepParams } },
      (request, reply) => {
        const { id, step } = request.params;
        return submitForm(request, reply, {
          run: (input) => saveApplicationStep(deps, { actor: request.actor, id, step, input }),
          done: () => {
            const next = APPLICATION_STEPS[APPLICATION_STEPS.indexOf(step) + 1] ?? 'review';
            return notices.redirect(reply, `/applications/${id}/${next}`, 'application-saved');
          },
          again: async (form, ctx) => (await stepPage(request.actor, id, step, form))(ctx),
          page: `/applications/${id}/${step}`,
        });
      },
    );
  };
}
