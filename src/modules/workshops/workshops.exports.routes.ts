import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { exportAttendance, exportRoster, type CsvExport } from './workshops.exports.service.js';

const workshopParams = z.object({ id: z.string().max(100) });

const CSV_RESPONSES = {
  200: z.string().describe('CSV (text/csv, UTF-8 with a byte-order mark, CRLF line endings)'),
  404: z.string().describe('Not found (an HTML page)'),
};

/**
 * Streams a CSV file that Excel opens as it is: the UTF-8 byte-order mark first (without it Excel reads
 * "Zoë" as "ZoÃ«"), CRLF line endings, a header row, and a cell that starts like a formula (= + - @, a tab or
 * a carriage return) led by an apostrophe, so that a name like =HYPERLINK(…) is shown, never run.
 */
export function sendCsv(reply: FastifyReply, file: CsvExport) {
  const csv = stringify({
    bom: true,
    header: true,
    columns: file.columns,
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
  Readable.from(file.records).pipe(csv);
  return reply
    .type('text/csv; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(csv);
}

export function exportRoutes(deps: Pick<CoreDeps, 'db' | 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/workshops/:id/roster.csv',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Enrollments'],
          summary: 'A workshop’s roster as a spreadsheet (its organizers and staff)',
          description:
            'Queue number, name, email, role, school, status, waitlist position and the time of sign-up, in the order people came.',
          params: workshopParams,
          produces: ['text/csv'],
          response: CSV_RESPONSES,
        },
      },
      async (request, reply) =>
        sendCsv(reply, await exportRoster(deps, { actor: request.actor, workshopId: request.params.id })),
    );

    app.get(
      '/workshops/:id/attendance.csv',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Enrollments'],
          summary: 'A workshop’s attendance as a spreadsheet (its organizers and staff)',
          description:
            'One row per person with a seat, a column per session (labelled by its local date and time): present, absent, or blank while unmarked; then the minutes attended.',
          params: workshopParams,
          produces: ['text/csv'],
          response: CSV_RESPONSES,
        },
      },
      async (request, reply) =>
        sendCsv(reply, await exportAttendance(deps, { actor: request.actor, workshopId: request.params.id })),
    );
  };
}
