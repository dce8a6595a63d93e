import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { pageInfo, type FormState, type PageContext } from '../../platform/ui/index.js';
import { parseInput } from '../../platform/validation.js';
import { listProgramYears } from '../program-years/program-years.service.js';
import { canMove } from './applications.lifecycle.js';
import {
  noteInputSchema,
  queueQuerySchema,
  queueResponseSchema,
  reviewSchema,
  scoresInputSchema,
  transitionInputSchema,
} from './applications.review.schemas.js';
import {
  addNote,
  defaultMoveEmail,
  getReview,
  getStaffApplication,
  listQueue,
  scoreApplication,
  transitionApplication,
} from './applications.review.service.js';
import {
  MOVE_PAGES,
  MovePage,
  acceptConfirmation,
  declineConfirmation,
  moveFormFor,
  type MovePage as MovePageName,
} from './applications.moves.views.js';
import { QueuePage, StaffApplicationPage } from './applications.review.views.js';
import {
  API_PATH as API,
  API_TAGS as TAGS,
  applicationIdParamsSchema,
  applicationSchema,
  type Application,
} from './applications.schemas.js';
import type { ApplicationDeps } from './applications.service.js';

const notices = defineNotices({
  'application-scored': 'Your scores are saved.',
  'application-note-added': 'The note is added.',
  'application-review-started': 'The application is in review.',
  'application-interview': 'The application is at the interview stage, and the applicant is emailed.',
  'application-accepted':
    'The application is accepted: the partner, its regions and its invitations are created, and the applicant is emailed.',
  'application-declined': 'The application is declined, and the applicant is emailed.',
});

const MOVE_NOTICES = {
  interview: 'application-interview',
  accept: 'application-accepted',
  decline: 'application-declined',
} as const;

const moveParams = z.object({
  id: z.string().max(100),
  move: z.enum(Object.keys(MOVE_PAGES) as [MovePageName, ...MovePageName[]]),
});

/** Staff's side: the queue, the review of one application, and its moves along the lifecycle. */
export function applicationReviewRoutes(deps: ApplicationDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      `${API}/queue`,
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary: 'The review queue of a year, a page at a time (staff); drafts are never in it',
          description:
            'Filtered by `status` and `state`; `q` searches lead organizations, contact names and applicant ' +
            'emails; `sort` by organization, status, score or updated (newest first by default).',
          querystring: queueQuerySchema,
          response: { 200: queueResponseSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { year, page } = await listQueue(db, { actor: request.actor, query: request.query });
        return { programYear: year.name, applications: page.rows, ...pageInfo(page) };
      },
    );

    app.get(
      `${API}/:id/review`,
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary: 'Rubric, scores, average, notes and interview (staff)',
          params: applicationIdParamsSchema,
          response: { 200: reviewSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getReview(db, { actor: request.actor, id: request.params.id }),
    );

    app.put(
      `${API}/:id/scores`,
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary:
            "Save some or all of the acting reviewer's scores, by criterion id (staff); each replaces only that criterion's earlier score",
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
        config: { access: ['staff'] },
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
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary:
            'Move an application on (staff): submitted → in_review → interview → accepted | declined. An interview may carry its date, time and notes; accepting takes the partner’s public `listing` and creates the partner, its regions and invitations in one transaction; the interview and the decisions send the (edited) email',
          params: applicationIdParamsSchema,
          body: transitionInputSchema,
          response: { 200: applicationSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      (request) =>
        transitionApplication(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    // Staff pages.

    app.get(
      '/staff/applications',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(queueQuerySchema, request.query);
        const { year, page } = await listQueue(db, { actor: request.actor, query });
        const years = await listProgramYears(db);
        return reply.page((ctx) => <QueuePage ctx={ctx} year={year} years={years} page={page} />);
      },
    );

    /** The application's page, with the scores or note form as it was refused, if one was. */
    async function staffPage(
      actor: Actor | null,
      id: string,
      forms: { scoresForm?: FormState; noteForm?: FormState; refusal?: FormState } = {},
    ) {
      const { application, review } = await getStaffApplication(db, { actor, id });
      return (ctx: PageContext) => (
        <StaffApplicationPage ctx={ctx} application={application} review={review} {...forms} />
      );
    }

    app.get(
      '/staff/applications/:id',
      { config: { access: ['staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      async (request, reply) => reply.page(await staffPage(request.actor, request.params.id)),
    );

    app.post(
      '/staff/applications/:id/scores',
      { config: { access: ['staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => scoreApplication(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/staff/applications/${id}`, 'application-scored'),
          again: async (form, ctx) => (await staffPage(request.actor, id, { scoresForm: form }))(ctx),
          page: `/staff/applications/${id}`,
        });
      },
    );

    app.post(
      '/staff/applications/:id/notes',
      { config: { access: ['staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => addNote(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/staff/applications/${id}`, 'application-note-added'),
          again: async (form, ctx) => (await staffPage(request.actor, id, { noteForm: form }))(ctx),
          page: `/staff/applications/${id}`,
        });
      },
    );

    app.post(
      '/staff/applications/:id/start-review',
      { config: { access: ['staff'] }, schema: { hide: true, params: applicationIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: () => transitionApplication(deps, { actor: request.actor, id, input: { to: 'in_review' } }),
          done: () => notices.redirect(reply, `/staff/applications/${id}`, 'application-review-started'),
          // Refused (someone moved it first): the page says why, above everything.
          again: async (form, ctx) => (await staffPage(request.actor, id, { refusal: form }))(ctx),
          page: `/staff/applications/${id}`,
        });
      },
    );

    /** What asks first before a move: accepting and declining cannot be undone. */
    function confirmationOf(move: MovePageName, application: Application) {
      if (move === 'accept') return acceptConfirmation(application);
      if (move === 'decline') return declineConfirmation(application);
      return undefined;
    }

    async function movePage(actor: Actor | null, id: string, move: MovePageName, form?: FormState) {
      const { application } = await getStaffApplication(db, { actor, id });
      const shown =
        form ?? moveFormFor(application, move, defaultMoveEmail(deps.config, application, MOVE_PAGES[move]));
      return {
        application,
        render: (ctx: PageContext) => (
          <MovePage
            ctx={ctx}
            application={application}
            move={move}
            form={shown}
            confirm={confirmationOf(move, application)}
          />
        ),
      };
    }

    app.get(
      '/staff/applications/:id/:move',
      { config: { access: ['staff'] }, schema: { hide: true, params: moveParams } },
      async (request, reply) => {
        const { id, move } = request.params;
        const page = await movePage(request.actor, id, move);
        // Already moved on (or not there yet): the application's page says where it stands.
        if (!canMove(page.application.status, MOVE_PAGES[move]))
          return reply.redirect(`/staff/applications/${id}`, 303);
        return reply.page(page.render);
      },
    );

    app.post(
      '/staff/applications/:id/:move',
      { config: { access: ['staff'] }, schema: { hide: true, params: moveParams } },
      async (request, reply) => {
        const { id, move } = request.params;
        const { application } = await getStaffApplication(db, { actor: request.actor, id });
        const confirmation = confirmationOf(move, application);
        return submitForm(request, reply, {
          ...(confirmation
            ? { confirm: { confirmation, cancelHref: `/staff/applications/${id}/${move}` } }
            : {}),
          run: (input) =>
            transitionApplication(deps, {
              actor: request.actor,
              id,
              input: { ...input, to: MOVE_PAGES[move] },
            }),
          done: () => notices.redirect(reply, `/staff/applications/${id}`, MOVE_NOTICES[move]),
          again: async (form, ctx) => (await movePage(request.actor, id, move, form)).render(ctx),
          page: `/staff/applications/${id}/${move}`,
        });
      },
    );
  };
}
