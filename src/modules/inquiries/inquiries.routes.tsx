import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app-deps.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { InquiryLimit } from '../../platform/inquiry-limit.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
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
  getInquiry,
  listInboxPartners,
  listInquiries,
  listRerouteTargets,
  reopenInquiry,
  replyToInquiry,
  rerouteInquiry,
  SENDER_HOURLY_LIMIT,
  submitInquiry,
} from './inquiries.service.js';
import { ContactPage, InboxPage, InquiryPage, type ContactFormValues } from './inquiries.views.js';

/** `inquiryLimit` is the per-address budget shared by every way of filing an inquiry. */
export function inquiryRoutes(deps: AppDeps, inquiryLimit: InquiryLimit): FastifyPluginAsyncZod {
  const { config } = deps;
  const db = deps.db.kysely;

  return async (app) => {
    // The per-sender-address limit is counted in the database by the domain, so that it holds across processes.
    const submissionLimit = { onRequest: inquiryLimit };

    app.get('/contact', { schema: { hide: true } }, (request, reply) => {
      const query = contactQuerySchema.parse(request.query ?? {});
      const values: ContactFormValues = {
        name: request.actor?.name ?? '',
        email: request.actor?.email ?? '',
        role: '',
        zip: query.zip ?? '',
        state: query.state ?? '',
        message: '',
      };
      return sendContactPage(request, reply, { values });
    });

    app.post('/contact', { schema: { hide: true }, ...submissionLimit }, async (request, reply) => {
      const form = formBody(request);
      const values: ContactFormValues = {
        name: form.name ?? '',
        email: form.email ?? '',
        role: form.role ?? '',
        zip: form.zip ?? '',
        state: form.state ?? '',
        message: form.message ?? '',
      };
      try {
        await submitInquiry(deps, { input: { ...values, website: form.website } });
        return redirectWithNotice(reply, '/contact', 'inquiry-sent');
      } catch (error) {
        if (!(error instanceof AppError && (error.code === 'INVALID_INPUT' || error.code === 'RATE_LIMITED')))
          throw error;
        const message = error.fieldErrors.length === 0 ? error.message : undefined;
        return sendContactPage(request, reply, { values, errors: error.fieldErrors, message }, error.status);
      }
    });

    function sendContactPage(
      request: FastifyRequest,
      reply: FastifyReply,
      props: { values: ContactFormValues; errors?: FieldError[]; message?: string | undefined },
      status = 200,
    ) {
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(<ContactPage ctx={ctx} programContactEmail={config.programContactEmail} {...props} />),
        status,
      );
    }

    app.post(
      '/api/v1/inquiries',
      {
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
        schema: {
          tags: ['Inquiries'],
          summary: 'Inquiries, newest first (staff: all; program managers: their partners’)',
          querystring: inboxQuerySchema,
          response: { 200: inquiryListSchema, ...problemResponses(400, 401, 403) },
        },
      },
      (request) => listInquiries(db, { actor: request.actor, query: request.query }),
    );

    app.get(
      '/api/v1/inquiries/:id',
      {
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

    app.get('/inbox', { schema: { hide: true } }, async (request, reply) => {
      const query = inboxQuerySchema.catch({ status: 'open' }).parse(request.query ?? {});
      const { inquiries, truncated } = await listInquiries(db, { actor: request.actor, query });
      const partners = await listInboxPartners(db, { actor: request.actor });
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <InboxPage
            ctx={ctx}
            query={query}
            inquiries={inquiries}
            truncated={truncated}
            partners={partners}
          />,
        ),
      );
    });

    async function sendInquiryPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: { reply?: string; errors?: FieldError[] } = {},
      status = 200,
    ) {
      const inquiry = await getInquiry(db, { actor: request.actor, id });
      const rerouteTargets = await listRerouteTargets(db, { actor: request.actor, id });
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(<InquiryPage ctx={ctx} inquiry={inquiry} rerouteTargets={rerouteTargets} {...extra} />),
        status,
      );
    }

    app.get('/inbox/:id', { schema: { hide: true, params: inquiryIdParamsSchema } }, (request, reply) =>
      sendInquiryPage(request, reply, request.params.id),
    );

    app.post(
      '/inbox/:id/reply',
      { schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => {
        const { id } = request.params;
        const form = formBody(request);
        try {
          await replyToInquiry(deps, { actor: request.actor, id, input: form });
          return redirectWithNotice(reply, `/inbox/${id}`, 'inquiry-replied');
        } catch (error) {
          if (!isInvalidInput(error)) throw error;
          return sendInquiryPage(request, reply, id, { reply: form.body, errors: error.fieldErrors }, 400);
        }
      },
    );

    app.post(
      '/inbox/:id/close',
      { schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => {
        await closeInquiry(deps, { actor: request.actor, id: request.params.id });
        return redirectWithNotice(reply, `/inbox/${request.params.id}`, 'inquiry-closed');
      },
    );

    app.post(
      '/inbox/:id/reopen',
      { schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => {
        await reopenInquiry(deps, { actor: request.actor, id: request.params.id });
        return redirectWithNotice(reply, `/inbox/${request.params.id}`, 'inquiry-reopened');
      },
    );

    app.post(
      '/inbox/:id/reroute',
      { schema: { hide: true, params: inquiryIdParamsSchema } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          await rerouteInquiry(deps, { actor: request.actor, id, input: formBody(request) });
          return redirectWithNotice(reply, `/inbox/${id}`, 'inquiry-rerouted');
        } catch (error) {
          if (!isInvalidInput(error)) throw error;
          return sendInquiryPage(request, reply, id, { errors: error.fieldErrors }, 400);
        }
      },
    );
  };
}

function isInvalidInput(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'INVALID_INPUT';
}
