import { z } from 'zod';
import { RESOURCE_AUDIENCES, type ResourceAudience } from '../../db/schema.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';
import { ALLOWED_FILE_LABEL, MAX_FILE_BYTES, UploadedFile, checkUpload } from './resources.upload.js';

export { RESOURCE_AUDIENCES, type ResourceAudience };

export const AUDIENCE_LABELS: Record<ResourceAudience, string> = {
  public: 'Everyone',
  applicants: 'Applicants (signed-in users)',
  partners: 'Partner program managers',
  facilitators: 'Facilitators',
};

/** Empty form fields arrive as '' (an empty file input as null); an optional field left empty is not given. */
const blankAsMissing = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const CHOOSE_ONE = 'Give the address of the document or choose a file to upload.';

/** The fields shared by the input and its OpenAPI description. */
const resourceFields = {
  title: z
    .string({ error: 'Enter the title of the document.' })
    .trim()
    .min(3, 'Enter the title of the document (at least 3 characters).')
    .max(200, 'Keep the title under 200 characters.')
    .refine((title) => !/\p{Cc}/u.test(title), 'Write the title on one line.'),
  description: z
    .preprocess(
      blankAsMissing,
      z
        .string({ error: 'Write the description as text.' })
        .trim()
        .max(1000, 'Keep the description under 1,000 characters.')
        .optional(),
    )
    .transform((value) => value ?? ''),
  audience: z.enum(RESOURCE_AUDIENCES, {
    error: 'Choose who may see it: public, applicants, partners or facilitators.',
  }),
  url: z.preprocess(
    blankAsMissing,
    z
      .string({ error: 'Enter the address of the document, starting with https://' })
      .trim()
      .max(2000, 'Keep the address under 2,000 characters.')
      .pipe(z.url({ protocol: /^https?$/, error: 'Enter a web address starting with https:// or http://' }))
      .optional(),
  ),
};

const fileSchema = z.preprocess(
  blankAsMissing,
  z
    .instanceof(UploadedFile, { error: 'Send the file as multipart/form-data, in a field named file.' })
    .transform((file, ctx) => {
      const checked = checkUpload(file);
      if (typeof checked !== 'string') return checked;
      ctx.addIssue({ code: 'custom', message: checked });
      return z.NEVER;
    })
    .optional(),
);

function isObjectPayload(payload: { value: unknown }): boolean {
  return typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value);
}

/** A link (url) or an uploaded file (file), exactly one of the two. */
export const resourceInputSchema = z
  .object(
    { ...resourceFields, file: fileSchema },
    {
      error:
        'Send a JSON object with title, audience and url (description is optional), or a form with a file.',
    },
  )
  // These run even when other fields have problems, so the form lists every problem at once; a field that
  // failed its own check still counts as given.
  .refine((input) => input.url !== undefined || input.file !== undefined, {
    path: ['file'],
    error: CHOOSE_ONE,
    when: isObjectPayload,
  })
  .refine((input) => input.url === undefined || input.file === undefined, {
    path: ['file'],
    error: 'Give either an address or a file, not both: clear one of them.',
    when: isObjectPayload,
  });

/** How the API documents the body: JSON with a url, or multipart/form-data with a file. */
export const resourceInputDocSchema = z.object({
  ...resourceFields,
  file: z
    .string()
    .optional()
    .meta({
      format: 'binary',
      description:
        `The document (multipart/form-data only), at most ${MAX_FILE_BYTES / (1024 * 1024)} MB: ` +
        `${ALLOWED_FILE_LABEL}. Give url or file, not both.`,
    }),
  _csrf: z
    .string()
    .optional()
    .describe(
      'Required with multipart/form-data: the same value as the portal_csrf cookie sent with the request.',
    ),
});

export const resourceIdParamsSchema = z.object({ id: z.string().max(100) });

export const resourceFileSchema = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Where to download it, relative to the portal's address. */
  href: z.string(),
});

export const resourceSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  audience: z.enum(RESOURCE_AUDIENCES),
  /** The link, for a linked document; null for an uploaded file. */
  url: z.string().nullable(),
  file: resourceFileSchema.nullable(),
  createdAt: z.string(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const RESOURCE_TABLE = {
  sorts: ['title', 'audience', 'added'],
  // In the order staff added them, as the resources page lists them.
  defaultSort: 'added',
  defaultDirection: 'asc',
} as const satisfies TableSpec<string>;

/** A list of resources, as the staff page and the API take it: `?audience=partners&q=…&sort=…&page=…`. */
export const resourceQuerySchema = listQuerySchema(RESOURCE_TABLE, {
  audience: z
    .enum(RESOURCE_AUDIENCES, {
      error: 'Choose who it is for: public, applicants, partners or facilitators.',
    })
    .optional()
    .describe('Only the resources for this audience; all those the caller may see when left out.'),
});
export type ResourceQuery = z.output<typeof resourceQuerySchema>;

export const resourceListSchema = z.object({
  resources: z.array(resourceSchema).describe('One page of the list (25), sorted as asked.'),
  total: z.number().int().describe('How many resources match, on every page.'),
  page: z.number().int(),
  pageCount: z.number().int(),
  truncated: z.boolean().describe('Whether more pages follow this one.'),
});
