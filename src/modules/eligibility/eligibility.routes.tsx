import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import type { RegionIndex } from '../regions/regions.service.js';
import { AppError } from '../../platform/errors.js';
import type { InquiryLimit } from '../../platform/inquiry-limit.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import {
  connectInputSchema,
  connectResponseSchema,
  eligibilityInputSchema,
  eligibilityResultSchema,
} from './eligibility.schemas.js';
import { checkEligibility, connectWithPartner } from './eligibility.service.js';
import {
  ApplyPage,
  ConnectPage,
  type ConnectFormValues,
  type EligibilityFormValues,
} from './eligibility.views.js';

/** Query strings may repeat a key; the page reads the first value of each. */
function queryStrings(query: unknown): Record<string, string> {
  if (typeof query !== 'object' || query === null) return {};
  return Object.fromEntries(
    Object.entries(query as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '',
    ]),
  );
}

/** Errors a person can fix on the form itself; anything else goes to the error page. */
function isFormError(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    (error.code === 'INVALID_INPUT' ||
      error.code === 'PROGRAM_YEAR_NOT_FOUND' ||
      error.code === 'RATE_LIMITED')
  );
}

/** `inquiryLimit` is the budget shared with the contact form: "connect me" files an inquiry too. */
export function eligibilityRoutes(
  deps: CoreDeps & { regionIndex: RegionIndex },
  inquiryLimit: InquiryLimit,
): FastifyPluginAsyncZod {
  const { config } = deps;

  return async (app) => {
    const submissionLimit = { onRequest: inquiryLimit };

    // The check is a GET form: it changes nothing, and its result can be bookmarked or shared.
    app.get('/apply', { schema: { hide: true } }, async (request, reply) => {
      const query = queryStrings(request.query);
      const values: EligibilityFormValues = {
        country: query.country ?? '',
        state: query.state ?? '',
        regions: query.regions ?? '',
        programYear: query.programYear ?? '',
      };
      const sender = { name: request.actor?.name ?? '', email: request.actor?.email ?? '' };
      const ctx = pageContext(config, request, reply);
      if (query.country === undefined) {
        return sendHtml(reply, renderPage(<ApplyPage ctx={ctx} values={values} sender={sender} />));
      }
      try {
        const result = await checkEligibility(deps, { input: values });
        return sendHtml(
          reply,
          renderPage(<ApplyPage ctx={ctx} values={values} result={result} sender={sender} />),
        );
      } catch (error) {
        if (!isFormError(error)) throw error;
        const errors =
          error.code === 'PROGRAM_YEAR_NOT_FOUND'
            ? [{ path: 'programYear', message: error.message }]
            : error.fieldErrors;
        return sendHtml(
          reply,
          renderPage(<ApplyPage ctx={ctx} values={values} sender={sender} errors={errors} />),
          error.status,
        );
      }
    });

    app.post('/apply/connect', { schema: { hide: true }, ...submissionLimit }, async (request, reply) => {
      const form = formBody(request);
      const values: ConnectFormValues = {
        partnerId: form.partnerId ?? '',
        region: form.region ?? '',
        programYear: form.programYear ?? '',
        name: form.name ?? '',
        email: form.email ?? '',
        message: form.message ?? '',
      };
      try {
        await connectWithPartner(deps, { input: values });
        return redirectWithNotice(reply, '/apply', 'eligibility-connected');
      } catch (error) {
        if (!isFormError(error)) throw error;
        return sendConnectPage(request, reply, values, error);
      }
    });

    function sendConnectPage(
      request: FastifyRequest,
      reply: FastifyReply,
      values: ConnectFormValues,
      error: AppError,
    ) {
      const ctx = pageContext(config, request, reply);
      const message = error.fieldErrors.length === 0 ? error.message : undefined;
      return sendHtml(
        reply,
        renderPage(<ConnectPage ctx={ctx} values={values} errors={error.fieldErrors} message={message} />),
        error.status,
      );
    }

    app.post(
      '/api/v1/partner-applications/eligibility',
      {
        schema: {
          tags: ['Partner applications'],
          summary: 'Check whether an organization may apply for the regions it proposes (anyone)',
          description:
            'Refused outside the United States (`outside_us`, the FAQ’s answer). A proposed region is served ' +
            'when a partner of the year holds it, a unit containing it (a ZIP’s county or state, a county’s ' +
            'state) or a unit inside it (a county or ZIP of a state, a ZIP of a county): each such partner is ' +
            'named (`region_served`). A region that cannot be read is `unknown_region`, not an error.',
          body: eligibilityInputSchema,
          response: { 200: eligibilityResultSchema, ...problemResponses(400, 404) },
        },
      },
      (request) => checkEligibility(deps, { input: request.body }),
    );

    app.post(
      '/api/v1/partner-applications/eligibility/connect',
      {
        schema: {
          tags: ['Partner applications'],
          summary: 'Write to the partner serving a proposed region (anyone): an inquiry in its inbox',
          body: connectInputSchema,
          response: { 201: connectResponseSchema, ...problemResponses(400, 404, 429) },
        },
        ...submissionLimit,
      },
      async (request, reply) =>
        reply.status(201).send(await connectWithPartner(deps, { input: request.body })),
    );
  };
}
