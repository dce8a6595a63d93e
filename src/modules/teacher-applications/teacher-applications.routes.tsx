import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { confirmFirst, submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { formState, type FormState, type PageContext } from '../../platform/ui/index.js';
import { parseInput } from '../../platform/validation.js';
import {
  applicationIdParamsSchema,
  applicationListQuerySchema,
  applyPageQuerySchema,
  formParamsSchema,
  partnerIdParamsSchema,
} from './teacher-applications.schemas.js';
import {
  assignPartner,
  assignWorkshop,
  decideApplication,
  getApplication,
  getApplyPage,
  getReviewChoices,
  listApplications,
  listForReview,
  listUnmatched,
  requestPrincipalApproval,
  startReview,
  submitApplication,
  withdrawApplication,
  type TeacherApplicationDeps,
  requireApplicant,
  requireDecider,
} from './teacher-applications.service.js';
import {
  getSetup,
  listReviewerCohorts,
  setApplicationQuestions,
  setCohortCapacity,
} from './teacher-applications.setup.service.js';
import {
  answerPrincipalRequest,
  getPrincipalRequest,
  getTeacherApplicationSettings,
  listManagedSettings,
  setTeacherApplicationSettings,
} from './teacher-applications.principal.service.js';
import {
  ApplicationPage,
  ApplyPage,
  DECLINE,
  MyApplicationsPage,
  PRINCIPAL_ANSWER,
  PrincipalApprovalPage,
  ReviewListPage,
  SettingsPage,
  SetupPage,
  WITHDRAW,
  settingsFormState,
  type ApplyForm,
  type AssignmentForm,
  type CapacityForm,
  type QuestionsForm,
  type PartnerForm,
  type PrincipalAnswerForm,
  type PrincipalRequestForm,
  type SettingsForm,
} from './teacher-applications.views.js';

const tokenParams = z.object({ token: z.string().max(200) });

const notices = defineNotices({
  'teacher-application-sent': 'Your application is sent. We emailed you a confirmation.',
  'teacher-application-withdrawn': 'Your application is withdrawn.',
  'teacher-application-in-review': 'The application is in review; the teacher is emailed.',
  'teacher-application-decided': 'The decision is recorded, and the teacher is emailed.',
  'teacher-application-assigned': 'The teacher is enrolled in the workshop (or on its waitlist) and emailed.',
  'teacher-application-partner': 'The application is passed to the partner, and the teacher is emailed.',
  'teacher-application-questions': 'The questions are saved; the course takes applications for the year.',
  'cohort-capacity-set': 'The cohort capacity is set.',
  'principal-requested': 'The request is emailed to the principal.',
  'principal-answered': 'Thank you: your answer is recorded, and the teacher is emailed.',
  'teacher-application-settings-saved': 'The teacher application settings are saved.',
});

/** The pages of teacher applications; each calls the domain function its API route calls. */
export function teacherApplicationRoutes(deps: TeacherApplicationDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    async function applyPage(actor: Actor | null, query: unknown, form: ApplyForm = formState()) {
      const page = await getApplyPage(db, { actor, query });
      return (ctx: PageContext) => <ApplyPage ctx={ctx} page={page} form={form} />;
    }

    app.get(
      '/teacher-applications/new',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await applyPage(request.actor, request.query)),
    );

    app.post(
      '/teacher-applications',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => submitApplication(deps, { actor: request.actor, input }),
          done: () => notices.redirect(reply, '/my/teacher-applications', 'teacher-application-sent'),
          again: async (form: ApplyForm, ctx) => {
            const { programYear, courseId, q } = form.values;
            return (await applyPage(request.actor, { programYear, courseId, q }, form))(ctx);
          },
          page: '/teacher-applications/new',
        }),
    );

    app.get(
      '/my/teacher-applications',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(applicationListQuerySchema, { ...(request.query as object), mine: 'yes' });
        const page = await listApplications(db, { actor: request.actor, query });
        return reply.page((ctx) => <MyApplicationsPage ctx={ctx} applications={page.rows} />);
      },
    );

    app.post(
      '/my/teacher-applications/:id/withdraw',
      { config: { access: ['owner'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) =>
        confirmFirst(
          request,
          reply,
          {
            confirmation: WITHDRAW,
            cancelHref: '/my/teacher-applications',
            authorize: () => requireApplicant(deps, { actor: request.actor, id: request.params.id }),
          },
          async () => {
            await withdrawApplication(deps, { actor: request.actor, id: request.params.id });
            return notices.redirect(reply, '/my/teacher-applications', 'teacher-application-withdrawn');
          },
        ),
    );

    app.get(
      '/teacher-applications',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(applicationListQuerySchema, request.query);
        const [page, cohorts, settings] = await Promise.all([
          listForReview(db, { actor: request.actor, query }),
          listReviewerCohorts(db, { actor: request.actor }),
          listManagedSettings(db, { actor: request.actor }),
        ]);
        return reply.page((ctx) => (
          <ReviewListPage
            ctx={ctx}
            title="Teacher applications"
            page={page}
            cohorts={cohorts}
            settings={settings}
          />
        ));
      },
    );

    app.get(
      '/staff/teacher-applications',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(applicationListQuerySchema, request.query);
        const page = await listUnmatched(db, { actor: request.actor, query });
        return reply.page((ctx) => (
          <ReviewListPage ctx={ctx} title="Teacher applications for staff" page={page} />
        ));
      },
    );

    /** The application's page, with a refused form as the person left it. */
    async function applicationPage(
      actor: Actor | null,
      id: string,
      forms: {
        decisionForm?: FormState;
        assignmentForm?: AssignmentForm;
        partnerForm?: PartnerForm;
        principalForm?: PrincipalRequestForm;
      } = {},
    ) {
      const [application, choices] = await Promise.all([
        getApplication(db, { actor, id }),
        getReviewChoices(db, { actor, id }),
      ]);
      return (ctx: PageContext) => (
        <ApplicationPage ctx={ctx} application={application} choices={choices} {...forms} />
      );
    }

    app.get(
      '/teacher-applications/:id',
      {
        config: { access: ['owner', 'partner', 'staff'] },
        schema: { hide: true, params: applicationIdParamsSchema },
      },
      async (request, reply) => reply.page(await applicationPage(request.actor, request.params.id)),
    );

    app.post(
      '/teacher-applications/:id/review',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => {
        await startReview(deps, { actor: request.actor, id: request.params.id });
        return notices.redirect(
          reply,
          `/teacher-applications/${request.params.id}`,
          'teacher-application-in-review',
        );
      },
    );

    app.post(
      '/teacher-applications/:id/decision',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => decideApplication(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/teacher-applications/${id}`, 'teacher-application-decided'),
          again: async (form, ctx) => (await applicationPage(request.actor, id, { decisionForm: form }))(ctx),
          page: `/teacher-applications/${id}`,
        });
      },
    );

    app.post(
      '/teacher-applications/:id/decline',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return confirmFirst(
          request,
          reply,
          {
            confirmation: DECLINE,
            cancelHref: `/teacher-applications/${id}`,
            authorize: () => requireDecider(deps, { actor: request.actor, id }),
          },
          async () => {
            await decideApplication(deps, { actor: request.actor, id, input: { decision: 'declined' } });
            return notices.redirect(reply, `/teacher-applications/${id}`, 'teacher-application-decided');
          },
        );
      },
    );

    app.post(
      '/teacher-applications/:id/assignment',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => assignWorkshop(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/teacher-applications/${id}`, 'teacher-application-assigned'),
          again: async (form: AssignmentForm, ctx) =>
            (await applicationPage(request.actor, id, { assignmentForm: form }))(ctx),
          page: `/teacher-applications/${id}`,
        });
      },
    );

    app.post(
      '/teacher-applications/:id/partner',
      { config: { access: ['staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => assignPartner(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/teacher-applications/${id}`, 'teacher-application-partner'),
          again: async (form: PartnerForm, ctx) =>
            (await applicationPage(request.actor, id, { partnerForm: form }))(ctx),
          page: `/teacher-applications/${id}`,
        });
      },
    );

    app.post(
      '/teacher-applications/:id/principal-request',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => requestPrincipalApproval(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/teacher-applications/${id}`, 'principal-requested'),
          again: async (form: PrincipalRequestForm, ctx) =>
            (await applicationPage(request.actor, id, { principalForm: form }))(ctx),
          page: `/teacher-applications/${id}`,
        });
      },
    );

    // The principal's page: holding the emailed link is what lets them in, without an account.

    async function principalPage(token: string, form?: PrincipalAnswerForm) {
      const principalRequest = await getPrincipalRequest(db, { token });
      return (ctx: PageContext) => (
        <PrincipalApprovalPage ctx={ctx} token={token} request={principalRequest} form={form} />
      );
    }

    app.get(
      '/principal-approvals/:token',
      { config: { access: ['anyone'] }, schema: { hide: true, params: tokenParams } },
      async (request, reply) => reply.page(await principalPage(request.params.token)),
    );

    app.post(
      '/principal-approvals/:token',
      { config: { access: ['anyone'] }, schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const { token } = request.params;
        const back = `/principal-approvals/${token}`;
        // Asks only the holder of a link still waiting for its answer; any other link is told what it is.
        const { status } = await getPrincipalRequest(db, { token });
        return submitForm(request, reply, {
          ...(status === 'pending'
            ? { confirm: { confirmation: PRINCIPAL_ANSWER, cancelHref: back, linkHolders: true } }
            : {}),
          run: (input) => answerPrincipalRequest(deps, { token, input }),
          done: () => notices.redirect(reply, back, 'principal-answered'),
          again: async (form: PrincipalAnswerForm, ctx) => (await principalPage(token, form))(ctx),
          page: back,
        });
      },
    );

    // A partner's own settings for its teacher applications (its program managers; staff may open any).

    app.get(
      '/partner/teacher-application-settings/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const settings = await getTeacherApplicationSettings(db, {
          actor: request.actor,
          partnerId: request.params.id,
        });
        return reply.page((ctx) => (
          <SettingsPage ctx={ctx} settings={settings} form={settingsFormState(settings)} />
        ));
      },
    );

    app.post(
      '/partner/teacher-application-settings/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const partnerId = request.params.id;
        // Read first: someone who may not keep these settings is refused before the form is read.
        const settings = await getTeacherApplicationSettings(db, { actor: request.actor, partnerId });
        return submitForm(request, reply, {
          run: (input) => setTeacherApplicationSettings(deps, { actor: request.actor, partnerId, input }),
          done: () =>
            notices.redirect(
              reply,
              `/partner/teacher-application-settings/${partnerId}`,
              'teacher-application-settings-saved',
            ),
          again: (form: SettingsForm, ctx) => <SettingsPage ctx={ctx} settings={settings} form={form} />,
        });
      },
    );

    // Staff's setup of a year: the courses' questions and the partners' cohort capacities.

    async function setupPage(
      actor: Actor | null,
      programYear: string | undefined,
      refused?: Parameters<typeof SetupPage>[0]['refused'],
    ) {
      const setup = await getSetup(db, { actor, programYear });
      return (ctx: PageContext) => <SetupPage ctx={ctx} setup={setup} refused={refused} />;
    }
    const setupPath = (programYear: string) =>
      `/staff/teacher-applications/setup?${new URLSearchParams({ programYear }).toString()}`;

    app.get(
      '/staff/teacher-applications/setup',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const { programYear } = applyPageQuerySchema.parse(request.query ?? {});
        return reply.page(await setupPage(request.actor, programYear));
      },
    );

    app.post(
      '/staff/teacher-application-forms/:programYear/:courseId',
      { config: { access: ['staff'] }, schema: { hide: true, params: formParamsSchema } },
      (request, reply) => {
        const { programYear, courseId } = request.params;
        return submitForm(request, reply, {
          run: (input) =>
            setApplicationQuestions(deps, { actor: request.actor, programYear, courseId, input }),
          done: () => notices.redirect(reply, setupPath(programYear), 'teacher-application-questions'),
          again: async (form: QuestionsForm, ctx) =>
            (await setupPage(request.actor, programYear, { courseId, form }))(ctx),
          lists: ['questions'],
          page: setupPath(programYear),
        });
      },
    );

    app.post(
      '/staff/partners/:id/cohort-capacity',
      { config: { access: ['staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      (request, reply) => {
        const partnerId = request.params.id;
        return submitForm(request, reply, {
          run: (input) => setCohortCapacity(deps, { actor: request.actor, partnerId, input }),
          done: (cohort) => notices.redirect(reply, setupPath(cohort.programYear), 'cohort-capacity-set'),
          again: async (form: CapacityForm, ctx) => {
            const year = form.values.programYear;
            return (
              await setupPage(request.actor, typeof year === 'string' ? year : undefined, { partnerId, form })
            )(ctx);
          },
        });
      },
    );
  };
}
