import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Audience } from '../../platform/access.js';
import type { Actor } from '../../platform/actor.js';
import { problemResponses } from '../../platform/problem.js';
import { pageInfo } from '../../platform/ui/index.js';
import {
  applicationDetailSchema,
  applicationFormSchema,
  applicationIdParamsSchema,
  applicationInputSchema,
  applicationListQuerySchema,
  applicationListSchema,
  assignmentInputSchema,
  cohortCapacityInputSchema,
  cohortCapacitySchema,
  decisionInputSchema,
  formParamsSchema,
  partnerAssignmentInputSchema,
  partnerIdParamsSchema,
  principalRequestInputSchema,
  questionsInputSchema,
  submittedSchema,
  teacherApplicationSettingsInputSchema,
  teacherApplicationSettingsSchema,
  type ApplicationDetail,
} from './teacher-applications.schemas.js';
import {
  assignPartner,
  assignWorkshop,
  decideApplication,
  getApplication,
  listApplications,
  requestPrincipalApproval,
  startReview,
  submitApplication,
  withdrawApplication,
  type TeacherApplicationDeps,
} from './teacher-applications.service.js';
import {
  getApplicationForm,
  listCohorts,
  setApplicationQuestions,
  setCohortCapacity,
} from './teacher-applications.setup.service.js';
import {
  getTeacherApplicationSettings,
  setTeacherApplicationSettings,
} from './teacher-applications.principal.service.js';

const TAGS = ['Teacher applications'];

/** The JSON API of teacher applications; each route calls the domain function its page calls too. */
export function teacherApplicationApiRoutes(deps: TeacherApplicationDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.post(
      '/api/v1/teacher-applications',
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: TAGS,
          summary: 'Apply for a course in a program year (a signed-in teacher)',
          description:
            'Routed to the partner serving the school’s place in the year: its ZIP, then its county, then its ' +
            'state. A partner named in the body is ignored. Unmatched applications wait for staff ' +
            '(`partner: null`). One application per teacher, year and course (409 `ALREADY_APPLIED`).',
          body: applicationInputSchema,
          response: { 201: submittedSchema, ...problemResponses(400, 401, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await submitApplication(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      '/api/v1/teacher-applications',
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: TAGS,
          summary: 'Applications: a teacher’s own; a partner’s for its managers; all for staff',
          querystring: applicationListQuerySchema,
          response: { 200: applicationListSchema, ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const page = await listApplications(db, { actor: request.actor, query: request.query });
        return { applications: page.rows, ...pageInfo(page) };
      },
    );

    app.get(
      '/api/v1/teacher-applications/:id',
      {
        config: { access: ['owner', 'partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'One application with its answers and history (the teacher, its partner, staff)',
          description:
            '`principal` says whether the partner asks for the principal’s approval and where the request ' +
            'stands (`approval.status`: pending, approved, declined, with when). The principal’s comment is ' +
            'for reviewers; the teacher reads null. The request’s link is never part of the answer.',
          params: applicationIdParamsSchema,
          response: { 200: applicationDetailSchema, ...problemResponses(401, 404) },
        },
      },
      (request) => getApplication(db, { actor: request.actor, id: request.params.id }),
    );

    /** The actions on one application: each answers the application as it now is. */
    const action = (
      path: string,
      summary: string,
      run: (actor: Actor | null, id: string, body: unknown) => Promise<ApplicationDetail>,
      access: readonly Audience[],
      body?: z.ZodType,
    ) =>
      app.post(
        `/api/v1/teacher-applications/:id/${path}`,
        {
          config: { access },
          schema: {
            tags: TAGS,
            summary,
            params: applicationIdParamsSchema,
            ...(body ? { body } : {}),
            response: { 200: applicationDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
          },
        },
        (request) => run(request.actor, request.params.id, request.body),
      );

    action(
      'review',
      'Take a submitted application up for review (its partner or staff)',
      (actor, id) => startReview(deps, { actor, id }),
      ['partner', 'staff'],
    );
    action(
      'decision',
      'Accept, waitlist or decline (its partner or staff; 409 COHORT_FULL at capacity; 409 ' +
        'PRINCIPAL_APPROVAL_PENDING or PRINCIPAL_APPROVAL_DECLINED for an acceptance the principal has not approved ' +
        'where the partner asks for approval)',
      (actor, id, input) => decideApplication(deps, { actor, id, input }),
      ['partner', 'staff'],
      decisionInputSchema,
    );
    action(
      'withdraw',
      'Withdraw one’s own application (final)',
      (actor, id) => withdrawApplication(deps, { actor, id }),
      ['owner'],
    );
    action(
      'assignment',
      'Enroll an accepted teacher in one of the partner’s workshops of the course (waitlisted there if full)',
      (actor, id, input) => assignWorkshop(deps, { actor, id, input }),
      ['partner', 'staff'],
      assignmentInputSchema,
    );
    action(
      'partner',
      'Give an unmatched (or undecided) application to a partner of its year (staff)',
      (actor, id, input) => assignPartner(deps, { actor, id, input }),
      ['staff'],
      partnerAssignmentInputSchema,
    );

    action(
      'principal-request',
      'Email the principal the approval request, again with a new link or to a corrected address (its partner or staff; 409 once answered)',
      (actor, id, input) => requestPrincipalApproval(deps, { actor, id, input }),
      ['partner', 'staff'],
      principalRequestInputSchema,
    );

    app.get(
      '/api/v1/partners/:id/teacher-application-settings',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'Whether a partner asks for principals’ approval of applications (its managers, staff)',
          params: partnerIdParamsSchema,
          response: { 200: teacherApplicationSettingsSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getTeacherApplicationSettings(db, { actor: request.actor, partnerId: request.params.id }),
    );

    app.put(
      '/api/v1/partners/:id/teacher-application-settings',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary:
            'Set whether a partner asks for principals’ approval of applications (its managers, staff)',
          description:
            'On: a new application routed to the partner must name its principal, who is emailed a link to ' +
            'approve or decline; an acceptance waits for the approval. It applies to acceptances from now on.',
          params: partnerIdParamsSchema,
          body: teacherApplicationSettingsInputSchema,
          response: { 200: teacherApplicationSettingsSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        setTeacherApplicationSettings(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          input: request.body,
        }),
    );

    app.put(
      '/api/v1/partners/:id/cohort-capacity',
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary: 'Set a partner’s cohort capacity for a course in its year (staff)',
          params: partnerIdParamsSchema,
          body: cohortCapacityInputSchema,
          response: { 200: cohortCapacitySchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        setCohortCapacity(deps, { actor: request.actor, partnerId: request.params.id, input: request.body }),
    );

    app.get(
      '/api/v1/partners/:id/cohorts',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'A partner’s cohorts: capacity and accepted per course (its managers, staff)',
          params: partnerIdParamsSchema,
          response: {
            200: z.object({
              cohorts: z.array(
                z.object({
                  programYear: z.string(),
                  courseId: z.string(),
                  courseName: z.string(),
                  capacity: z.number(),
                  accepted: z.number(),
                }),
              ),
            }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => {
        const rows = await listCohorts(db, { actor: request.actor, partnerId: request.params.id });
        return {
          cohorts: rows.map(({ programYear, courseId, courseName, capacity, accepted }) => ({
            programYear,
            courseId,
            courseName,
            capacity,
            accepted,
          })),
        };
      },
    );

    app.get(
      '/api/v1/teacher-application-forms/:programYear/:courseId',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: TAGS,
          summary: 'The questions a teacher answers for a course in a year (anyone)',
          params: formParamsSchema,
          response: { 200: applicationFormSchema, ...problemResponses(400, 404) },
        },
      },
      (request) => getApplicationForm(db, request.params),
    );

    app.put(
      '/api/v1/teacher-application-forms/:programYear/:courseId',
      {
        config: { access: ['staff'] },
        schema: {
          tags: TAGS,
          summary: 'Set the questions for a course in a year, which opens it to applications (staff)',
          params: formParamsSchema,
          body: questionsInputSchema,
          response: { 200: applicationFormSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        setApplicationQuestions(deps, { actor: request.actor, ...request.params, input: request.body }),
    );
  };
}
