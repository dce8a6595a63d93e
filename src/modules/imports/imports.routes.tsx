import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { CSV_MAX_BYTES } from '../../platform/csv.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, type PageContext } from '../../platform/ui/index.js';
import { importDoneQuerySchema, importRequestSchema, importResultSchema } from './imports.schemas.js';
import {
  describeImport,
  importFile,
  importOverview,
  importPartners,
  importRegions,
} from './imports.service.js';
import { acceptCsvUploads, uploadedCsv } from './imports.upload.js';
import { ImportPage, ImportPreviewPage, type ImportForm } from './imports.views.js';

const notices = defineNotices({ 'import-done': 'The import is saved.' });

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
  const db = deps.db.kysely;
  return async (app) => {
    app.post(
      '/api/v1/imports/partners',
      {
        config: { access: ['staff'] },
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
        config: { access: ['staff'] },
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

    // Staff screens: choose or paste a file, see what it would change, commit the same file. They call the same
    // domain function as the API, which checks that the actor is staff.

    app.get(
      '/staff/imports',
      { config: { access: ['staff'] }, schema: { hide: true, querystring: importDoneQuerySchema } },
      async (request, reply) => {
        const { currentYear } = await importOverview(db, { actor: request.actor });
        const form: ImportForm = formState({ kind: request.query.kind ?? 'partners', csv: '' });
        return reply.page((ctx) => (
          <ImportPage ctx={ctx} form={form} currentYear={currentYear} done={summaryOf(request.query)} />
        ));
      },
    );

    /** The import page again, with what was sent and why it was refused. */
    async function refusedPage(request: FastifyRequest, form: ImportForm, ctx: PageContext) {
      const { currentYear } = await importOverview(db, { actor: request.actor });
      return <ImportPage ctx={ctx} form={form} currentYear={currentYear} />;
    }

    // The preview takes a chosen file too, in a scope of its own: no other route here accepts multipart bodies.
    await app.register(async (uploads) => {
      await acceptCsvUploads(uploads);
      uploads.post(
        '/staff/imports/preview',
        { config: { access: ['staff'] }, bodyLimit: IMPORT_BODY_LIMIT, schema: { hide: true } },
        (request, reply) => {
          // What the form sent as the file: a chosen file's text, else what was pasted.
          let csv = '';
          return submitForm(request, reply, {
            run: (input) => {
              csv = uploadedCsv(request) ?? (typeof input.csv === 'string' ? input.csv : '');
              return importFile({ deps, actor: request.actor, input: { ...input, csv, dryRun: true } });
            },
            done: (result) => reply.page((ctx) => <ImportPreviewPage ctx={ctx} csv={csv} result={result} />),
            again: (form, ctx) => refusedPage(request, { ...form, values: { ...form.values, csv } }, ctx),
            page: '/staff/imports',
          });
        },
      );
    });

    app.post(
      '/staff/imports/commit',
      { config: { access: ['staff'] }, bodyLimit: IMPORT_BODY_LIMIT, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          // The file is checked again: the database may have changed since the preview.
          run: (input) => importFile({ deps, actor: request.actor, input: { ...input, dryRun: false } }),
          done: (result) => {
            const counts = new URLSearchParams({
              kind: result.kind,
              created: String(result.created),
              updated: String(result.updated),
              unchanged: String(result.unchanged),
            });
            return notices.redirect(reply, `/staff/imports?${counts.toString()}`, 'import-done');
          },
          again: (form, ctx) => refusedPage(request, form, ctx),
          page: '/staff/imports',
        }),
    );
  };
}

/** The counts a commit redirected with, as a sentence; the address carries only numbers, never words. */
function summaryOf(query: z.infer<typeof importDoneQuerySchema>): string | undefined {
  const { kind, created, updated = 0, unchanged } = query;
  if (kind === undefined || created === undefined || unchanged === undefined) return undefined;
  return describeImport({ kind, created, updated, unchanged });
}
