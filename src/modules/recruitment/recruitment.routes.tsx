import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { isFormError } from '../../platform/errors.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, pageInfo, type PageContext } from '../../platform/ui/index.js';
import { sendCsv } from '../workshops/workshops.exports.routes.js';
import {
  goalsInputSchema,
  goalsSchema,
  partnerParamsSchema,
  progressSchema,
  targetDetailSchema,
  targetInputSchema,
  targetParamsSchema,
  targetPatchSchema,
  targetSchema,
  type Goals,
  type GoalsInput,
  type TargetDetail,
  type TargetPatch,
} from './recruitment.schemas.js';
import {
  addTarget,
  changeTarget,
  exportTargets,
  getBoard,
  getTarget,
  listOwners,
  listTargetPage,
  searchDirectory,
} from './recruitment.service.js';
import { getGoals, getProgress, listAllProgress, setGoals } from './recruitment.goals.service.js';
import {
  BoardPage,
  pipelineHref,
  ProgressPage,
  StaffProgressPage,
  TargetListPage,
  TargetPage,
  targetFormValues,
  type GoalsForm,
  type TargetForm,
} from './recruitment.views.js';

type Deps = Pick<CoreDeps, 'db'>;

const yearQuery = z.object({ year: z.string().max(20).optional() });
const pageQuery = z.looseObject({ partner: z.string().max(100).optional() });

const notices = defineNotices({
  'target-added': 'The target is added to the pipeline as a prospect.',
  'target-saved': 'The target is saved.',
  'goals-saved': 'The goals are saved.',
});

/** The partner a page is about: the one its address names, or the program manager's own. */
function partnerOf(request: FastifyRequest): string {
  const named = (request.query as { partner?: unknown }).partner;
  if (typeof named === 'string' && named) return named;
  return request.actor?.partnerIds[0] ?? '';
}

/** Staff manage no partner of their own: a pipeline page without one sends them to the list of every partner. */
function staffChoosesPartner(request: FastifyRequest): boolean {
  return partnerOf(request) === '' && isStaff(request.actor);
}

export function recruitmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/partners/:id/recruitment/targets',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'A partner’s recruitment targets (its program managers and staff)',
          description:
            'Filtered by `year` (the partner’s), `course`, `stage` and `kind`, searched by name with `q`, sorted with `sort` (name, stage, nextStepOn, updated) and `dir`, a page at a time with `page`.',
          params: partnerParamsSchema,
          response: {
            200: z.object({
              targets: z.array(targetSchema),
              total: z.number(),
              page: z.number(),
              pageCount: z.number(),
              truncated: z.boolean(),
            }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { page } = await listTargetPage(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          query: request.query,
        });
        return { targets: page.rows, ...pageInfo(page) };
      },
    );

    app.post(
      '/api/v1/partners/:id/recruitment/targets',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'Add a district (by its NCES LEAID) or a school (by its directory id) to a pipeline',
          params: partnerParamsSchema,
          body: targetInputSchema,
          response: { 201: targetSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await addTarget(deps, {
            actor: request.actor,
            partnerId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.get(
      '/api/v1/partners/:id/recruitment/directory',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'Open districts and schools whose name starts with `q`, to add to the pipeline',
          params: partnerParamsSchema,
          response: {
            200: z.object({
              entries: z.array(
                z.object({
                  kind: z.enum(['district', 'school']),
                  directoryId: z.string(),
                  name: z.string(),
                  city: z.string().nullable(),
                  state: z.string(),
                  districtName: z.string().nullable(),
                }),
              ),
            }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => ({
        entries: await searchDirectory(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          query: request.query,
        }),
      }),
    );

    app.get(
      '/api/v1/recruitment/targets/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'A target with its history',
          params: targetParamsSchema,
          response: { 200: targetDetailSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getTarget(deps, { actor: request.actor, id: request.params.id }),
    );

    app.patch(
      '/api/v1/recruitment/targets/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'Change a target’s stage, owner, notes or next step; each change goes into its history',
          description: '`owner` is the user id of one of the partner’s program managers, or null for nobody.',
          params: targetParamsSchema,
          body: targetPatchSchema,
          response: { 200: targetDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) => changeTarget(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.get(
      '/api/v1/partners/:id/recruitment/goals',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'A partner’s goals for its year, one per course that has them',
          params: partnerParamsSchema,
          querystring: yearQuery,
          response: {
            200: z.object({ goals: z.array(goalsSchema) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => ({
        goals: await getGoals(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          year: request.query.year,
        }),
      }),
    );

    app.put(
      '/api/v1/partners/:id/recruitment/goals',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary: 'Set a partner’s goals for a year and course (staff, or the partner’s program managers)',
          params: partnerParamsSchema,
          body: goalsInputSchema,
          response: { 200: goalsSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        setGoals(deps, { actor: request.actor, partnerId: request.params.id, input: request.body }),
    );

    app.get(
      '/api/v1/partners/:id/recruitment/progress',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Recruitment'],
          summary:
            'A partner’s progress against its goals, per course, with districts and schools committed by week',
          params: partnerParamsSchema,
          querystring: yearQuery,
          response: { 200: progressSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        getProgress(deps, { actor: request.actor, partnerId: request.params.id, year: request.query.year }),
    );

    // Pages.

    app.get(
      '/partner/recruitment',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, querystring: pageQuery } },
      async (request, reply) => {
        const partnerId = partnerOf(request);
        if (staffChoosesPartner(request)) return reply.redirect('/staff/recruitment', 303);
        const board = await getBoard(deps, { actor: request.actor, partnerId, query: request.query });
        const q = typeof request.query.q === 'string' ? request.query.q.trim() : '';
        let search: {
          q: string;
          results: Awaited<ReturnType<typeof searchDirectory>> | null;
          error?: string;
        } = {
          q,
          results: null,
        };
        let status = 200;
        if (q) {
          try {
            search = {
              q,
              results: await searchDirectory(deps, { actor: request.actor, partnerId, query: { q } }),
            };
          } catch (error) {
            if (!isFormError(error)) throw error;
            search = { q, results: null, error: error.fieldErrors[0]?.message ?? error.message };
            status = error.status;
          }
        }
        return reply.page((ctx) => <BoardPage ctx={ctx} board={board} search={search} />, { status });
      },
    );

    app.post(
      '/partner/recruitment/targets',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, querystring: pageQuery } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => addTarget(deps, { actor: request.actor, partnerId: partnerOf(request), input }),
          done: (target) =>
            notices.redirect(
              reply,
              pipelineHref('/partner/recruitment', target.partnerId, {
                year: target.programYear,
                course: target.courseId,
              }),
              'target-added',
            ),
          again: async (form, ctx) => {
            const board = await getBoard(deps, {
              actor: request.actor,
              partnerId: partnerOf(request),
              query: { year: form.values.programYear, course: form.values.courseId },
            });
            return (
              <BoardPage ctx={ctx} board={board} search={{ q: '', results: null, error: form.message }} />
            );
          },
          page: pipelineHref('/partner/recruitment', partnerOf(request)),
        }),
    );

    app.get(
      '/partner/recruitment/list',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, querystring: pageQuery } },
      async (request, reply) => {
        if (staffChoosesPartner(request)) return reply.redirect('/staff/recruitment', 303);
        const result = await listTargetPage(deps, {
          actor: request.actor,
          partnerId: partnerOf(request),
          query: request.query,
        });
        return reply.page((ctx) => <TargetListPage ctx={ctx} {...result} />);
      },
    );

    app.get(
      '/partner/recruitment/targets.csv',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, querystring: pageQuery } },
      async (request, reply) =>
        sendCsv(
          reply,
          await exportTargets(deps, {
            actor: request.actor,
            partnerId: partnerOf(request),
            query: request.query,
          }),
        ),
    );

    async function targetPage(request: FastifyRequest, target: TargetDetail, form: TargetForm) {
      const managers = await listOwners(deps, { actor: request.actor, partnerId: target.partnerId });
      return (ctx: PageContext) => <TargetPage ctx={ctx} target={target} managers={managers} form={form} />;
    }

    app.get(
      '/partner/recruitment/targets/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: targetParamsSchema } },
      async (request, reply) => {
        const target = await getTarget(deps, { actor: request.actor, id: request.params.id });
        return reply.page(
          await targetPage(request, target, formState<TargetPatch>(targetFormValues(target))),
        );
      },
    );

    app.post(
      '/partner/recruitment/targets/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          hide: true,
          params: targetParamsSchema,
          querystring: z.object({ from: z.string().max(20).optional() }),
        },
      },
      (request, reply) =>
        submitForm<TargetDetail, TargetPatch>(request, reply, {
          run: (input) => changeTarget(deps, { actor: request.actor, id: request.params.id, input }),
          done: (target) =>
            notices.redirect(
              reply,
              request.query.from === 'board'
                ? pipelineHref('/partner/recruitment', target.partnerId, {
                    year: target.programYear,
                    course: target.courseId,
                  })
                : `/partner/recruitment/targets/${target.id}`,
              'target-saved',
            ),
          again: async (form, ctx) => {
            const target = await getTarget(deps, { actor: request.actor, id: request.params.id });
            return (await targetPage(request, target, form))(ctx);
          },
          page: `/partner/recruitment/targets/${request.params.id}`,
        }),
    );

    /**
     * The progress page, with the goals form as refused, or showing the goals of the course the address names
     * (the first one's otherwise).
     */
    async function progressPage(request: FastifyRequest, refused?: GoalsForm) {
      const query = request.query as { year?: string; course?: string };
      const progress = await getProgress(deps, {
        actor: request.actor,
        partnerId: partnerOf(request),
        year: query.year,
      });
      const course = progress.courses.find((one) => one.courseId === query.course) ?? progress.courses[0];
      const form =
        refused ??
        formState<GoalsInput>({
          courseId: course?.courseId ?? '',
          districtsCommitted: course?.goal?.districts ?? 0,
          schoolsCommitted: course?.goal?.schools ?? 0,
          teachersAccepted: course?.goal?.teachers ?? 0,
        });
      return (ctx: PageContext) => <ProgressPage ctx={ctx} progress={progress} form={form} />;
    }

    app.get(
      '/partner/recruitment/progress',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, querystring: pageQuery } },
      async (request, reply) =>
        staffChoosesPartner(request)
          ? reply.redirect('/staff/recruitment', 303)
          : reply.page(await progressPage(request)),
    );

    app.post(
      '/partner/recruitment/goals',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, querystring: pageQuery } },
      (request, reply) =>
        submitForm<Goals, GoalsInput>(request, reply, {
          run: (input) => setGoals(deps, { actor: request.actor, partnerId: partnerOf(request), input }),
          done: (goals) =>
            notices.redirect(
              reply,
              pipelineHref('/partner/recruitment/progress', partnerOf(request), {
                year: goals.programYear,
                course: goals.courseId,
              }),
              'goals-saved',
            ),
          again: async (form, ctx) => (await progressPage(request, form))(ctx),
          page: pipelineHref('/partner/recruitment/progress', partnerOf(request)),
        }),
    );

    app.get(
      '/staff/recruitment',
      { config: { access: ['staff'] }, schema: { hide: true, querystring: yearQuery } },
      async (request, reply) => {
        const progress = await listAllProgress(deps, {
          actor: request.actor,
          year: request.query.year,
        });
        return reply.page((ctx) => <StaffProgressPage ctx={ctx} {...progress} />);
      },
    );
  };
}
