import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import type { FormState } from '../../platform/ui/form.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, type PageContext } from '../../platform/ui/index.js';
import { listCourses } from '../courses/courses.service.js';
import {
  applicationCreatedSchema,
  applicationInputSchema,
  applicationParamsSchema,
  contractInputSchema,
  contractParamsSchema,
  contractSchema,
  decisionInputSchema,
  decisionSchema,
  partnerFacilitatorListSchema,
  partnerParamsSchema,
  qualificationParamsSchema,
} from './facilitators.schemas.js';
import {
  applyToFacilitate,
  contractFacilitator,
  decideApplicationCourse,
  endFacilitatorContract,
  getApplication,
  getContract,
  getQualification,
  listApprovedFacilitators,
  listManagedPartners,
  listOwnApplications,
  listPartnerFacilitators,
  listWaitingApplications,
  revokeQualification,
} from './facilitators.service.js';
import {
  declineConfirmation,
  endContractConfirmation,
  FacilitatePage,
  PartnerChoicePage,
  PartnerFacilitatorsPage,
  revokeConfirmation,
  StaffFacilitatorsPage,
  type ApplicationForm,
} from './facilitators.views.js';

const notices = defineNotices({
  'facilitator-applied':
    'Your application is sent. Program staff will decide each course and tell you by email.',
  'facilitator-approved': 'The course is approved: the applicant is told by email.',
  'facilitator-declined': 'The course is declined: the applicant is told by email.',
  'qualification-revoked': 'The qualification is revoked.',
  'facilitator-contracted': 'The facilitator is contracted: you can assign them to your workshops.',
  'contract-ended': 'The contract is ended.',
});

export function facilitatorRoutes(deps: Pick<CoreDeps, 'db' | 'outbox' | 'config'>): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    // ---- JSON API

    app.post(
      '/api/v1/facilitator-applications',
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: ['Facilitators'],
          summary: 'Apply to facilitate courses (signed in)',
          body: applicationInputSchema,
          response: { 201: applicationCreatedSchema, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await applyToFacilitate(deps, { actor: request.actor, input: request.body })),
    );

    app.post(
      '/api/v1/facilitator-applications/:id/decisions',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Facilitators'],
          summary: 'Approve or decline one course of a facilitator application (staff)',
          params: applicationParamsSchema,
          body: decisionInputSchema,
          response: { 200: decisionSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) =>
        decideApplicationCourse(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/facilitators/:id/qualifications/:courseId/revoke',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Facilitators'],
          summary: 'Revoke a facilitator’s qualification for a course (staff)',
          params: qualificationParamsSchema,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await revokeQualification(deps, {
          actor: request.actor,
          facilitatorId: request.params.id,
          courseId: request.params.courseId,
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/partners/:id/facilitators',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Facilitators'],
          summary:
            'Approved facilitators nearest a partner’s region first, and its contracts (its managers, staff)',
          params: partnerParamsSchema,
          response: { 200: partnerFacilitatorListSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => listPartnerFacilitators(db, { actor: request.actor, partnerId: request.params.id }),
    );

    app.post(
      '/api/v1/partners/:id/facilitator-contracts',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Facilitators'],
          summary: 'Contract an approved facilitator for a program year (the partner’s managers, staff)',
          params: partnerParamsSchema,
          body: contractInputSchema,
          response: { 201: contractSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await contractFacilitator(deps, {
            actor: request.actor,
            partnerId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.post(
      '/api/v1/partners/:id/facilitator-contracts/:contractId/end',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Facilitators'],
          summary: 'End a standing facilitator contract (the partner’s managers, staff)',
          params: contractParamsSchema,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await endFacilitatorContract(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          contractId: request.params.contractId,
        });
        return reply.status(204).send(null);
      },
    );

    // ---- Pages: applying

    async function facilitatePage(request: FastifyRequest, form?: ApplicationForm) {
      const [courses, applications] = await Promise.all([
        listCourses(db),
        request.actor ? listOwnApplications(db, { actor: request.actor }) : Promise.resolve(null),
      ]);
      return (ctx: PageContext) => (
        <FacilitatePage ctx={ctx} courses={courses} form={form ?? formState()} applications={applications} />
      );
    }

    app.get(
      '/facilitate',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await facilitatePage(request)),
    );

    app.post('/facilitate', { config: { access: ['signed-in'] }, schema: { hide: true } }, (request, reply) =>
      submitForm(request, reply, {
        run: (input) => applyToFacilitate(deps, { actor: request.actor, input }),
        done: () => notices.redirect(reply, '/facilitate', 'facilitator-applied'),
        again: async (form, ctx) => (await facilitatePage(request, form))(ctx),
        lists: ['courseIds'],
      }),
    );

    // ---- Pages: staff

    async function staffPage(request: FastifyRequest, refusal?: FormState) {
      const queue = await listWaitingApplications(db, { actor: request.actor, query: request.query });
      const approved = await listApprovedFacilitators(db, { actor: request.actor });
      return (ctx: PageContext) => (
        <StaffFacilitatorsPage ctx={ctx} queue={queue} approved={approved} refusal={refusal} />
      );
    }

    app.get(
      '/staff/facilitators',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await staffPage(request)),
    );

    app.post(
      '/staff/facilitators/applications/:id/decisions',
      { config: { access: ['staff'] }, schema: { hide: true, params: applicationParamsSchema } },
      async (request, reply) => {
        // Read first: only staff get this far, and declining asks before it happens.
        const application = await getApplication(db, { actor: request.actor, id: request.params.id });
        const body = (request.body ?? {}) as Record<string, unknown>;
        const course = application.courses.find((candidate) => candidate.courseId === body.courseId);
        const declining = body.decision === 'declined' && course !== undefined;
        return submitForm(request, reply, {
          ...(declining
            ? {
                confirm: {
                  confirmation: declineConfirmation(application, course.courseName),
                  cancelHref: '/staff/facilitators',
                },
              }
            : {}),
          run: (input) => decideApplicationCourse(deps, { actor: request.actor, id: application.id, input }),
          done: (result) =>
            notices.redirect(
              reply,
              '/staff/facilitators',
              result.decision === 'approved' ? 'facilitator-approved' : 'facilitator-declined',
            ),
          again: async (form, ctx) => (await staffPage(request, form))(ctx),
          page: '/staff/facilitators',
        });
      },
    );

    app.post(
      '/staff/facilitators/:id/qualifications/:courseId/revoke',
      { config: { access: ['staff'] }, schema: { hide: true, params: qualificationParamsSchema } },
      async (request, reply) => {
        const options = {
          actor: request.actor,
          facilitatorId: request.params.id,
          courseId: request.params.courseId,
        };
        const { facilitator, course } = await getQualification(db, options);
        return submitForm(request, reply, {
          confirm: {
            confirmation: revokeConfirmation(facilitator, course),
            cancelHref: '/staff/facilitators',
          },
          run: () => revokeQualification(deps, options),
          done: () => notices.redirect(reply, '/staff/facilitators', 'qualification-revoked'),
          again: async (form, ctx) => (await staffPage(request, form))(ctx),
          page: '/staff/facilitators',
        });
      },
    );

    // ---- Pages: a partner's program managers

    app.get(
      '/partner/facilitators',
      { config: { access: ['manager'] }, schema: { hide: true } },
      async (request, reply) => {
        const partners = await listManagedPartners(db, { actor: request.actor });
        const [only] = partners;
        if (partners.length === 1 && only) return reply.redirect(`/partner/facilitators/${only.id}`, 303);
        return reply.page((ctx) => <PartnerChoicePage ctx={ctx} partners={partners} />);
      },
    );

    async function partnerPage(request: FastifyRequest, partnerId: string, refusal?: FormState) {
      const list = await listPartnerFacilitators(db, { actor: request.actor, partnerId });
      return (ctx: PageContext) => <PartnerFacilitatorsPage ctx={ctx} list={list} refusal={refusal} />;
    }

    app.get(
      '/partner/facilitators/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerParamsSchema } },
      async (request, reply) => reply.page(await partnerPage(request, request.params.id)),
    );

    app.post(
      '/partner/facilitators/:id/contracts',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => contractFacilitator(deps, { actor: request.actor, partnerId: id, input }),
          done: () => notices.redirect(reply, `/partner/facilitators/${id}`, 'facilitator-contracted'),
          again: async (form, ctx) => (await partnerPage(request, id, form))(ctx),
          page: `/partner/facilitators/${id}`,
        });
      },
    );

    app.post(
      '/partner/facilitators/:id/contracts/:contractId/end',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: contractParamsSchema } },
      async (request, reply) => {
        const options = {
          actor: request.actor,
          partnerId: request.params.id,
          contractId: request.params.contractId,
        };
        const { contract, partnerName } = await getContract(db, options);
        const back = `/partner/facilitators/${options.partnerId}`;
        return submitForm(request, reply, {
          confirm: { confirmation: endContractConfirmation(contract, partnerName), cancelHref: back },
          run: () => endFacilitatorContract(deps, options),
          done: () => notices.redirect(reply, back, 'contract-ended'),
          again: async (form, ctx) => (await partnerPage(request, options.partnerId, form))(ctx),
          page: back,
        });
      },
    );
  };
}
