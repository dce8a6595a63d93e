import { z } from 'zod';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';
import { instantInZone, US_TIME_ZONE_NAMES } from '../../platform/zoned-time.js';
import { partnerInputSchema } from '../partners/partners.schemas.js';
import { isStateCode } from '../regions/geography.js';
import { QUEUE_STATUSES } from './applications.lifecycle.js';
import { applicationSummarySchema, criterionSchema } from './applications.schemas.js';

const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const QUEUE_TABLE = {
  sorts: ['organization', 'status', 'score', 'updated'],
  defaultSort: 'updated',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

/** The staff queue's address and its API's query: search, sort and page, by year (the current one), status and state. */
export const queueQuerySchema = listQuerySchema(QUEUE_TABLE, {
  year: z
    .string({ error: 'Write the program year like 2027-28.' })
    .max(20, 'Write the program year like 2027-28.')
    .optional()
    .describe('Program year, like 2027-28; the current one by default.'),
  status: z
    .enum(QUEUE_STATUSES, {
      error: `Choose one of: ${QUEUE_STATUSES.join(', ')}. Drafts are not in the queue.`,
    })
    .optional(),
  state: z
    .string({ error: 'Choose a US state or territory.' })
    .trim()
    .toUpperCase()
    .refine(isStateCode, 'Choose a US state or territory.')
    .optional()
    .describe('Only applications proposing a region in this state (two-letter code).'),
});

export type QueueQuery = z.output<typeof queueQuerySchema>;

export const queueResponseSchema = z.object({
  programYear: z.string(),
  applications: z.array(applicationSummarySchema).describe('One page of the queue (25), sorted as asked.'),
  total: z.number().int().describe('How many applications match, on every page.'),
  page: z.number().int(),
  pageCount: z.number().int(),
  truncated: z.boolean().describe('Whether more pages follow this one.'),
});

export const scoresInputSchema = z.object({
  /**
   * Scores by criterion id. A reviewer may score some criteria now and the rest later: each score replaces
   * only their earlier score of that criterion, and a criterion left out (or blank on the form) keeps it.
   */
  scores: z
    .record(
      z.string().max(100),
      z.preprocess(
        blankAsMissing,
        z.coerce
          .number({ error: 'Enter a whole number.' })
          .int('Enter a whole number.')
          .min(0, 'Use 0 or more.')
          .optional(),
      ),
      { error: 'Send the scores by criterion id, like {"scores": {"<id>": 4}}.' },
    )
    .transform((scores) =>
      Object.fromEntries(
        Object.entries(scores).filter((entry): entry is [string, number] => entry[1] !== undefined),
      ),
    ),
});

export const noteInputSchema = z.object({
  body: z
    .string({ error: 'Write the note.' })
    .trim()
    .min(1, 'Write the note.')
    .max(5000, 'Keep the note under 5,000 characters.'),
});

/** The email a move sends, as staff edited it; the default text is used for what they leave empty. */
const emailFields = {
  emailSubject: z.preprocess(
    blankAsMissing,
    z.string().trim().max(200, 'Keep the subject under 200 characters.').optional(),
  ),
  emailBody: z.preprocess(
    blankAsMissing,
    z.string().trim().max(10_000, 'Keep the message under 10,000 characters.').optional(),
  ),
};

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsMissing, schema.optional());

/** When and how: a date and a time in a US time zone, stored as the instant with its zone; staff's notes. */
export const interviewInputSchema = z
  .object({
    date: optional(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date like 2027-01-15.')
        .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)), 'Enter a real date.'),
    ),
    time: optional(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time like 14:30.')),
    timeZone: optional(z.enum(US_TIME_ZONE_NAMES, { error: 'Choose the time zone.' })),
    notes: optional(z.string().trim().max(5000, 'Keep the notes under 5,000 characters.')),
  })
  .superRefine((interview, ctx) => {
    if (interview.time && !interview.date)
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'Enter the date of the interview too.' });
    if (interview.date && !interview.time)
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'Enter the time of the interview too.' });
    if (interview.date && !interview.timeZone)
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'Choose the time zone.' });
  })
  .transform(({ date, time, timeZone, notes }) => ({
    startsAt: date && time && timeZone ? instantInZone(date, time, timeZone) : null,
    timeZone: date && timeZone ? timeZone : null,
    notes: notes ?? null,
  }));

/**
 * The partner's public listing, which the finder shows: staff confirm it on accepting, as the applicant's own
 * account address is no public contact. The same rules as the partner's own form.
 */
export const listingInputSchema = z.object(
  partnerInputSchema.pick({
    contactName: true,
    contactEmail: true,
    contactPhone: true,
    website: true,
    coursesOffered: true,
  }).shape,
  { error: "Give the new partner's public contact: at least listing.contactName and listing.contactEmail." },
);

export const transitionInputSchema = z.discriminatedUnion(
  'to',
  [
    z.object({ to: z.literal('in_review') }),
    z.object({ to: z.literal('interview'), interview: interviewInputSchema.optional(), ...emailFields }),
    z.object({
      to: z.literal('accepted'),
      listing: listingInputSchema.describe(
        "The new partner's public contact, as the finder will show it (required).",
      ),
      ...emailFields,
    }),
    z.object({ to: z.literal('declined'), ...emailFields }),
  ],
  { error: 'Choose in_review, interview, accepted or declined.' },
);
export type TransitionInput = z.output<typeof transitionInputSchema>;

export const reviewSchema = z.object({
  criteria: z.array(criterionSchema),
  scores: z.array(
    z.object({
      reviewerId: z.string(),
      reviewerEmail: z.string(),
      criterionId: z.string(),
      score: z.number(),
    }),
  ),
  /** Per reviewer, the sum of the scores they gave so far. */
  reviewerTotals: z.array(z.object({ reviewerEmail: z.string(), total: z.number() })),
  /** The sum over the criteria scored of each one's mean score, to two decimals; null when nobody scored. */
  averageTotal: z.number().nullable(),
  maxTotal: z.number(),
  /** What the average is based on: how many reviewers scored, and how many of the criteria have a score. */
  basedOn: z.object({ reviewers: z.number().int(), criteria: z.number().int() }),
  notes: z.array(z.object({ authorEmail: z.string(), body: z.string(), createdAt: z.string() })),
  interview: z
    .object({
      startsAt: z.string().nullable().describe('The instant (UTC) of the interview, when one was set.'),
      timeZone: z.string().nullable().describe('The time zone it is shown in (IANA name).'),
      notes: z.string().nullable(),
    })
    .nullable(),
});
export type Review = z.infer<typeof reviewSchema>;
