import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { isFormError } from '../../platform/errors.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, pageInfo, type PageContext } from '../../platform/ui/index.js';
import { listCourses } from '../courses/courses.service.js';
import {
  cancelInputSchema,
  presenterInputSchema,
  workshopInputSchema,
  workshopPatchSchema,
  workshopSchema,
  type PresenterInput,
  type Workshop,
  type WorkshopInput,
} from './workshops.schemas.js';
import {
  assignPresenter,
  cancelWorkshop,
  removePresenter,
  createWorkshop,
  getWorkshop,
  getWorkshopToEdit,
  listCatalog,
  listOrganizerPartners,
  listOrganizerWorkshops,
  listStaffWorkshops,
  publishWorkshop,
  updateWorkshop,
  requireOrganizer,
} from './workshops.service.js';
import { workshopPage } from './workshops.pages.js';
import {
  CancelWorkshopPage,
  CatalogPage,
  OrganizerWorkshopsPage,
  WorkshopFormPage,
  REMOVE_PRESENTER_CONFIRMATION,
  type WorkshopForm,
} from './workshops.views.js';

const workshopParams = z.object({ id: z.string().max(100) });
const presenterParams = z.object({ id: z.string().max(100), presenterId: z.string().max(100) });
const inviteQuery = z.object({ invite: z.string().max(100).optional() });

/** Fields of the workshop form that are lists even with one box ticked. */
const FORM_LISTS = ['audience'];

const notices = defineNotices({
  'workshop-created': 'The workshop is saved as a draft. Publish it when it is ready.',
  'workshop-saved': 'The workshop is saved.',
  'workshop-published': 'The workshop is published.',
  'workshop-cancelled': 'The workshop is cancelled.',
  'facilitator-assigned': 'The facilitator is assigned to the workshop.',
  'facilitator-removed': 'The facilitator no longer leads the workshop.',
});

export function workshopRoutes(deps: Pick<CoreDeps, 'db' | 'config' | 'outbox'>): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/workshops',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Upcoming published public workshops, filtered; nearest first with `near`',
          response: {
            200: z.object({
              workshops: z.array(workshopSchema),
              total: z.number(),
              page: z.number(),
              pageCount: z.number(),
              truncated: z.boolean(),
            }),
            ...problemResponses(400, 404),
          },
        },
      },
      async (request) => {
        const page = await listCatalog(deps, { query: request.query });
        return { workshops: page.rows, ...pageInfo(page) };
      },
    );

    app.post(
      '/api/v1/workshops',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Create a workshop, as a draft (staff, or the partner’s program managers)',
          body: workshopInputSchema,
          response: { 201: workshopSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createWorkshop(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      '/api/v1/workshops/:id',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Workshops'],
          summary: 'A workshop (drafts only for its organizers; invitation-only ones with `invite`)',
          params: workshopParams,
          querystring: inviteQuery,
          response: { 200: workshopSchema, ...problemResponses(404) },
        },
      },
      (request) =>
        getWorkshop(deps, { actor: request.actor, id: request.params.id, invite: request.query.invite }),
    );

    app.patch(
      '/api/v1/workshops/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Change a workshop: what the body names changes, the rest stays',
          params: workshopParams,
          body: workshopPatchSchema,
          response: { 200: workshopSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) => updateWorkshop(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/workshops/:id/publish',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Publish a draft workshop',
          params: workshopParams,
          response: { 200: workshopSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => publishWorkshop(deps, { actor: request.actor, id: request.params.id }),
    );

    app.post(
      '/api/v1/workshops/:id/cancel',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Cancel a workshop, saying why',
          params: workshopParams,
          body: cancelInputSchema,
          response: { 200: workshopSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) => cancelWorkshop(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/workshops/:id/facilitators',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Assign a facilitator (or, to a partner’s own workshop, a presenter by name)',
          description:
            'Refused as 422 with `code` FACILITATOR_NOT_APPROVED, FACILITATOR_NOT_QUALIFIED or FACILITATOR_NOT_CONTRACTED, naming the missing condition.',
          params: workshopParams,
          body: presenterInputSchema,
          response: { 201: workshopSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await assignPresenter(deps, { actor: request.actor, id: request.params.id, input: request.body }),
          ),
    );

    app.delete(
      '/api/v1/workshops/:id/facilitators/:presenterId',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Workshops'],
          summary: 'Remove a facilitator or presenter from a workshop',
          params: presenterParams,
          response: { 200: workshopSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) =>
        removePresenter(deps, {
          actor: request.actor,
          id: request.params.id,
          presenterId: request.params.presenterId,
        }),
    );

    // Pages.

    app.get(
      '/workshops',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      async (request, reply) => {
        const courses = await listCourses(db);
        try {
          const page = await listCatalog(deps, { query: request.query });
          return await reply.page((ctx) => <CatalogPage ctx={ctx} page={page} courses={courses} />);
        } catch (error) {
          // A filter the catalog cannot read (a ZIP code it does not know) is said beside the filter.
          if (!isFormError(error)) throw error;
          return reply.page((ctx) => <CatalogPage ctx={ctx} courses={courses} refusal={error} />, {
            status: error.status,
          });
        }
      },
    );

    app.get(
      '/partner/workshops',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      (request, reply) => organizerList(request, reply, listOrganizerWorkshops),
    );
    app.get('/staff/workshops', { config: { access: ['staff'] }, schema: { hide: true } }, (request, reply) =>
      organizerList(request, reply, listStaffWorkshops),
    );

    async function organizerList(
      request: FastifyRequest,
      reply: FastifyReply,
      list: typeof listOrganizerWorkshops,
    ) {
      const page = await list(deps, { actor: request.actor, query: request.query });
      const partners = await listOrganizerPartners(deps, { actor: request.actor });
      return reply.page((ctx) => (
        <OrganizerWorkshopsPage ctx={ctx} page={page} partners={partners} staff={isStaff(request.actor)} />
      ));
    }

    async function formPage(request: FastifyRequest, form: WorkshopForm, id?: string) {
      const courses = await listCourses(db);
      if (id) {
        const { workshop } = await getWorkshopToEdit(deps, { actor: request.actor, id });
        return (ctx: PageContext) => (
          <WorkshopFormPage ctx={ctx} form={form} courses={courses} partners={[]} workshop={workshop} />
        );
      }
      const partners = await listOrganizerPartners(deps, { actor: request.actor });
      return (ctx: PageContext) => (
        <WorkshopFormPage ctx={ctx} form={form} courses={courses} partners={partners} />
      );
    }

    app.get(
      '/workshops/new',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const partners = await listOrganizerPartners(deps, { actor: request.actor });
        const only = partners.length === 1 ? partners[0] : undefined;
        const form = formState<WorkshopInput>({
          partnerId: only?.id,
          kind: 'course',
          audience: ['teachers'],
          capacity: 30,
          timeZone: only?.timeZone ?? 'America/New_York',
          location: { mode: 'in_person', venue: '', address: '', zip: '' },
          visibility: 'public',
        });
        return reply.page(await formPage(request, form));
      },
    );

    app.post(
      '/workshops/new',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm<{ id: string }, WorkshopInput>(request, reply, {
          lists: FORM_LISTS,
          run: (input) => createWorkshop(deps, { actor: request.actor, input }),
          done: (workshop) => notices.redirect(reply, `/workshops/${workshop.id}`, 'workshop-created'),
          again: async (form, ctx) => (await formPage(request, form))(ctx),
        }),
    );

    app.get(
      '/workshops/:id',
      {
        config: { access: ['anyone'] },
        schema: { hide: true, params: workshopParams, querystring: inviteQuery },
      },
      async (request, reply) => {
        const workshop = await getWorkshop(deps, {
          actor: request.actor,
          id: request.params.id,
          invite: request.query.invite,
        });
        return reply.page(await workshopPage(deps, request, workshop, { invite: request.query.invite }));
      },
    );

    app.get(
      '/workshops/:id/edit',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      async (request, reply) => {
        const { input } = await getWorkshopToEdit(deps, { actor: request.actor, id: request.params.id });
        return reply.page(await formPage(request, formState<WorkshopInput>(input), request.params.id));
      },
    );

    app.post(
      '/workshops/:id/edit',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      (request, reply) =>
        submitForm<{ id: string }, WorkshopInput>(request, reply, {
          lists: FORM_LISTS,
          run: (input) => updateWorkshop(deps, { actor: request.actor, id: request.params.id, input }),
          done: (workshop) => notices.redirect(reply, `/workshops/${workshop.id}`, 'workshop-saved'),
          again: async (form, ctx) => (await formPage(request, form, request.params.id))(ctx),
        }),
    );

    app.post(
      '/workshops/:id/publish',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      (request, reply) =>
        submitForm(request, reply, {
          run: () => publishWorkshop(deps, { actor: request.actor, id: request.params.id }),
          done: (workshop) => notices.redirect(reply, `/workshops/${workshop.id}`, 'workshop-published'),
          again: async (form, ctx) => {
            const workshop = await getWorkshop(deps, { actor: request.actor, id: request.params.id });
            return (await workshopPage(deps, request, workshop, { refusal: form }))(ctx);
          },
          page: `/workshops/${request.params.id}`,
        }),
    );

    app.get(
      '/workshops/:id/cancel',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      async (request, reply) => {
        const { workshop } = await getWorkshopToEdit(deps, { actor: request.actor, id: request.params.id });
        return reply.page((ctx) => <CancelWorkshopPage ctx={ctx} workshop={workshop} form={formState()} />);
      },
    );

    app.post(
      '/workshops/:id/cancel',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      (request, reply) =>
        submitForm<{ id: string }, { reason: string }>(request, reply, {
          run: (input) => cancelWorkshop(deps, { actor: request.actor, id: request.params.id, input }),
          done: (workshop) => notices.redirect(reply, `/workshops/${workshop.id}`, 'workshop-cancelled'),
          again: async (form, ctx) => {
            const workshop = await getWorkshop(deps, { actor: request.actor, id: request.params.id });
            return <CancelWorkshopPage ctx={ctx} workshop={workshop} form={form} />;
          },
        }),
    );
    app.post(
      '/workshops/:id/facilitators',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      (request, reply) =>
        submitForm<Workshop, PresenterInput>(request, reply, {
          run: (input) => assignPresenter(deps, { actor: request.actor, id: request.params.id, input }),
          done: (workshop) =>
            notices.redirect(reply, `/workshops/${workshop.id}#facilitators`, 'facilitator-assigned'),
          again: async (form, ctx) => {
            const workshop = await getWorkshop(deps, { actor: request.actor, id: request.params.id });
            return (await workshopPage(deps, request, workshop, { presenterForm: form }))(ctx);
          },
          page: `/workshops/${request.params.id}`,
        }),
    );

    app.post(
      '/workshops/:id/facilitators/:presenterId/remove',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: presenterParams } },
      (request, reply) =>
        submitForm(request, reply, {
          confirm: {
            confirmation: REMOVE_PRESENTER_CONFIRMATION,
            cancelHref: `/workshops/${request.params.id}#facilitators`,
            authorize: () => requireOrganizer(deps, { actor: request.actor, id: request.params.id }),
          },
          run: () =>
            removePresenter(deps, {
              actor: request.actor,
              id: request.params.id,
              presenterId: request.params.presenterId,
            }),
          done: (workshop) =>
            notices.redirect(reply, `/workshops/${workshop.id}#facilitators`, 'facilitator-removed'),
          again: async (form, ctx) => {
            const workshop = await getWorkshop(deps, { actor: request.actor, id: request.params.id });
            return (await workshopPage(deps, request, workshop, { refusal: form }))(ctx);
          },
          page: `/workshops/${request.params.id}`,
        }),
    );
  };
}
