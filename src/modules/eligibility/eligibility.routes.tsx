import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { isFormError } from '../../platform/errors.js';
import { formValues, valueOf, type FormValues } from '../../platform/form-values.js';
import { submitForm } from '../../platform/forms.js';
import type { InquiryLimit } from '../../platform/inquiry-limit.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import type { FormState } from '../../platform/ui/index.js';
import type { RegionIndex } from '../regions/regions.service.js';
import {
  connectInputSchema,
  connectResponseSchema,
  eligibilityInputSchema,
  eligibilityResultSchema,
} from './eligibility.schemas.js';
import { checkEligibility, connectWithPartner, findConnection } from './eligibility.service.js';
import {
  ApplyPage,
  ConnectPage,
  connectDefaults,
  connectHref,
  type EligibilityForm,
} from './eligibility.views.js';

const notices = defineNotices({
  'eligibility-connected':
    'Thank you: your message is sent to the Regional Partner. We have emailed you a confirmation.',
});

/** `inquiryLimit` is the budget shared with the contact form: "connect me" files an inquiry too. */
export function eligibilityRoutes(
  deps: CoreDeps & { regionIndex: RegionIndex },
  inquiryLimit: InquiryLimit,
): FastifyPluginAsyncZod {
  return async (app) => {
    const submissionLimit = { onRequest: inquiryLimit };

    // The check is a GET form: it changes nothing, and its answer can be bookmarked or shared. A refused
    // check shows the form again with each message beside its field, as the form path does for a post.
    app.get('/apply', { config: { access: ['anyone'] }, schema: { hide: true } }, async (request, reply) => {
      // The query as the browser sent it: strings, or lists for repeated names.
      const query = (request.query ?? {}) as FormValues;
      const sender = { name: request.actor?.name ?? '', email: request.actor?.email ?? '' };
      let form: EligibilityForm = { values: query, errors: [] };
      if (query.country === undefined)
        return reply.page((ctx) => <ApplyPage ctx={ctx} form={form} sender={sender} />);
      try {
        const result = await checkEligibility(deps, { input: query });
        return reply.page((ctx) => <ApplyPage ctx={ctx} form={form} result={result} sender={sender} />);
      } catch (error) {
        if (!isFormError(error)) throw error;
        form = { values: query, errors: error.fieldErrors, message: error.message };
        return reply.page((ctx) => <ApplyPage ctx={ctx} form={form} sender={sender} />, {
          status: error.status,
        });
      }
    });

    /** Where a result naming several partners sends the person: the form for one of them. */
    app.get(
      '/apply/connect',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      async (request, reply) => {
        const connection = await findConnection(deps, { query: request.query });
        const form = connectDefaults(connection, {
          name: request.actor?.name ?? '',
          email: request.actor?.email ?? '',
        });
        return reply.page((ctx) => <ConnectPage ctx={ctx} form={form} connection={connection} />);
      },
    );

    app.post(
      '/apply/connect',
      { config: { access: ['anyone'] }, schema: { hide: true }, ...submissionLimit },
      (request, reply) => {
        const sent = formValues(request);
        const page = connectHref(
          valueOf(sent, 'region'),
          valueOf(sent, 'partnerId'),
          valueOf(sent, 'programYear'),
        );
        return submitForm(request, reply, {
          run: (input) => connectWithPartner(deps, { input }),
          done: () => notices.redirect(reply, '/apply', 'eligibility-connected'),
          again: async (form: FormState, ctx) => {
            // Refused about what was typed, the form comes back. When the partner does not serve the region there
            // is no form to write in: the page says why, and lists the rest without links to fields it lacks.
            try {
              const connection = await findConnection(deps, { query: form.values });
              return <ConnectPage ctx={ctx} form={form} connection={connection} />;
            } catch (error) {
              if (!isFormError(error)) throw error;
              const refusal = {
                values: form.values,
                errors: form.errors.map((fieldError) => ({ ...fieldError, path: '' })),
                message: error.message,
              };
              return <ConnectPage ctx={ctx} form={refusal} connection={null} />;
            }
          },
          page,
        });
      },
    );

    app.post(
      '/api/v1/partner-applications/eligibility',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Partner applications'],
          summary: 'Check whether an organization may apply for the regions it proposes (anyone)',
          description:
            'Refused outside the United States (`outside_us`, the FAQ’s answer), whatever state or province ' +
            'is given. A proposed region is served when a partner of the year holds it, a unit containing it ' +
            '(a ZIP’s county or state, a county’s state) or a unit inside it (a county or ZIP of a state, a ZIP ' +
            'of a county): each such partner is named (`region_served`). `regions` answers each proposed ' +
            'region, open or served and by whom, in words. A region that cannot be read is a 400 on `regions`.',
          body: eligibilityInputSchema,
          response: { 200: eligibilityResultSchema, ...problemResponses(400, 404) },
        },
      },
      (request) => checkEligibility(deps, { input: request.body }),
    );

    app.post(
      '/api/v1/partner-applications/eligibility/connect',
      {
        config: { access: ['anyone'] },
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
