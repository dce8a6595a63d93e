import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, type FormState, type PageContext } from '../../platform/ui/index.js';
import {
  attendanceMarkSchema,
  attendanceSchema,
  checkInInputSchema,
  checkInResultSchema,
  type CheckInInput,
  type CheckInResult,
} from './workshops.attendance.schemas.js';
import {
  checkIn,
  getAttendanceSheet,
  getCheckInSession,
  listAttendance,
  markAttendance,
  markNotCompleted,
  markRoster,
  requireEnrollmentOrganizer,
} from './workshops.attendance.service.js';
import {
  AttendancePage,
  CheckInPage,
  MARK_NOT_COMPLETED,
  qrCodeSvg,
  ROSTER_FORM_LISTS,
} from './workshops.attendance.views.js';
import { enrollmentSchema } from './workshops.enrollments.schemas.js';

const idParams = z.object({ id: z.string().max(100) });
const checkInQuery = z.object({
  code: z.string().max(40).optional(),
  token: z.string().max(100).optional(),
});

const notices = defineNotices({
  'attendance-saved': 'Attendance is saved.',
  'checked-in': 'You are checked in. Welcome!',
  'already-checked-in': 'You had checked in already: your attendance is recorded once.',
  'not-completed': 'The enrollment is marked as not completed.',
});

/**
 * Check-in attempts per client address and minute: a whole school checking in from one network stays far
 * below it, while guessing a session's code (32⁶ of them) one attempt after another gets nowhere.
 */
const CHECK_IN_ATTEMPTS_PER_MINUTE = 300;

export function attendanceRoutes(deps: Pick<CoreDeps, 'db' | 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    const checkInLimit = app.rateLimit({
      max: CHECK_IN_ATTEMPTS_PER_MINUTE,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) =>
        new AppError(
          'RATE_LIMITED',
          `Many check-ins have come from your network in the last minute. Please try again in ${context.after}.`,
        ),
    });

    app.put(
      '/api/v1/sessions/:id/attendance',
      {
        config: { access: ['workshop-team', 'staff'] },
        schema: {
          tags: ['Attendance'],
          summary:
            'Mark an enrolled person present or absent at a session (organizers, assigned facilitators)',
          description:
            'Who marked it is recorded. A second mark replaces the first: one attendance per person.',
          params: idParams,
          body: attendanceMarkSchema,
          response: { 200: attendanceSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) =>
        markAttendance(deps, { actor: request.actor, sessionId: request.params.id, input: request.body }),
    );

    app.get(
      '/api/v1/workshops/:id/attendance',
      {
        config: { access: ['workshop-team', 'staff'] },
        schema: {
          tags: ['Attendance'],
          summary: 'Every attendance mark of a workshop’s sessions (organizers, assigned facilitators)',
          params: idParams,
          response: {
            200: z.object({ attendance: z.array(attendanceSchema) }),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request) => ({
        attendance: await listAttendance(deps, { actor: request.actor, workshopId: request.params.id }),
      }),
    );

    app.post(
      '/api/v1/sessions/:id/check-in',
      {
        config: { access: ['owner'] },
        preHandler: checkInLimit,
        schema: {
          tags: ['Attendance'],
          summary: 'Check in to a session with the code shown in the room',
          description:
            'Signed in, or with the enrollment’s private `token` (from its manage link). From one hour before the session starts until two hours after it ends; checking in again answers the first check-in.',
          params: idParams,
          body: checkInInputSchema,
          response: { 200: checkInResultSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
        },
      },
      (request) => checkIn(deps, { actor: request.actor, sessionId: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/enrollments/:id/not-completed',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Attendance'],
          summary:
            'Mark an enrollment as not completed (its organizers), instead of cancelling one with attendance',
          params: idParams,
          response: { 200: enrollmentSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => markNotCompleted(deps, { actor: request.actor, id: request.params.id }),
    );

    // Pages.

    /** The attendance page, to render once the request's context is known; a refused form shown again. */
    async function attendancePage(
      request: FastifyRequest,
      workshopId: string,
      refused?: { sessionId?: string; form: FormState },
    ): Promise<(ctx: PageContext) => VNode> {
      const sheet = await getAttendanceSheet(deps, { actor: request.actor, workshopId });
      const qrCodes = new Map(
        await Promise.all(
          sheet.sessions.map(async (session) => [session.id, await qrCodeSvg(session.checkInUrl)] as const),
        ),
      );
      return (ctx) => <AttendancePage ctx={ctx} sheet={sheet} qrCodes={qrCodes} refused={refused} />;
    }

    app.get(
      '/workshops/:id/attendance',
      { config: { access: ['workshop-team', 'staff'] }, schema: { hide: true, params: idParams } },
      async (request, reply) => reply.page(await attendancePage(request, request.params.id)),
    );

    app.post(
      '/sessions/:id/attendance',
      { config: { access: ['workshop-team', 'staff'] }, schema: { hide: true, params: idParams } },
      async (request, reply) => {
        const { session } = await getCheckInSession(deps, { sessionId: request.params.id });
        const page = `/workshops/${session.workshopId}/attendance`;
        return submitForm(request, reply, {
          lists: ROSTER_FORM_LISTS,
          run: (input) => markRoster(deps, { actor: request.actor, sessionId: session.id, input }),
          done: () => notices.redirect(reply, `${page}#session-${session.id}`, 'attendance-saved'),
          again: async (form, ctx) =>
            (await attendancePage(request, session.workshopId, { sessionId: session.id, form }))(ctx),
          page,
        });
      },
    );

    app.get(
      '/sessions/:id/check-in',
      { config: { access: ['anyone'] }, schema: { hide: true, params: idParams, querystring: checkInQuery } },
      async (request, reply) => {
        const { session, window } = await getCheckInSession(deps, { sessionId: request.params.id });
        const form = formState<CheckInInput>({ code: request.query.code ?? '' });
        return reply.page((ctx) => (
          <CheckInPage ctx={ctx} session={session} window={window} form={form} token={request.query.token} />
        ));
      },
    );

    app.post(
      '/sessions/:id/check-in',
      { config: { access: ['owner'] }, preHandler: checkInLimit, schema: { hide: true, params: idParams } },
      (request, reply) => {
        const token = tokenOf(request);
        const page = `/sessions/${request.params.id}/check-in${token ? `?token=${encodeURIComponent(token)}` : ''}`;
        return submitForm<CheckInResult, CheckInInput>(request, reply, {
          run: (input) => checkIn(deps, { actor: request.actor, sessionId: request.params.id, input }),
          done: (result) =>
            notices.redirect(reply, page, result.alreadyCheckedIn ? 'already-checked-in' : 'checked-in'),
          again: async (form, ctx) => {
            const { session, window } = await getCheckInSession(deps, { sessionId: request.params.id });
            return <CheckInPage ctx={ctx} session={session} window={window} form={form} token={token} />;
          },
          page,
        });
      },
    );

    app.post(
      '/enrollments/:id/not-completed',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: idParams } },
      async (request, reply) => {
        // Asks only the workshop's organizers; its person is refused, anyone else told it is not there.
        const enrollment = await requireEnrollmentOrganizer(deps, {
          actor: request.actor,
          id: request.params.id,
        });
        const back = `/workshops/${enrollment.workshopId}/attendance`;
        return submitForm(request, reply, {
          confirm: { confirmation: MARK_NOT_COMPLETED, cancelHref: back },
          run: () => markNotCompleted(deps, { actor: request.actor, id: enrollment.id }),
          done: () => notices.redirect(reply, back, 'not-completed'),
          again: async (form, ctx) => (await attendancePage(request, enrollment.workshopId, { form }))(ctx),
          page: back,
        });
      },
    );
  };
}

/** The private token a check-in form carries for someone not signed in. */
function tokenOf(request: FastifyRequest): string | undefined {
  const token = (request.body as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
