import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { CoreDeps } from '../../platform/deps.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import {
  enrollmentInputSchema,
  enrollmentSchema,
  type EnrollmentInput,
} from './workshops.enrollments.schemas.js';
import {
  cancelEnrollment,
  enroll,
  getEnrollment,
  listMyEnrollments,
  listWorkshopEnrollments,
} from './workshops.enrollments.service.js';
import { CANCEL_ENROLLMENT, ManageEnrollmentPage, RosterPage } from './workshops.enrollments.views.js';
import { workshopPage } from './workshops.pages.js';
import { getWorkshop } from './workshops.service.js';
import { hasCertificate } from './workshops.certificates.service.js';

const workshopParams = z.object({ id: z.string().max(100) });
const enrollmentParams = z.object({ id: z.string().max(100) });
const inviteQuery = z.object({ invite: z.string().max(100).optional() });
const tokenQuery = z.object({ token: z.string().max(100).optional() });
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1, 'Give an Idempotency-Key of 1 to 200 characters.')
    .max(200, 'Give an Idempotency-Key of 1 to 200 characters.')
    .optional(),
});

const notices = defineNotices({
  enrolled: 'You are signed up. A confirmation is on its way to your email.',
  'enrollment-cancelled': 'Your place is given up.',
});

export function enrollmentRoutes(deps: Pick<CoreDeps, 'db' | 'config' | 'outbox'>): FastifyPluginAsyncZod {
  return async (app) => {
    // Anonymous sign-ups per client address; signed-in people are limited by their one enrollment per workshop.
    const signUpLimit = app.rateLimit({
      groupId: 'enrollment-sign-up',
      max: deps.config.enrollmentRateLimit,
      timeWindow: '1 minute',
      allowList: (request) => request.actor !== null,
      errorResponseBuilder: (_request, context) =>
        new AppError(
          'RATE_LIMITED',
          `Many sign-ups have come from your network in the last minute. Please try again in ${context.after}.`,
        ),
    });

    app.post(
      '/api/v1/workshops/:id/enrollments',
      {
        config: { access: ['anyone'] },
        preHandler: signUpLimit,
        schema: {
          tags: ['Enrollments'],
          summary: 'Sign up for a workshop: a seat while one is free, else the waitlist',
          description:
            'Signed in, the account’s name and email are used. The same `Idempotency-Key` with the same body answers the same result; with another body, 422. A person already signed up gets 409 `ALREADY_ENROLLED`, saying where they stand.',
          params: workshopParams,
          querystring: inviteQuery,
          headers: idempotencyHeaders,
          body: enrollmentInputSchema,
          response: { 201: enrollmentSchema, ...problemResponses(400, 404, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const { status, result } = await enroll(deps, {
          actor: request.actor,
          workshopId: request.params.id,
          input: request.body,
          invite: request.query.invite,
          idempotencyKey: request.headers['idempotency-key'],
        });
        return reply.status(status as 201).send(result.enrollment);
      },
    );

    app.get(
      '/api/v1/workshops/:id/enrollments',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Enrollments'],
          summary: 'A workshop’s roster, in the order people came (its organizers and staff)',
          params: workshopParams,
          response: {
            200: z.object({ enrollments: z.array(enrollmentSchema) }),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request) => ({
        enrollments: await listWorkshopEnrollments(deps, {
          actor: request.actor,
          workshopId: request.params.id,
        }),
      }),
    );

    app.get(
      '/api/v1/me/enrollments',
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: ['Enrollments'],
          summary: 'The signed-in person’s enrollments',
          response: { 200: z.object({ enrollments: z.array(enrollmentSchema) }), ...problemResponses(401) },
        },
      },
      async (request) => ({ enrollments: await listMyEnrollments(deps, { actor: request.actor }) }),
    );

    app.get(
      '/api/v1/enrollments/:id',
      {
        config: { access: ['owner', 'partner', 'staff'] },
        schema: {
          tags: ['Enrollments'],
          summary: 'An enrollment (its person, with their account or private link’s `token`; its organizers)',
          params: enrollmentParams,
          querystring: tokenQuery,
          response: { 200: enrollmentSchema, ...problemResponses(404) },
        },
      },
      (request) =>
        getEnrollment(deps, { actor: request.actor, id: request.params.id, token: request.query.token }),
    );

    app.post(
      '/api/v1/enrollments/:id/cancel',
      {
        config: { access: ['owner', 'partner', 'staff'] },
        schema: {
          tags: ['Enrollments'],
          summary: 'Give up a seat or leave the waitlist (its person, its organizers, staff)',
          params: enrollmentParams,
          querystring: tokenQuery,
          response: { 200: enrollmentSchema, ...problemResponses(404, 409) },
        },
      },
      (request) =>
        cancelEnrollment(deps, { actor: request.actor, id: request.params.id, token: request.query.token }),
    );

    // Pages.

    app.post(
      '/workshops/:id/enroll',
      {
        config: { access: ['anyone'] },
        preHandler: signUpLimit,
        schema: { hide: true, params: workshopParams, querystring: inviteQuery },
      },
      (request, reply) =>
        submitForm<{ result: { enrollment: { id: string }; manageUrl: string } }, EnrollmentInput>(
          request,
          reply,
          {
            run: async (input) =>
              enroll(deps, {
                actor: request.actor,
                workshopId: request.params.id,
                input,
                invite: request.query.invite,
              }),
            // The private link is the page to land on: it works for those without an account too.
            done: ({ result }) =>
              // The redirect keeps the link's path and query: the page is the portal's own, whatever its host.
              notices.redirect(reply, result.manageUrl, 'enrolled'),
            again: async (form, ctx) => {
              const workshop = await getWorkshop(deps, {
                actor: request.actor,
                id: request.params.id,
                invite: request.query.invite,
              });
              return (
                await workshopPage(deps, request, workshop, {
                  enrollForm: form,
                  invite: request.query.invite,
                })
              )(ctx);
            },
            page: `/workshops/${request.params.id}`,
          },
        ),
    );

    app.get(
      '/enrollments/:id',
      {
        config: { access: ['owner', 'partner', 'staff'] },
        schema: { hide: true, params: enrollmentParams, querystring: tokenQuery },
      },
      async (request, reply) => {
        const enrollment = await getEnrollment(deps, {
          actor: request.actor,
          id: request.params.id,
          token: request.query.token,
        });
        const [workshop, certified] = await Promise.all([
          getWorkshop(deps, { actor: request.actor, id: enrollment.workshopId }),
          hasCertificate(deps, { enrollmentId: enrollment.id }),
        ]);
        return reply.page((ctx) => (
          <ManageEnrollmentPage
            ctx={ctx}
            enrollment={enrollment}
            workshop={workshop}
            token={request.query.token}
            certificate={certified}
          />
        ));
      },
    );

    app.post(
      '/enrollments/:id/cancel',
      { config: { access: ['owner', 'partner', 'staff'] }, schema: { hide: true, params: enrollmentParams } },
      async (request, reply) => {
        const token = (request.body as { token?: unknown } | undefined)?.token;
        const code = typeof token === 'string' ? token : undefined;
        const back = `/enrollments/${request.params.id}${code ? `?token=${encodeURIComponent(code)}` : ''}`;
        // Asks only someone the enrollment is for (by account or private link); anyone else is told it is not.
        await getEnrollment(deps, { actor: request.actor, id: request.params.id, token: code });
        return submitForm(request, reply, {
          confirm: { confirmation: CANCEL_ENROLLMENT, cancelHref: back, linkHolders: true },
          run: () => cancelEnrollment(deps, { actor: request.actor, id: request.params.id, token: code }),
          done: () => notices.redirect(reply, back, 'enrollment-cancelled'),
          again: async (form, ctx) => {
            const enrollment = await getEnrollment(deps, {
              actor: request.actor,
              id: request.params.id,
              token: code,
            });
            const workshop = await getWorkshop(deps, { actor: request.actor, id: enrollment.workshopId });
            return (await workshopPage(deps, request, workshop, { refusal: form }))(ctx);
          },
          page: back,
        });
      },
    );

    app.get(
      '/workshops/:id/roster',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: workshopParams } },
      async (request, reply) => {
        const enrollments = await listWorkshopEnrollments(deps, {
          actor: request.actor,
          workshopId: request.params.id,
        });
        const workshop = await getWorkshop(deps, { actor: request.actor, id: request.params.id });
        return reply.page((ctx) => <RosterPage ctx={ctx} workshop={workshop} enrollments={enrollments} />);
      },
    );
  };
}
