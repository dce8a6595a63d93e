import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSV_MAX_BYTES } from '../../platform/csv.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { requireImporter } from './imports.service.js';

/** A CSV file as the multipart parser received it; only the parser creates these. */
class CsvUpload {
  constructor(
    readonly data: Buffer,
    /** Cut off at the limit: the file was larger. */
    readonly truncated: boolean,
  ) {}
}

/**
 * Lets the routes of this scope take a form with one file (multipart/form-data) besides the usual forms. Fields
 * arrive as strings, so the CSRF check reads `_csrf` as on any form; the file arrives as a CsvUpload.
 */
export async function acceptCsvUploads(app: FastifyInstance): Promise<void> {
  // Only staff import: the others are refused (by the domain's own rule) before their file is buffered.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.isMultipart()) requireImporter(request.actor);
  });
  // The parser throws plain errors, without a status, for a body it cannot read: the sender is at fault.
  app.setErrorHandler((error, request) => {
    const parserError =
      request.isMultipart() &&
      !(error instanceof AppError) &&
      (error as { statusCode?: unknown }).statusCode === undefined;
    throw parserError
      ? invalidInput(
          [],
          'The upload arrived incomplete or malformed. Choose the file and send the form again.',
        )
      : error;
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    // A pasted file is a field: it may be as large as a chosen one.
    limits: { files: 1, fileSize: CSV_MAX_BYTES, fields: 5, fieldSize: CSV_MAX_BYTES + 1024, parts: 6 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      // A form whose file input was left empty still sends an empty part without a file name: no file.
      const chosen = ((part.filename as string | undefined) ?? '') !== '' || data.length > 0;
      (part as MultipartFile & { value: unknown }).value = chosen
        ? new CsvUpload(data, part.file.truncated)
        : null;
    },
  });
}

/**
 * The text of the file the form chose, if it chose one; a file that is too large or not UTF-8 is refused on
 * its field, as the CLI refuses it.
 */
export function uploadedCsv(request: FastifyRequest): string | undefined {
  const file = (request.body as Record<string, unknown> | undefined)?.file;
  if (!(file instanceof CsvUpload)) return undefined;
  if (file.truncated) throw fileRefused(`Choose a file of at most ${CSV_MAX_BYTES / (1024 * 1024)} MB.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.data);
  } catch {
    // Names with accents would otherwise be imported mangled (Excel's plain "CSV" is Windows-1252, for one).
    throw fileRefused('The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again.');
  }
}

function fileRefused(message: string): AppError {
  return invalidInput([{ path: 'file', message }], 'The file cannot be read.');
}
