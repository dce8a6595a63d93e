import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { CSV_MAX_BYTES } from '../../platform/csv.js';
import { AppError } from '../../platform/errors.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import { importDoneQuerySchema, importRequestSchema, importResultSchema } from './imports.schemas.js';
import {
  describeImport,
  importFile,
  importPartners,
  importRegions,
  requireImporter,
} from './imports.service.js';
import { ImportPage, ImportPreviewPage, type ImportFormValues } from './imports.views.js';

/**
 * A file of up to 2 MB arrives escaped: up to three times larger URL-encoded in a form, twice in JSON. The
 * parser then refuses anything over 2 MB with a message, instead of the server's bare 413.
 */
const IMPORT_BODY_LIMIT = 3 * CSV_MAX_BYTES + 64 * 1024;

const apiResponses = { 200: importResultSchema, ...problemResponses(400, 401, 403, 413, 422) };
const apiDescription =
  'All or nothing: a file with any problem writes nothing, and the 422 response lists every problem with its ' +
  'line (`errors: [{ path: "line 3", message }]`). With `dryRun`, the file is checked and the changes it ' +
  'would make are reported, without writing. Importing the same file again changes nothing.';

export function importRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/imports/partners',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['Imports'],
          summary: 'Add partners or update their contact from CSV (staff)',
          description: `CSV header: \`name,contact_name,contact_email,program_year\`. ${apiDescription}`,
          body: importRequestSchema,
          response: apiResponses,
        },
      },
      (request) => importPartners({ deps, actor: request.actor, input: request.body }),
    );

    app.post(
      '/api/v1/imports/regions',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['Imports'],
          summary: 'Assign regions to partners from CSV (staff)',
          description: `CSV header: \`partner,program_year,region\`, where region is a state (WA), a county (WA:King) or a ZIP code (98101). ${apiDescription}`,
          body: importRequestSchema,
          response: apiResponses,
        },
      },
      (request) => importRegions({ deps, actor: request.actor, input: request.body }),
    );

    // Staff screens: paste a file, see what it would change, commit the same file. They call the same domain
    // function as the API, which checks that the actor is staff.

    app.get(
      '/staff/imports',
      { schema: { hide: true, querystring: importDoneQuerySchema } },
      (request, reply) => {
        requireImporter(request.actor);
        const ctx = pageContext(deps.config, request, reply);
        const values = { kind: request.query.kind ?? 'partners', csv: '' };
        return sendHtml(
          reply,
          renderPage(<ImportPage ctx={ctx} values={values} done={summaryOf(request.query)} />),
        );
      },
    );

    app.post(
      '/staff/imports/preview',
      { bodyLimit: IMPORT_BODY_LIMIT, schema: { hide: true } },
      async (request, reply) => {
        const values = formValues(request);
        const ctx = pageContext(deps.config, request, reply);
        try {
          const result = await importFile({ deps, actor: request.actor, input: { ...values, dryRun: true } });
          return sendHtml(reply, renderPage(<ImportPreviewPage ctx={ctx} values={values} result={result} />));
        } catch (error) {
          if (!isFormError(error)) throw error;
          return sendHtml(
            reply,
            renderPage(
              <ImportPage ctx={ctx} values={values} errors={error.fieldErrors} message={error.message} />,
            ),
            error.status,
          );
        }
      },
    );

    app.post(
      '/staff/imports/commit',
      { bodyLimit: IMPORT_BODY_LIMIT, schema: { hide: true } },
      async (request, reply) => {
        const values = formValues(request);
        try {
          // The file is checked again: the database may have changed since the preview.
          const result = await importFile({
            deps,
            actor: request.actor,
            input: { ...values, dryRun: false },
          });
          const counts = new URLSearchParams({
            kind: result.kind,
            created: String(result.created),
            updated: String(result.updated),
            unchanged: String(result.unchanged),
          });
          return redirectWithNotice(reply, `/staff/imports?${counts.toString()}`, 'import-done');
        } catch (error) {
          if (!isFormError(error)) throw error;
          const ctx = pageContext(deps.config, request, reply);
          return sendHtml(
            reply,
            renderPage(
              <ImportPage ctx={ctx} values={values} errors={error.fieldErrors} message={error.message} />,
            ),
            error.status,
          );
        }
      },
    );
  };
}

function formValues(request: FastifyRequest): ImportFormValues {
  const form = formBody(request);
  return { kind: form.kind ?? '', csv: form.csv ?? '' };
}

/** The counts a commit redirected with, as a sentence; the address carries only numbers, never words. */
function summaryOf(query: z.infer<typeof importDoneQuerySchema>): string | undefined {
  const { kind, created, updated = 0, unchanged } = query;
  if (kind === undefined || created === undefined || unchanged === undefined) return undefined;
  return describeImport({ kind, created, updated, unchanged });
}

/** Problems a person fixes in the file or the form; anything else goes to the error page. */
function isFormError(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === 'IMPORT_INVALID' || error.code === 'INVALID_INPUT');
}
