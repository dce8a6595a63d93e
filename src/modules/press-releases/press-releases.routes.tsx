import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { formValues } from '../../platform/form-values.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, isPreview, pageInfo, type PageContext } from '../../platform/ui/index.js';
import { parseInput } from '../../platform/validation.js';
import {
  approveInputSchema,
  commentInputSchema,
  createInputSchema,
  diffQuerySchema,
  draftInputSchema,
  pressReleaseDetailSchema,
  pressReleaseIdParamsSchema,
  pressReleaseListSchema,
  pressReleaseQuerySchema,
  publishInputSchema,
  versionDiffSchema,
  type PressReleaseQuery,
} from './press-releases.schemas.js';
import {
  approvePressRelease,
  commentOnPressRelease,
  countPressReleases,
  createPressRelease,
  diffVersion,
  getPressRelease,
  listPressReleases,
  listReviewQueue,
  listWritablePartners,
  openPressRelease,
  publishPressRelease,
  requestPressReleaseChanges,
  reviewPressRelease,
  submitPressRelease,
  updatePressReleaseDraft,
  requireReleaseAuthor,
  requireReleaseReviewer,
} from './press-releases.service.js';
import {
  APPROVE_RELEASE,
  DraftFormPage,
  MARK_PUBLISHED,
  PartnerListPage,
  PartnerReleasePage,
  ReviewPage,
  StaffQueuePage,
  type ActionRefusal,
  type DraftForm,
  type PublishForm,
  type ReviewForm,
} from './press-releases.views.js';

const TAGS = ['Press releases'];
const idParams = { params: pressReleaseIdParamsSchema };

const notices = defineNotices({
  'press-release-created': 'The draft is saved. Submit it for review when it is ready.',
  'press-release-saved': 'The draft is saved.',
  'press-release-submitted': 'The press release is submitted, and program staff are emailed to review it.',
  'press-release-commented': 'Your comment is saved and emailed to the partner.',
  'press-release-changes-requested': 'Changes are requested, and the partner is emailed.',
  'press-release-approved': 'The press release is approved, and the partner is emailed.',
  'press-release-published': 'The press release is marked published, and program staff are emailed.',
});

const REVIEW_NOTICES = {
  'request-changes': 'press-release-changes-requested',
  approve: 'press-release-approved',
  comment: 'press-release-commented',
} as const;

/** Whether a list is narrowed, so that an empty one says how to see everything. */
function isFiltered(query: PressReleaseQuery): boolean {
  return query.status !== undefined || query.table.q !== '';
}

export function pressReleaseRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;

  return async (app) => {
    // The JSON API. Each route calls one domain function, which checks who may act before reading the body.

    app.get(
      '/api/v1/press-releases',
      {
        config: { access: ['manager', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'Press releases, a page at a time (staff: all; program managers: their partners’)',
          description:
            'Most recently changed first unless `sort` and `dir` say otherwise; `q` searches titles and ' +
            'partner names; `status` keeps one status.',
          querystring: pressReleaseQuerySchema,
          response: { 200: pressReleaseListSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const page = await listPressReleases(db, { actor: request.actor, query: request.query });
        return { pressReleases: page.rows, ...pageInfo(page) };
      },
    );

    app.post(
      '/api/v1/press-releases',
      {
        config: { access: ['manager', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'Start a draft press release for a partner (staff, or its program managers)',
          body: createInputSchema,
          response: { 201: pressReleaseDetailSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createPressRelease(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      '/api/v1/press-releases/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'One press release with every submitted version and its history',
          ...idParams,
          response: { 200: pressReleaseDetailSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getPressRelease(db, { actor: request.actor, id: request.params.id }),
    );

    app.get(
      '/api/v1/press-releases/:id/diff',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'The lines a submitted version added and removed, compared with the version before it',
          ...idParams,
          querystring: diffQuerySchema,
          response: { 200: versionDiffSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        diffVersion(db, { actor: request.actor, id: request.params.id, version: request.query.version }),
    );

    app.patch(
      '/api/v1/press-releases/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: TAGS,
          summary: 'Edit the working draft (only as a draft or after changes were requested; else 409)',
          ...idParams,
          body: draftInputSchema,
          response: { 200: pressReleaseDetailSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) =>
        updatePressReleaseDraft(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    const actions = [
      {
        path: 'submit',
        access: ['partner', 'staff'] as const,
        summary: 'Submit the working draft as the next version; program staff are emailed',
        description:
          'A press release whose status does not allow this gets 409. After staff asked for changes, ' +
          'submitting the same text again gets 422.',
        statuses: [401, 403, 404, 409, 422],
        body: undefined,
        run: (actor: Actor | null, id: string, _input: unknown) => submitPressRelease(deps, { actor, id }),
      },
      {
        path: 'comment',
        access: ['staff'] as const,
        summary: 'Comment on a submitted press release (staff); the partner is emailed',
        body: commentInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          commentOnPressRelease(deps, { actor, id, input }),
      },
      {
        path: 'request-changes',
        access: ['staff'] as const,
        summary: 'Ask for changes to the submitted version, saying what (staff); the partner is emailed',
        body: commentInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          requestPressReleaseChanges(deps, { actor, id, input }),
      },
      {
        path: 'approve',
        access: ['staff'] as const,
        summary: 'Approve the submitted version (staff); the partner is emailed',
        body: approveInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          approvePressRelease(deps, { actor, id, input }),
      },
      {
        path: 'publish',
        access: ['partner', 'staff'] as const,
        summary:
          'Mark an approved press release published, with the date (today at the latest) and web address; staff are emailed',
        body: publishInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          publishPressRelease(deps, { actor, id, input }),
      },
    ];
    for (const action of actions) {
      app.post(
        `/api/v1/press-releases/:id/${action.path}`,
        {
          config: { access: action.access },
          schema: {
            tags: TAGS,
            summary: action.summary,
            description: action.description ?? 'A press release whose status does not allow this gets 409.',
            ...idParams,
            ...(action.body ? { body: action.body } : {}),
            response: {
              200: pressReleaseDetailSchema,
              ...problemResponses(
                ...(action.body ? [400] : []),
                ...(action.statuses ?? [401, 403, 404, 409]),
              ),
            },
          },
        },
        (request) => action.run(request.actor, request.params.id, request.body),
      );
    }

    // The partner's pages (program managers, and staff acting for a partner).

    app.get(
      '/partner/press-releases',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(pressReleaseQuerySchema, request.query);
        const page = await listPressReleases(db, { actor: request.actor, query });
        return reply.page((ctx) => <PartnerListPage ctx={ctx} page={page} filtered={isFiltered(query)} />);
      },
    );

    /** The draft form, as new or for a release; the partners it may be for are read with the actor's rights. */
    async function draftPage(
      actor: Actor | null,
      props: { mode: 'new' | 'edit'; id?: string; form: DraftForm; preview?: boolean },
    ) {
      const partners = props.mode === 'new' ? await listWritablePartners(db, { actor }) : [];
      return (ctx: PageContext) => <DraftFormPage ctx={ctx} partners={partners} {...props} />;
    }

    app.get(
      '/partner/press-releases/new',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const partners = await listWritablePartners(db, { actor: request.actor });
        const form: DraftForm = formState({ partnerId: partners.length === 1 ? partners[0]?.id : undefined });
        return reply.page((ctx) => <DraftFormPage ctx={ctx} mode="new" form={form} partners={partners} />);
      },
    );

    app.post(
      '/partner/press-releases/new',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      async (request, reply) => {
        if (isPreview(request.body)) {
          const form: DraftForm = { values: formValues(request), errors: [] };
          return reply.page(await draftPage(request.actor, { mode: 'new', form, preview: true }));
        }
        return submitForm(request, reply, {
          run: (input) => createPressRelease(deps, { actor: request.actor, input }),
          done: (created) =>
            notices.redirect(reply, `/partner/press-releases/${created.id}`, 'press-release-created'),
          again: async (form, ctx) => (await draftPage(request.actor, { mode: 'new', form }))(ctx),
        });
      },
    );

    /** A release's page for its partner, with a refused form as the person left it. */
    async function partnerPage(
      request: { actor: Actor | null; query: unknown },
      id: string,
      forms: { publishForm?: PublishForm; refusal?: ActionRefusal } = {},
    ) {
      const { release, diff } = await openPressRelease(db, {
        actor: request.actor,
        id,
        query: request.query,
      });
      return (ctx: PageContext) => (
        <PartnerReleasePage
          ctx={ctx}
          release={release}
          diff={diff}
          publishForm={forms.publishForm ?? formState()}
          refusal={forms.refusal}
        />
      );
    }

    app.get(
      '/partner/press-releases/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, ...idParams } },
      async (request, reply) => reply.page(await partnerPage(request, request.params.id)),
    );

    app.get(
      '/partner/press-releases/:id/edit',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, ...idParams } },
      async (request, reply) => {
        const release = await getPressRelease(db, { actor: request.actor, id: request.params.id });
        const form: DraftForm = formState({ title: release.title, bodyMarkdown: release.bodyMarkdown });
        return reply.page(await draftPage(request.actor, { mode: 'edit', id: release.id, form }));
      },
    );

    app.post(
      '/partner/press-releases/:id/edit',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, ...idParams } },
      async (request, reply) => {
        const { id } = request.params;
        if (isPreview(request.body)) {
          // Reading the release first keeps a preview to those who may edit it.
          await getPressRelease(db, { actor: request.actor, id });
          const form: DraftForm = { values: formValues(request), errors: [] };
          return reply.page(await draftPage(request.actor, { mode: 'edit', id, form, preview: true }));
        }
        return submitForm(request, reply, {
          run: (input) => updatePressReleaseDraft(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/partner/press-releases/${id}`, 'press-release-saved'),
          again: async (form, ctx) => (await draftPage(request.actor, { mode: 'edit', id, form }))(ctx),
        });
      },
    );

    app.post(
      '/partner/press-releases/:id/submit',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, ...idParams } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: () => submitPressRelease(deps, { actor: request.actor, id }),
          done: () => notices.redirect(reply, `/partner/press-releases/${id}`, 'press-release-submitted'),
          again: async (form, ctx) =>
            (await partnerPage({ actor: request.actor, query: {} }, id, { refusal: form }))(ctx),
          page: `/partner/press-releases/${id}`,
        });
      },
    );

    app.post(
      '/partner/press-releases/:id/publish',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, ...idParams } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => publishPressRelease(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/partner/press-releases/${id}`, 'press-release-published'),
          again: async (form, ctx) =>
            (await partnerPage({ actor: request.actor, query: {} }, id, { publishForm: form }))(ctx),
          page: `/partner/press-releases/${id}`,
          confirm: {
            confirmation: MARK_PUBLISHED,
            cancelHref: `/partner/press-releases/${id}`,
            authorize: () => requireReleaseAuthor(deps, { actor: request.actor, id }),
          },
        });
      },
    );

    // The staff review pages.

    app.get(
      '/staff/press-releases',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(pressReleaseQuerySchema, request.query);
        const page = await listReviewQueue(db, { actor: request.actor, query });
        const counts = await countPressReleases(db, { actor: request.actor });
        return reply.page((ctx) => (
          <StaffQueuePage ctx={ctx} page={page} filtered={isFiltered(query)} counts={counts} />
        ));
      },
    );

    async function reviewPage(
      request: { actor: Actor | null; query: unknown },
      id: string,
      form?: ReviewForm,
    ) {
      const { release, diff } = await openPressRelease(db, {
        actor: request.actor,
        id,
        query: request.query,
        review: true,
      });
      return (ctx: PageContext) => (
        <ReviewPage ctx={ctx} release={release} diff={diff} reviewForm={form ?? formState()} />
      );
    }

    app.get(
      '/staff/press-releases/:id',
      { config: { access: ['staff'] }, schema: { hide: true, ...idParams } },
      async (request, reply) => reply.page(await reviewPage(request, request.params.id)),
    );

    // One form answers a submitted version: its button says which decision, the text box says why.
    app.post(
      '/staff/press-releases/:id/review',
      { config: { access: ['staff'] }, schema: { hide: true, ...idParams } },
      (request, reply) => {
        const { id } = request.params;
        const approving = formValues(request).decision === 'approve';
        return submitForm(request, reply, {
          run: (input) =>
            reviewPressRelease(deps, { actor: request.actor, id, decision: input.decision, input }),
          done: ({ decision }) =>
            notices.redirect(reply, `/staff/press-releases/${id}`, REVIEW_NOTICES[decision]),
          again: async (form, ctx) => (await reviewPage({ actor: request.actor, query: {} }, id, form))(ctx),
          page: `/staff/press-releases/${id}`,
          ...(approving
            ? {
                confirm: {
                  confirmation: APPROVE_RELEASE,
                  cancelHref: `/staff/press-releases/${id}`,
                  authorize: () => requireReleaseReviewer(deps, { actor: request.actor, id }),
                },
              }
            : {}),
        });
      },
    );
  };
}
