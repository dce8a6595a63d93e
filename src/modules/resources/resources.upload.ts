import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireStaff } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';

/** The largest document staff may upload; the bytes live in the database, so keep this modest. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

interface FileType {
  /** What the download is served as, whatever the uploading browser declared. */
  contentType: string;
  /** Types browsers and operating systems declare for such a file. */
  declared: readonly string[];
  /** The first bytes every such file starts with (text files: none). */
  signature?: Buffer;
}

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const OFFICE_XML = 'application/vnd.openxmlformats-officedocument';

/** By lower-case extension. */
export const ALLOWED_FILE_TYPES: Record<string, FileType> = {
  pdf: { contentType: 'application/pdf', declared: ['application/pdf'], signature: Buffer.from('%PDF-') },
  docx: {
    contentType: `${OFFICE_XML}.wordprocessingml.document`,
    declared: [`${OFFICE_XML}.wordprocessingml.document`],
    signature: ZIP,
  },
  xlsx: {
    contentType: `${OFFICE_XML}.spreadsheetml.sheet`,
    declared: [`${OFFICE_XML}.spreadsheetml.sheet`],
    signature: ZIP,
  },
  pptx: {
    contentType: `${OFFICE_XML}.presentationml.presentation`,
    declared: [`${OFFICE_XML}.presentationml.presentation`],
    signature: ZIP,
  },
  odt: {
    contentType: 'application/vnd.oasis.opendocument.text',
    declared: ['application/vnd.oasis.opendocument.text'],
    signature: ZIP,
  },
  txt: { contentType: 'text/plain', declared: ['text/plain'] },
  // Windows browsers declare CSV files as Excel's type.
  csv: { contentType: 'text/csv', declared: ['text/csv', 'application/vnd.ms-excel', 'text/plain'] },
  png: {
    contentType: 'image/png',
    declared: ['image/png'],
    signature: Buffer.from('89504e470d0a1a0a', 'hex'),
  },
  jpg: {
    contentType: 'image/jpeg',
    declared: ['image/jpeg', 'image/pjpeg'],
    signature: Buffer.from('ffd8ff', 'hex'),
  },
  jpeg: {
    contentType: 'image/jpeg',
    declared: ['image/jpeg', 'image/pjpeg'],
    signature: Buffer.from('ffd8ff', 'hex'),
  },
};

export const ALLOWED_FILE_LABEL =
  'PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt), text, CSV, PNG or JPEG';

/**
 * A file as the multipart parser received it. Only the parser creates these, so a JSON body cannot pass
 * something that looks like an upload.
 */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly declaredType: string,
    readonly data: Buffer,
    /** Cut off at MAX_FILE_BYTES: the file was larger. */
    readonly truncated: boolean,
  ) {}
}

/** What a valid upload is stored as. */
export interface CheckedFile {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/** The checked file, or the message for the person who chose it. */
export function checkUpload(file: UploadedFile): CheckedFile | string {
  if (file.truncated) return `Choose a file smaller than ${MAX_FILE_BYTES / (1024 * 1024)} MB.`;
  if (file.data.length === 0) return 'The chosen file is empty.';
  const filename = sanitizeFilename(file.filename);
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const type = Object.hasOwn(ALLOWED_FILE_TYPES, extension) ? ALLOWED_FILE_TYPES[extension] : undefined;
  const declared = file.declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!type || !type.declared.includes(declared)) {
    return `Choose a ${ALLOWED_FILE_LABEL} file.`;
  }
  const looksRight = type.signature
    ? file.data.subarray(0, type.signature.length).equals(type.signature)
    : !file.data.includes(0);
  if (!looksRight) return `The file’s content is not a .${extension} file; choose the document again.`;
  return { filename, contentType: type.contentType, size: file.data.length, content: file.data };
}

/**
 * The original name without folders, control characters or characters that mean something in a header or a
 * file system; kept readable (accents and spaces stay) and at most 200 characters.
 */
export function sanitizeFilename(name: string): string {
  // Browsers send these three characters of a file name percent-encoded in the multipart header.
  const decoded = name.replace(/%(22|0A|0D)/gi, (code) => decodeURIComponent(code));
  const base = decoded.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}"*:<>?|]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '');
  // Counted in code points, so that the cut never splits a character made of two UTF-16 units (an emoji).
  const characters = Array.from(cleaned);
  if (characters.length <= 200) return cleaned;
  const extension = /\.[A-Za-z0-9]{1,5}$/.exec(cleaned)?.[0] ?? '';
  return (
    characters
      .slice(0, 200 - extension.length)
      .join('')
      .trimEnd() + extension
  );
}

/** An attachment header that keeps a non-ASCII name (RFC 6266) with an ASCII fallback for old clients. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Lets the routes of this scope (and only these) take multipart/form-data with one file. Fields arrive as
 * strings (so the global CSRF check reads `_csrf` as on any form) and the file as an UploadedFile. A file
 * over the limit is cut off and flagged rather than failing the request, so the form can say so next to the
 * field and keep what was typed.
 */
export async function acceptUploads(app: FastifyInstance): Promise<void> {
  // Only staff upload: refuse everyone else before buffering up to MAX_FILE_BYTES of their request.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.isMultipart()) requireStaff(request.actor);
  });
  // The parser's own limit errors in words people read; every error then goes on to the portal's handler.
  app.setErrorHandler((error, request) => {
    throw readableLimitError(error) ?? malformedUploadError(error, request) ?? error;
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 20, fieldSize: 64 * 1024, parts: 21 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      // A form whose file input was left empty still sends an empty part with no file name (or filename=""):
      // no file. The name may be missing from the part altogether, whatever the types say.
      const filename = (part.filename as string | undefined) ?? '';
      const chosen = filename !== '' || data.length > 0;
      (part as MultipartFile & { value: unknown }).value = chosen
        ? new UploadedFile(filename, part.mimetype, data, part.file.truncated)
        : null;
    },
  });
}

function readableLimitError(error: unknown): AppError | undefined {
  switch ((error as { code?: unknown }).code) {
    case 'FST_FILES_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', 'Send one file at a time.');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        'The form has more fields than it should. Reload the page and try again.',
      );
    default:
      return undefined;
  }
}

/**
 * The multipart parser throws plain errors without a status for a body it cannot read (no boundary, a part cut
 * off): what the client sent is at fault, not the portal.
 */
function malformedUploadError(error: unknown, request: FastifyRequest): AppError | undefined {
  if (!request.isMultipart() || (error as { statusCode?: unknown }).statusCode !== undefined)
    return undefined;
  if (error instanceof AppError) return undefined;
  return new AppError(
    'INVALID_INPUT',
    'The upload arrived incomplete or malformed. Choose the file and send the form again.',
  );
}

/** The uploaded file of a multipart request, if one was chosen. */
export function uploadedFileOf(request: FastifyRequest): UploadedFile | undefined {
  const file = (request.body as Record<string, unknown> | undefined)?.file;
  return file instanceof UploadedFile ? file : undefined;
}
