import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import type { FaqCache } from './faq.service.js';
import { CachedBody } from '../../platform/cached-body.js';
import { AppError } from '../../platform/errors.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import {
  anchorParamsSchema,
  faqMoveSchema,
  faqQuestionCreateSchema,
  faqQuestionPatchSchema,
  faqQuestionSchema,
  faqResponseSchema,
} from './faq.schemas.js';
import {
  createFaqQuestion,
  deleteFaqQuestion,
  getFaqQuestionForEditing,
  listFaqChanges,
  listFaqSections,
  moveFaqQuestion,
  updateFaqQuestion,
} from './faq.service.js';
import {
  FaqHistoryPage,
  FaqPage,
  FaqQuestionFormPage,
  RemoveQuestionPage,
  StaffFaqPage,
  type QuestionFormValues,
} from './faq.views.js';

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export function faqRoutes(deps: CoreDeps & { faqCache: FaqCache }): FastifyPluginAsyncZod {
  const { faqCache } = deps;
  const db = deps.db.kysely;

  return async (app) => {
    app.get('/faq', { schema: { hide: true } }, async (request, reply) => {
      const ctx = pageContext(deps.config, request, reply);
      if (request.actor) return sendHtml(reply, renderPage(<FaqPage ctx={ctx} faq={await faqCache.get()} />));
      // Anonymous visitors all see the same bytes, so that page is rendered (and compressed) once per FAQ version.
      const page = await faqCache.derive(
        'page:anonymous',
        (faq) =>
          new CachedBody(
            renderPage(<FaqPage ctx={{ ...ctx, path: '/faq', notice: undefined }} faq={faq} />),
            HTML,
          ),
      );
      return page.send(request, reply);
    });

    app.get(
      '/api/v1/faq',
      {
        schema: {
          tags: ['FAQ'],
          summary: 'The published FAQ, by section',
          response: { 200: faqResponseSchema },
        },
      },
      async (request, reply) => {
        // Serialized once per FAQ version; a Buffer is sent as it is, past the per-request serializer.
        const body = await faqCache.derive('json', (faq) => new CachedBody(JSON.stringify(faq), JSON_TYPE));
        return body.send(request, reply);
      },
    );

    app.patch(
      '/api/v1/faq/questions/:anchor',
      {
        schema: {
          tags: ['FAQ'],
          summary: 'Edit a question or its answer (staff)',
          params: anchorParamsSchema,
          body: faqQuestionPatchSchema,
          response: { 200: faqQuestionSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        updateFaqQuestion(deps, { actor: request.actor, anchor: request.params.anchor, input: request.body }),
    );

    app.post(
      '/api/v1/faq/questions',
      {
        schema: {
          tags: ['FAQ'],
          summary: 'Add a question (staff)',
          body: faqQuestionCreateSchema,
          response: { 201: faqQuestionSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const question = await createFaqQuestion(deps, { actor: request.actor, input: request.body });
        return reply.status(201).send(question);
      },
    );

    app.post(
      '/api/v1/faq/questions/:anchor/move',
      {
        schema: {
          tags: ['FAQ'],
          summary: 'Move a question up or down within its section (staff)',
          params: anchorParamsSchema,
          body: faqMoveSchema,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await moveFaqQuestion(deps, {
          actor: request.actor,
          anchor: request.params.anchor,
          input: request.body,
        });
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/api/v1/faq/questions/:anchor',
      {
        schema: {
          tags: ['FAQ'],
          summary: 'Remove a question (staff)',
          params: anchorParamsSchema,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteFaqQuestion(deps, { actor: request.actor, anchor: request.params.anchor });
        return reply.status(204).send(null);
      },
    );

    // Staff screens. Each calls the same domain function as the API, which checks that the actor is staff.

    app.get('/staff/faq', { schema: { hide: true } }, async (request, reply) => {
      await listFaqSections(db, { actor: request.actor });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(reply, renderPage(<StaffFaqPage ctx={ctx} faq={await faqCache.get()} />));
    });

    app.get('/staff/faq/history', { schema: { hide: true } }, async (request, reply) => {
      const changes = await listFaqChanges(db, { actor: request.actor });
      return sendHtml(
        reply,
        renderPage(<FaqHistoryPage ctx={pageContext(deps.config, request, reply)} changes={changes} />),
      );
    });

    app.get('/staff/faq/new', { schema: { hide: true } }, async (request, reply) => {
      const sections = await listFaqSections(db, { actor: request.actor });
      const values: QuestionFormValues = {
        sectionId: sections[0]?.id ?? '',
        question: '',
        answerMarkdown: '',
      };
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(<FaqQuestionFormPage ctx={ctx} mode="new" values={values} sections={sections} />),
      );
    });

    app.post('/staff/faq/new', { schema: { hide: true } }, async (request, reply) => {
      const sections = await listFaqSections(db, { actor: request.actor });
      const form = formBody(request);
      const values: QuestionFormValues = {
        sectionId: form.sectionId ?? '',
        anchor: form.anchor ?? '',
        question: form.question ?? '',
        answerMarkdown: form.answerMarkdown ?? '',
      };
      const render = (status: number, extra: { errors?: AppError['fieldErrors']; previewHtml?: string }) =>
        sendHtml(
          reply,
          renderPage(
            <FaqQuestionFormPage
              ctx={pageContext(deps.config, request, reply)}
              mode="new"
              values={values}
              sections={sections}
              {...extra}
            />,
          ),
          status,
        );
      if (form.intent === 'preview')
        return render(200, { previewHtml: renderMarkdown(values.answerMarkdown) });
      try {
        const created = await createFaqQuestion(deps, { actor: request.actor, input: values });
        return redirectWithNotice(reply, `/faq#${created.anchor}`, 'faq-added');
      } catch (error) {
        if (!isFormError(error)) throw error;
        return render(error.status, {
          errors: error.fieldErrors.length ? error.fieldErrors : [{ path: '', message: error.message }],
        });
      }
    });

    app.get(
      '/staff/faq/:anchor/edit',
      { schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const question = await getFaqQuestionForEditing(db, {
          actor: request.actor,
          anchor: request.params.anchor,
        });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <FaqQuestionFormPage ctx={ctx} mode="edit" anchor={question.anchor} values={question} />,
          ),
        );
      },
    );

    app.post(
      '/staff/faq/:anchor/edit',
      { schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const { anchor } = request.params;
        await getFaqQuestionForEditing(db, { actor: request.actor, anchor });
        const form = formBody(request);
        const values: QuestionFormValues = {
          question: form.question ?? '',
          answerMarkdown: form.answerMarkdown ?? '',
        };
        const render = (status: number, extra: { errors?: AppError['fieldErrors']; previewHtml?: string }) =>
          sendHtml(
            reply,
            renderPage(
              <FaqQuestionFormPage
                ctx={pageContext(deps.config, request, reply)}
                mode="edit"
                anchor={anchor}
                values={values}
                {...extra}
              />,
            ),
            status,
          );
        if (form.intent === 'preview')
          return render(200, { previewHtml: renderMarkdown(values.answerMarkdown) });
        try {
          await updateFaqQuestion(deps, { actor: request.actor, anchor, input: values });
          return redirectWithNotice(reply, `/faq#${anchor}`, 'faq-saved');
        } catch (error) {
          if (!isFormError(error)) throw error;
          return render(error.status, { errors: error.fieldErrors });
        }
      },
    );

    app.post(
      '/staff/faq/:anchor/move',
      { schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        await moveFaqQuestion(deps, {
          actor: request.actor,
          anchor: request.params.anchor,
          input: formBody(request),
        });
        return reply.redirect('/staff/faq', 303);
      },
    );

    app.get(
      '/staff/faq/:anchor/remove',
      { schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const question = await getFaqQuestionForEditing(db, {
          actor: request.actor,
          anchor: request.params.anchor,
        });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(<RemoveQuestionPage ctx={ctx} anchor={question.anchor} question={question.question} />),
        );
      },
    );

    app.post(
      '/staff/faq/:anchor/remove',
      { schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const question = await getFaqQuestionForEditing(db, {
          actor: request.actor,
          anchor: request.params.anchor,
        });
        await deleteFaqQuestion(deps, { actor: request.actor, anchor: question.anchor });
        return redirectWithNotice(reply, '/staff/faq', 'faq-removed');
      },
    );
  };
}

/** Errors a person can fix on the form itself; anything else goes to the error page. */
function isFormError(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    (error.code === 'INVALID_INPUT' ||
      error.code === 'FAQ_ANCHOR_TAKEN' ||
      error.code === 'FAQ_SECTION_NOT_FOUND')
  );
}
