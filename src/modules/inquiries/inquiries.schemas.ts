import { z } from 'zod';
import { INQUIRY_ROLES, type InquiryRole, type InquiryStatus } from '../../db/schema.js';
import { defineLifecycle, statusesOf } from '../../platform/ui/badge.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';
import { isStateCode, locateZip, normalizeZip, type StateCode } from '../regions/geography.js';

export const INQUIRY_ROLE_LABELS: Record<InquiryRole, string> = {
  teacher: 'Teacher',
  counselor: 'Counselor',
  administrator: 'Administrator',
  organization: 'Organization',
  other: 'Other',
};

export const MESSAGE_MIN = 10;
export const MESSAGE_MAX = 5000;

/**
 * Control characters other than tabs and line breaks are invisible in a message and PostgreSQL refuses NUL in
 * text, so they are dropped from free text rather than argued about.
 */
const stripControls = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');

/** Empty form fields arrive as ''; an optional field left empty is simply not given. */
const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const ZIP_HINT = 'Enter a 5-digit ZIP code, like 98101, or leave it empty.';

const zipField = z.preprocess(
  blankAsMissing,
  z
    .string({ error: ZIP_HINT })
    .max(40, ZIP_HINT)
    .transform((value, ctx) => {
      const zip = normalizeZip(value);
      if (!zip) {
        ctx.addIssue({ code: 'custom', message: ZIP_HINT });
        return z.NEVER;
      }
      // An unknown ZIP is most likely a typo: asking now beats routing the question to the wrong people.
      if (!locateZip(zip)) {
        ctx.addIssue({
          code: 'custom',
          message: `We do not know the ZIP code ${zip}. Check it, or leave it empty.`,
        });
        return z.NEVER;
      }
      return zip;
    })
    .optional(),
);

const stateField = z.preprocess(
  (value) => (typeof value === 'string' ? blankAsMissing(value.trim().toUpperCase()) : value),
  z
    .string({ error: 'Choose a US state or territory, or leave it empty.' })
    .refine(
      (state): state is StateCode => isStateCode(state),
      'Choose a US state or territory, or leave it empty.',
    )
    .optional(),
);

export const inquiryInputSchema = z
  .object(
    {
      name: z
        .string({ error: 'Enter your name.' })
        .trim()
        .min(1, 'Enter your name.')
        .max(120, 'Keep your name under 120 characters.')
        .refine((name) => !/\p{Cc}/u.test(name), 'Write your name on one line.'),
      email: z
        .string({ error: 'Enter your email address, so that we can answer you.' })
        .trim()
        .toLowerCase()
        .max(254, 'Enter an email address like name@example.org.')
        .pipe(z.email('Enter an email address like name@example.org.')),
      role: z.enum(INQUIRY_ROLES, {
        error: 'Choose what describes you best: teacher, counselor, administrator, organization or other.',
      }),
      zip: zipField.describe('ZIP or ZIP+4; the partner serving it answers. Optional.'),
      state: stateField.describe('Two-letter state code, used only when no ZIP is given. Optional.'),
      message: z
        .string({ error: 'Write your question.' })
        .overwrite(stripControls)
        .trim()
        .min(MESSAGE_MIN, `Write your question (at least ${MESSAGE_MIN} characters).`)
        .max(MESSAGE_MAX, `Keep your message under ${MESSAGE_MAX.toLocaleString('en-US')} characters.`),
      // The spam trap: people never see this field, so whatever fills it is a robot.
      website: z
        .unknown()
        .optional()
        .transform((value) => value !== undefined && value !== null && value !== '')
        .describe('Leave this out. A message that fills it in is answered as accepted and discarded.'),
    },
    { error: 'Send a JSON object with name, email, role and message (zip and state are optional).' },
  )
  .transform(({ website, ...inquiry }) => ({ ...inquiry, isSpamTrapFilled: website }));

export const routedToSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('partner'), partnerId: z.string(), partnerName: z.string() }),
  z.object({ kind: z.literal('staff') }),
]);
export type RoutedTo = z.infer<typeof routedToSchema>;

export const submissionResponseSchema = z.object({
  id: z.string(),
  reference: z.string().describe('What the sender can quote when writing about it, e.g. "3F2A-91BC".'),
  routedTo: routedToSchema,
});

/** An inquiry waits on its handler while open; answering or closing it takes it off their list. */
export const INQUIRY_LIFECYCLE = defineLifecycle<InquiryStatus>({
  open: { label: 'Open', tone: 'warning' },
  answered: { label: 'Answered', tone: 'success' },
  closed: { label: 'Closed', tone: 'neutral' },
});
const INQUIRY_STATUSES = statusesOf(INQUIRY_LIFECYCLE) as [InquiryStatus, ...InquiryStatus[]];

export const INBOX_TABLE = {
  sorts: ['received', 'from', 'status'],
  defaultSort: 'received',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

export const inboxQuerySchema = listQuerySchema(INBOX_TABLE, {
  status: z
    .enum([...INQUIRY_STATUSES, 'all'], { error: 'Choose open, answered, closed or all.' })
    .default('open'),
  routedTo: z
    .string({ error: 'Choose program staff or a partner.' })
    .max(100, 'Choose program staff or a partner.')
    .optional()
    .describe('"staff" for inquiries routed to program staff, or a partner id.'),
  unread: z
    .enum(['yes'], { error: 'Leave out unread, or set it to yes.' })
    .optional()
    .describe('"yes" for only the inquiries with news since the acting person last opened them.'),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

/** The sender's confirmation page: `?ref=3F2A-91BC&to=<partner id>` or `&to=staff`. */
export const receiptQuerySchema = z.object({
  ref: z.string({ error: 'This confirmation has no reference.' }).regex(/^[0-9A-F]{4}-[0-9A-F]{4}$/, {
    error: 'This confirmation’s reference is not one of ours.',
  }),
  to: z.string({ error: 'This confirmation names nobody.' }).max(100, 'This confirmation names nobody.'),
});

export const inquiryIdParamsSchema = z.object({ id: z.string().max(100) });

export const replyInputSchema = z.object({
  body: z
    .string({ error: 'Write your reply.' })
    .overwrite(stripControls)
    .trim()
    .min(1, 'Write your reply.')
    .max(MESSAGE_MAX, `Keep your reply under ${MESSAGE_MAX.toLocaleString('en-US')} characters.`),
});

export const rerouteInputSchema = z.object({
  to: z
    .string({ error: 'Choose a partner, or program staff.' })
    .trim()
    .min(1, 'Choose a partner, or program staff.')
    .max(100, 'Choose a partner, or program staff.')
    .describe('"staff", or the id of a partner of the inquiry’s program year.'),
});

export const inquirySchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(INQUIRY_ROLES),
  zip: z.string().nullable(),
  state: z.string().nullable(),
  message: z.string(),
  status: z.enum(INQUIRY_STATUSES),
  programYear: z.string().nullable(),
  routedTo: routedToSchema,
  /** Something happened to it since the acting person last opened it. */
  unread: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Inquiry = z.infer<typeof inquirySchema>;

export const inquiryEventSchema = z.object({
  kind: z.enum(['received', 'reply', 'rerouted', 'closed', 'reopened']),
  actorEmail: z.string().nullable(),
  body: z.string().nullable(),
  createdAt: z.string(),
});

export const inquiryDetailSchema = inquirySchema.extend({ events: z.array(inquiryEventSchema) });
export type InquiryDetail = z.infer<typeof inquiryDetailSchema>;

export const inquiryListSchema = z.object({
  inquiries: z.array(inquirySchema).describe('One page of the list (25), sorted as asked.'),
  total: z.number().int().describe('How many inquiries match, on every page.'),
  page: z.number().int(),
  pageCount: z.number().int(),
  truncated: z.boolean().describe('Whether more pages follow this one.'),
});

/** The finder links here with `?zip=98101` or `?state=WA`; anything unusable is left out of the form. */
export const contactQuerySchema = z.object({
  zip: z.string().trim().max(10).optional().catch(undefined),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .refine((state) => isStateCode(state))
    .optional()
    .catch(undefined),
});
