import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { CachedBody } from '../../platform/cached-body.js';
import { formValues } from '../../platform/form-values.js';
import { confirmFirst, submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, isPreview, type PageContext } from '../../platform/ui/index.js';
import { parseInput } from '../../platform/validation.js';
import {
  anchorParamsSchema,
  changeParamsSchema,
  faqHistoryQuerySchema,
  faqMoveSchema,
  faqQuestionCreateSchema,
  faqQuestionPatchSchema,
  faqQuestionSchema,
  faqResponseSchema,
} from './faq.schemas.js';
import {
  canEditFaq,
  createFaqQuestion,
  deleteFaqQuestion,
  getFaqForEditing,
  getFaqQuestionForEditing,
  getRestorableChange,
  listFaqChanges,
  listFaqSections,
  moveFaqQuestion,
  restoreFaqQuestion,
  updateFaqQuestion,
  type FaqCache,
} from './faq.service.js';
import {
  FaqHistoryPage,
  FaqPage,
  FaqQuestionFormPage,
  removeQuestion,
  renderAnonymousFaqPage,
  restoreVersion,
  StaffFaqPage,
  type MoveRefusal,
  type QuestionForm,
} from './faq.views.js';

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

const notices = defineNotices({
  'faq-added': 'The question is added.',
  'faq-saved': 'Your changes are saved and published.',
  'faq-removed': 'The question is removed.',
  'faq-restored': 'The earlier text is restored and published.',
});

export function faqRoutes(deps: CoreDeps & { faqCache: FaqCache }): FastifyPluginAsyncZod {
  const { faqCache } = deps;
  const db = deps.db.kysely;

  return async (app) => {
    app.get('/faq', { config: { access: ['anyone'] }, schema: { hide: true } }, async (request, reply) => {
      if (request.actor) {
        const faq = await faqCache.get();
        const canEdit = canEditFaq(request.actor);
        return reply.page((ctx) => <FaqPage ctx={ctx} faq={faq} canEdit={canEdit} />);
      }
      // Anonymous visitors all see the same bytes, so that page is rendered (and compressed) once per FAQ version.
      const page = await faqCache.derive(
        'page:anonymous',
        (faq) => new CachedBody(renderAnonymousFaqPage(deps.config.programName, faq), HTML),
      );
      return page.send(request, reply);
    });

    app.get(
      '/api/v1/faq',
      {
        config: { access: ['anyone'] },
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
        config: { access: ['staff'] },
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
        config: { access: ['staff'] },
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
        config: { access: ['staff'] },
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
        config: { access: ['staff'] },
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

    app.post(
      '/api/v1/faq/history/:id/restore',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['FAQ'],
          summary: 'Restore the text a change replaced, as a change of its own (staff)',
          params: changeParamsSchema,
          response: { 200: faqQuestionSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => restoreFaqQuestion(deps, { actor: request.actor, changeId: request.params.id }),
    );

    // Staff screens. Each calls the same domain function as the API, which checks that the actor is staff.

    async function editorPage(actor: Actor | null, refusal?: MoveRefusal) {
      const faq = await getFaqForEditing(faqCache, { actor });
      return (ctx: PageContext) => <StaffFaqPage ctx={ctx} faq={faq} refusal={refusal} />;
    }

    app.get('/staff/faq', { config: { access: ['staff'] }, schema: { hide: true } }, async (request, reply) =>
      reply.page(await editorPage(request.actor)),
    );

    app.get(
      '/staff/faq/history',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(faqHistoryQuerySchema, request.query);
        const page = await listFaqChanges(db, { actor: request.actor, query });
        return reply.page((ctx) => <FaqHistoryPage ctx={ctx} page={page} anchor={query.anchor} />);
      },
    );

    /** The question form, with the sections to choose from (read with the actor's rights). */
    async function questionPage(
      actor: Actor | null,
      props: { mode: 'new' | 'edit'; anchor?: string; form: QuestionForm; preview?: boolean },
    ) {
      const sections = await listFaqSections(db, { actor });
      return (ctx: PageContext) => <FaqQuestionFormPage ctx={ctx} sections={sections} {...props} />;
    }

    app.get(
      '/staff/faq/new',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const sections = await listFaqSections(db, { actor: request.actor });
        const form: QuestionForm = formState({ sectionId: sections[0]?.id });
        return reply.page((ctx) => (
          <FaqQuestionFormPage ctx={ctx} mode="new" form={form} sections={sections} />
        ));
      },
    );

    app.post(
      '/staff/faq/new',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        if (isPreview(request.body)) {
          const form: QuestionForm = { values: formValues(request), errors: [] };
          return reply.page(await questionPage(request.actor, { mode: 'new', form, preview: true }));
        }
        return submitForm(request, reply, {
          run: (input) => createFaqQuestion(deps, { actor: request.actor, input }),
          done: (created) => notices.redirect(reply, `/faq#${created.anchor}`, 'faq-added'),
          again: async (form, ctx) => (await questionPage(request.actor, { mode: 'new', form }))(ctx),
        });
      },
    );

    app.get(
      '/staff/faq/:anchor/edit',
      { config: { access: ['staff'] }, schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const question = await getFaqQuestionForEditing(db, {
          actor: request.actor,
          anchor: request.params.anchor,
        });
        const form: QuestionForm = formState({
          sectionId: question.sectionId,
          question: question.question,
          answerMarkdown: question.answerMarkdown,
        });
        return reply.page(await questionPage(request.actor, { mode: 'edit', anchor: question.anchor, form }));
      },
    );

    app.post(
      '/staff/faq/:anchor/edit',
      { config: { access: ['staff'] }, schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const { anchor } = request.params;
        if (isPreview(request.body)) {
          // Reading the question first keeps a preview to staff, and to questions that exist.
          await getFaqQuestionForEditing(db, { actor: request.actor, anchor });
          const form: QuestionForm = { values: formValues(request), errors: [] };
          return reply.page(await questionPage(request.actor, { mode: 'edit', anchor, form, preview: true }));
        }
        return submitForm(request, reply, {
          run: (input) => updateFaqQuestion(deps, { actor: request.actor, anchor, input }),
          done: () => notices.redirect(reply, `/faq#${anchor}`, 'faq-saved'),
          again: async (form, ctx) =>
            (await questionPage(request.actor, { mode: 'edit', anchor, form }))(ctx),
        });
      },
    );

    app.post(
      '/staff/faq/:anchor/move',
      { config: { access: ['staff'] }, schema: { hide: true, params: anchorParamsSchema } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) =>
            moveFaqQuestion(deps, { actor: request.actor, anchor: request.params.anchor, input }),
          done: () => reply.redirect(`/staff/faq#edit-${request.params.anchor}`, 303),
          again: async (form, ctx) => (await editorPage(request.actor, form))(ctx),
          page: '/staff/faq',
        }),
    );

    app.post(
      '/staff/faq/:anchor/remove',
      { config: { access: ['staff'] }, schema: { hide: true, params: anchorParamsSchema } },
      async (request, reply) => {
        const question = await getFaqQuestionForEditing(db, {
          actor: request.actor,
          anchor: request.params.anchor,
        });
        return confirmFirst(
          request,
          reply,
          { confirmation: removeQuestion(question), cancelHref: '/staff/faq' },
          async () => {
            await deleteFaqQuestion(deps, { actor: request.actor, anchor: question.anchor });
            return notices.redirect(reply, '/staff/faq', 'faq-removed');
          },
        );
      },
    );

    app.post(
      '/staff/faq/history/:id/restore',
      { config: { access: ['staff'] }, schema: { hide: true, params: changeParamsSchema } },
      async (request, reply) => {
        const { change, question } = await getRestorableChange(db, {
          actor: request.actor,
          changeId: request.params.id,
        });
        const history = `/staff/faq/history?anchor=${question.anchor}`;
        return confirmFirst(
          request,
          reply,
          { confirmation: restoreVersion(change), cancelHref: history },
          async () => {
            await restoreFaqQuestion(deps, { actor: request.actor, changeId: change.id });
            return notices.redirect(reply, history, 'faq-restored');
          },
        );
      },
    );
  };
}
