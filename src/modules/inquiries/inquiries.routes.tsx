import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Config } from '../../config.js';
import type { InquiryLimit } from '../../platform/inquiry-limit.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, pageInfo } from '../../platform/ui/index.js';
import { parseInput } from '../../platform/validation.js';
import {
  contactQuerySchema,
  inboxQuerySchema,
  inquiryDetailSchema,
  inquiryIdParamsSchema,
  inquiryInputSchema,
  inquiryListSchema,
  replyInputSchema,
  rerouteInputSchema,
  submissionResponseSchema,
} from './inquiries.schemas.js';
import {
  closeInquiry,
  countInbox,
  getInquiry,
  listInboxPartners,
  listInquiries,
  listRerouteTargets,
  openInquiry,
  readReceipt,
  receiptPath,
  reopenInquiry,
  replyToInquiry,
  rerouteInquiry,
  SENDER_HOURLY_LIMIT,
  submitInquiry,
  type InquiryDeps,
} from './inquiries.service.js';
import {
  ContactPage,
  ContactSentPage,
  InboxPage,
  InquiryPage,
  type ContactForm,
  type ReplyForm,
  type RerouteForm,
} from './inquiries.views.js';

const notices = defineNotices({
  'inquiry-replied': 'Your reply is sent to the sender, and the inquiry is marked answered.',
  'inquiry-closed': 'The inquiry is closed. You can reopen it below.',
  'inquiry-reopened': 'The inquiry is reopened.',
  'inquiry-rerouted': 'The inquiry is passed on, and its new handler is emailed.',
});

/** `inquiryLimit` is the per-address budget shared by every way of filing an inquiry. */
export function inquiryRoutes(
  deps: InquiryDeps & { config: Config },
  inquiryLimit: InquiryLimit,
): FastifyPluginAsyncZod {
  const { config } = deps;
  const db: Kysely<Database> = deps.db.kysely;

  return async (app) => {
    // The per-sender-address limit is counted in the database by the domain, so that it holds across processes.
    const submissionLimit = { onRequest: inquiryLimit };

    app.get('/contact', { config: { access: ['anyone'] }, schema: { hide: true } }, (request, reply) => {
      const query = contactQuerySchema.parse(request.query ?? {});
      const form: ContactForm = formState({
        name: request.actor?.name ?? '',
        email: request.actor?.email ?? '',
        zip: query.zip ?? '',
        state: query.state ?? '',
      });
      return reply.page((ctx) => (
        <ContactPage ctx={ctx} form={form} programContactEmail={config.programContactEmail} />
      ));
    });

    app.post(
      '/contact',
      { config: { access: ['anyone'] }, schema: { hide: true }, ...submissionLimit },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => submitInquiry(deps, { input }),
          done: (sent) => reply.redirect(receiptPath(sent), 303),
          again: (form, ctx) => (
            <ContactPage ctx={ctx} form={form} programContactEmail={config.programContactEmail} />
          ),
        }),
    );

    app.get(
      '/contact/sent',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      async (request, reply) => {
        const receipt = await readReceipt(db, { query: request.query });
        return reply.page((ctx) => <ContactSentPage ctx={ctx} {...receipt} />);
      },
    );

    app.post(
      '/api/v1/inquiries',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'Send a question to the partner serving a ZIP code, or to program staff (anyone)',
          description:
            'Routed to the current program year’s partner serving `zip` (the finest assigned unit wins: ZIP, ' +
            'county, state), or with only `state` to a partner holding the whole state; otherwise to program ' +
            'staff. The handler and the sender are emailed. Each client address may send ' +
            `${config.inquiryRateLimit} and each sender email address ${SENDER_HOURLY_LIMIT} per hour (429).`,
          body: inquiryInputSchema,
          response: { 201: submissionResponseSchema, ...problemResponses(400, 429) },
        },
        ...submissionLimit,
      },
      async (request, reply) => reply.status(201).send(await submitInquiry(deps, { input: request.body })),
    );

    app.get(
      '/api/v1/inquiries',
      {
        config: { access: ['manager', 'staff'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'Inquiries, a page at a time (staff: all; program managers: their partners’)',
          description:
            'Newest first unless `sort` and `dir` say otherwise; `q` searches names, emails and messages.',
          querystring: inboxQuerySchema,
          response: { 200: inquiryListSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const page = await listInquiries(db, { actor: request.actor, query: request.query });
        return { inquiries: page.rows, ...pageInfo(page) };
      },
    );

    app.get(
      '/api/v1/inquiries/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'One inquiry with its history (staff, or its partner’s program managers)',
          params: inquiryIdParamsSchema,
          response: { 200: inquiryDetailSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getInquiry(db, { actor: request.actor, id: request.params.id }),
    );

    app.post(
      '/api/v1/inquiries/:id/reply',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'Reply: emailed to the sender; the inquiry becomes answered',
          params: inquiryIdParamsSchema,
          body: replyInputSchema,
          response: { 200: inquiryDetailSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) => replyToInquiry(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/inquiries/:id/close',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'Close an inquiry (reversible)',
          params: inquiryIdParamsSchema,
          response: { 200: inquiryDetailSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => closeInquiry(deps, { actor: request.actor, id: request.params.id }),
    );

    app.post(
      '/api/v1/inquiries/:id/reopen',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'Reopen a closed inquiry',
          params: inquiryIdParamsSchema,
          response: { 200: inquiryDetailSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => reopenInquiry(deps, { actor: request.actor, id: request.params.id }),
    );

    app.post(
      '/api/v1/inquiries/:id/reroute',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Inquiries'],
          summary: 'Pass an inquiry to another partner of its year, or to program staff (staff)',
          params: inquiryIdParamsSchema,
          body: rerouteInputSchema,
          response: { 200: inquiryDetailSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) => rerouteInquiry(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    // The inbox pages. Each calls the same domain function as the API, which decides who may see what.

    app.get(
      '/inbox',
      { config: { access: ['manager', 'staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(inboxQuerySchema, request.query);
        const page = await listInquiries(db, { actor: request.actor, query });
        const [counts, partners] = await Promise.all([
          countInbox(db, { actor: request.actor }),
          listInboxPartners(db, { actor: request.actor }),
        ]);
        return reply.page((ctx) => <InboxPage ctx={ctx} page={page} counts={counts} partners={partners} />);
      },
    );

    /** The inquiry's page, with its two forms as the person left them. */
    async function inquiryPage(
      actor: Parameters<typeof openInquiry>[1]['actor'],
      id: string,
      forms: { replyForm?: ReplyForm; rerouteForm?: RerouteForm } = {},
    ) {
      const [inquiry, rerouteTargets] = await Promise.all([
        openInquiry(db, { actor, id }),
        listRerouteTargets(db, { actor, id }),
      ]);
      return (ctx: Parameters<typeof InquiryPage>[0]['ctx']) => (
        <InquiryPage
          ctx={ctx}
          inquiry={inquiry}
          rerouteTargets={rerouteTargets}
          replyForm={forms.replyForm ?? formState()}
          rerouteForm={forms.rerouteForm ?? formState()}
        />
      );
    }

    app.get(
      '/inbox/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => reply.page(await inquiryPage(request.actor, request.params.id)),
    );

    app.post(
      '/inbox/:id/reply',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: inquiryIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => replyToInquiry(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/inbox/${id}`, 'inquiry-replied'),
          again: async (form, ctx) => (await inquiryPage(request.actor, id, { replyForm: form }))(ctx),
          page: `/inbox/${id}`,
        });
      },
    );

    app.post(
      '/inbox/:id/close',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => {
        await closeInquiry(deps, { actor: request.actor, id: request.params.id });
        return notices.redirect(reply, `/inbox/${request.params.id}`, 'inquiry-closed');
      },
    );

    app.post(
      '/inbox/:id/reopen',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => {
        await reopenInquiry(deps, { actor: request.actor, id: request.params.id });
        return notices.redirect(reply, `/inbox/${request.params.id}`, 'inquiry-reopened');
      },
    );

    app.post(
      '/inbox/:id/reroute',
      { config: { access: ['staff'] }, schema: { hide: true, params: inquiryIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => rerouteInquiry(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/inbox/${id}`, 'inquiry-rerouted'),
          again: async (form, ctx) => (await inquiryPage(request.actor, id, { rerouteForm: form }))(ctx),
          page: `/inbox/${id}`,
        });
      },
    );
  };
}
