import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import type { Actor } from '../../platform/actor.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import {
  approveInputSchema,
  commentInputSchema,
  compareQuerySchema,
  createInputSchema,
  diffQuerySchema,
  draftInputSchema,
  pressReleaseDetailSchema,
  pressReleaseIdParamsSchema,
  pressReleaseListSchema,
  publishInputSchema,
  versionDiffSchema,
  type PressReleaseDetail,
} from './press-releases.schemas.js';
import {
  approvePressRelease,
  commentOnPressRelease,
  createPressRelease,
  diffVersion,
  getPressRelease,
  getPressReleaseForReview,
  listPressReleases,
  listReviewQueue,
  listWritablePartners,
  publishPressRelease,
  requestPressReleaseChanges,
  submitPressRelease,
  updatePressReleaseDraft,
} from './press-releases.service.js';
import {
  DraftFormPage,
  PartnerListPage,
  PartnerReleasePage,
  ReviewPage,
  StaffQueuePage,
  type DraftFormValues,
  type PublishFormValues,
} from './press-releases.views.js';

const TAGS = ['Press releases'];
const idParams = { params: pressReleaseIdParamsSchema };

export function pressReleaseRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const { config } = deps;
  const db = deps.db.kysely;

  return async (app) => {
    // The JSON API. Each route calls one domain function, which checks who may act before reading the body.

    app.get(
      '/api/v1/press-releases',
      {
        schema: {
          tags: TAGS,
          summary:
            'Press releases, most recently changed first (staff: all; program managers: their partners’)',
          response: { 200: pressReleaseListSchema, ...problemResponses(401, 403) },
        },
      },
      (request) => listPressReleases(db, { actor: request.actor }),
    );

    app.post(
      '/api/v1/press-releases',
      {
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
        summary: 'Submit the working draft as the next version; program staff are emailed',
        body: undefined,
        run: (actor: Actor | null, id: string, _input: unknown) => submitPressRelease(deps, { actor, id }),
      },
      {
        path: 'comment',
        summary: 'Comment on a submitted press release (staff); the partner is emailed',
        body: commentInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          commentOnPressRelease(deps, { actor, id, input }),
      },
      {
        path: 'request-changes',
        summary: 'Ask for changes to the submitted version, saying what (staff); the partner is emailed',
        body: commentInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          requestPressReleaseChanges(deps, { actor, id, input }),
      },
      {
        path: 'approve',
        summary: 'Approve the submitted version (staff); the partner is emailed',
        body: approveInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          approvePressRelease(deps, { actor, id, input }),
      },
      {
        path: 'publish',
        summary: 'Mark an approved press release published, with the date and web address; staff are emailed',
        body: publishInputSchema,
        run: (actor: Actor | null, id: string, input: unknown) =>
          publishPressRelease(deps, { actor, id, input }),
      },
    ];
    for (const action of actions) {
      app.post(
        `/api/v1/press-releases/:id/${action.path}`,
        {
          schema: {
            tags: TAGS,
            summary: action.summary,
            description: 'A press release whose status does not allow this gets 409.',
            ...idParams,
            ...(action.body ? { body: action.body } : {}),
            response: {
              200: pressReleaseDetailSchema,
              ...problemResponses(...(action.body ? [400] : []), 401, 403, 404, 409),
            },
          },
        },
        (request) => action.run(request.actor, request.params.id, request.body),
      );
    }

    // The partner's pages (program managers, and staff acting for a partner).

    app.get('/partner/press-releases', { schema: { hide: true } }, async (request, reply) => {
      const { pressReleases } = await listPressReleases(db, { actor: request.actor });
      const ctx = pageContext(config, request, reply);
      return sendHtml(reply, renderPage(<PartnerListPage ctx={ctx} releases={pressReleases} />));
    });

    async function sendDraftForm(
      request: FastifyRequest,
      reply: FastifyReply,
      props: { mode: 'new' | 'edit'; id?: string; values: DraftFormValues; errors?: FieldError[] },
      extra: { previewHtml?: string; message?: string },
      status = 200,
    ) {
      const partners = await listWritablePartners(db, { actor: request.actor });
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(<DraftFormPage ctx={ctx} partners={partners} {...props} {...extra} />),
        status,
      );
    }

    function draftValues(form: Record<string, string>): DraftFormValues {
      return {
        partnerId: form.partnerId ?? '',
        title: form.title ?? '',
        bodyMarkdown: form.bodyMarkdown ?? '',
      };
    }

    app.get('/partner/press-releases/new', { schema: { hide: true } }, (request, reply) =>
      sendDraftForm(request, reply, { mode: 'new', values: draftValues({}) }, {}),
    );

    app.post('/partner/press-releases/new', { schema: { hide: true } }, async (request, reply) => {
      const values = draftValues(formBody(request));
      if (formBody(request).intent === 'preview') {
        return sendDraftForm(
          request,
          reply,
          { mode: 'new', values },
          { previewHtml: renderMarkdown(values.bodyMarkdown) },
        );
      }
      try {
        const created = await createPressRelease(deps, { actor: request.actor, input: values });
        return redirectWithNotice(reply, `/partner/press-releases/${created.id}`, 'press-release-created');
      } catch (error) {
        if (!isInvalidInput(error)) throw error;
        return sendDraftForm(request, reply, { mode: 'new', values, errors: error.fieldErrors }, {}, 400);
      }
    });

    function compareOf(request: FastifyRequest, release: PressReleaseDetail) {
      const { compare } = compareQuerySchema.parse(request.query ?? {});
      return compare !== undefined && release.versions.some((v) => v.version === compare)
        ? compare
        : undefined;
    }

    async function sendPartnerRelease(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: { publish?: PublishFormValues; errors?: FieldError[]; message?: string } = {},
      status = 200,
    ) {
      const release = await getPressRelease(db, { actor: request.actor, id });
      const compare = compareOf(request, release);
      const diff =
        compare === undefined
          ? undefined
          : await diffVersion(db, { actor: request.actor, id, version: compare });
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <PartnerReleasePage
            ctx={ctx}
            release={release}
            draftHtml={renderMarkdown(release.bodyMarkdown)}
            diff={diff}
            {...extra}
          />,
        ),
        status,
      );
    }

    app.get('/partner/press-releases/:id', { schema: { hide: true, ...idParams } }, (request, reply) =>
      sendPartnerRelease(request, reply, request.params.id),
    );

    app.get(
      '/partner/press-releases/:id/edit',
      { schema: { hide: true, ...idParams } },
      async (request, reply) => {
        const release = await getPressRelease(db, { actor: request.actor, id: request.params.id });
        const values = {
          partnerId: release.partnerId,
          title: release.title,
          bodyMarkdown: release.bodyMarkdown,
        };
        return sendDraftForm(request, reply, { mode: 'edit', id: release.id, values }, {});
      },
    );

    app.post(
      '/partner/press-releases/:id/edit',
      { schema: { hide: true, ...idParams } },
      async (request, reply) => {
        const { id } = request.params;
        const form = formBody(request);
        const values = draftValues(form);
        if (form.intent === 'preview') {
          // Looking the release up first keeps a preview to those who may edit it.
          await getPressRelease(db, { actor: request.actor, id });
          return sendDraftForm(
            request,
            reply,
            { mode: 'edit', id, values },
            { previewHtml: renderMarkdown(values.bodyMarkdown) },
          );
        }
        try {
          await updatePressReleaseDraft(deps, { actor: request.actor, id, input: values });
          return redirectWithNotice(reply, `/partner/press-releases/${id}`, 'press-release-saved');
        } catch (error) {
          if (isInvalidInput(error)) {
            return sendDraftForm(
              request,
              reply,
              { mode: 'edit', id, values, errors: error.fieldErrors },
              {},
              400,
            );
          }
          if (isStaleStatus(error)) {
            return sendDraftForm(
              request,
              reply,
              { mode: 'edit', id, values },
              { message: error.message },
              409,
            );
          }
          throw error;
        }
      },
    );

    app.post(
      '/partner/press-releases/:id/submit',
      { schema: { hide: true, ...idParams } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          await submitPressRelease(deps, { actor: request.actor, id });
          return redirectWithNotice(reply, `/partner/press-releases/${id}`, 'press-release-submitted');
        } catch (error) {
          if (!isStaleStatus(error)) throw error;
          return sendPartnerRelease(request, reply, id, { message: error.message }, 409);
        }
      },
    );

    app.post(
      '/partner/press-releases/:id/publish',
      { schema: { hide: true, ...idParams } },
      async (request, reply) => {
        const { id } = request.params;
        const form = formBody(request);
        const publish = { publishedAt: form.publishedAt ?? '', publishedUrl: form.publishedUrl ?? '' };
        try {
          await publishPressRelease(deps, { actor: request.actor, id, input: publish });
          return redirectWithNotice(reply, `/partner/press-releases/${id}`, 'press-release-published');
        } catch (error) {
          if (isStaleStatus(error))
            return sendPartnerRelease(request, reply, id, { message: error.message }, 409);
          if (!isInvalidInput(error)) throw error;
          return sendPartnerRelease(request, reply, id, { publish, errors: error.fieldErrors }, 400);
        }
      },
    );

    // The staff review pages.

    app.get('/staff/press-releases', { schema: { hide: true } }, async (request, reply) => {
      const { pressReleases } = await listReviewQueue(db, { actor: request.actor });
      const ctx = pageContext(config, request, reply);
      return sendHtml(reply, renderPage(<StaffQueuePage ctx={ctx} releases={pressReleases} />));
    });

    async function sendReview(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: {
        form?: 'comment' | 'request-changes' | 'approve';
        comment?: string;
        errors?: FieldError[];
        message?: string;
      } = {},
      status = 200,
    ) {
      const release = await getPressReleaseForReview(db, { actor: request.actor, id });
      const compare = compareOf(request, release);
      const diff =
        compare === undefined
          ? undefined
          : await diffVersion(db, { actor: request.actor, id, version: compare });
      const latest = release.versions.at(-1);
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <ReviewPage
            ctx={ctx}
            release={release}
            latestHtml={latest && renderMarkdown(latest.bodyMarkdown)}
            diff={diff}
            {...extra}
          />,
        ),
        status,
      );
    }

    app.get('/staff/press-releases/:id', { schema: { hide: true, ...idParams } }, (request, reply) =>
      sendReview(request, reply, request.params.id),
    );

    const reviewForms = [
      { path: 'comment', run: commentOnPressRelease, notice: 'press-release-commented' },
      { path: 'request-changes', run: requestPressReleaseChanges, notice: 'press-release-changes-requested' },
      { path: 'approve', run: approvePressRelease, notice: 'press-release-approved' },
    ] as const;
    for (const action of reviewForms) {
      app.post(
        `/staff/press-releases/:id/${action.path}`,
        { schema: { hide: true, ...idParams } },
        async (request, reply) => {
          const { id } = request.params;
          const form = formBody(request);
          const input = { body: form.body ?? '' };
          try {
            await action.run(deps, { actor: request.actor, id, input });
            return redirectWithNotice(reply, `/staff/press-releases/${id}`, action.notice);
          } catch (error) {
            if (isStaleStatus(error)) return sendReview(request, reply, id, { message: error.message }, 409);
            if (!isInvalidInput(error)) throw error;
            return sendReview(
              request,
              reply,
              id,
              { form: action.path, comment: input.body, errors: error.fieldErrors },
              400,
            );
          }
        },
      );
    }
  };
}

function isInvalidInput(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'INVALID_INPUT';
}

/** The release is no longer in a status that allows the action: the page is shown again as it now stands. */
function isStaleStatus(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'PRESS_RELEASE_WRONG_STATUS';
}
