import { z } from 'zod';
import {
  PRESS_RELEASE_EVENT_KINDS,
  PRESS_RELEASE_STATUSES,
  type PressReleaseStatus,
} from '../../db/schema.js';
import { defineLifecycle } from '../../platform/ui/badge.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';

export {
  PRESS_RELEASE_EVENT_KINDS,
  PRESS_RELEASE_STATUSES,
  type PressReleaseEventKind,
  type PressReleaseStatus,
} from '../../db/schema.js';

/** A partner writes; staff review; the partner says when it is out. */
export const PRESS_RELEASE_LIFECYCLE = defineLifecycle<PressReleaseStatus>({
  draft: { label: 'Draft', tone: 'neutral' },
  submitted: { label: 'Submitted for review', tone: 'info' },
  changes_requested: { label: 'Changes requested', tone: 'warning' },
  approved: { label: 'Approved', tone: 'progress' },
  published: { label: 'Published', tone: 'success' },
});

/**
 * What may be done to a press release in each status: the service refuses anything else (409, saying why)
 * and the pages offer only what is allowed, from this one definition.
 */
export const PRESS_RELEASE_ACTIONS = {
  edit: {
    from: ['draft', 'changes_requested'],
    refusal: 'It can be edited only as a draft or after changes were requested',
  },
  submit: {
    from: ['draft', 'changes_requested'],
    refusal: 'It can be submitted only as a draft or after changes were requested',
  },
  comment: {
    from: ['submitted', 'changes_requested', 'approved'],
    refusal: 'Comments are for a submitted press release, before it is published',
  },
  review: {
    from: ['submitted'],
    refusal: 'Only a submitted version can have changes requested or be approved',
  },
  publish: { from: ['approved'], refusal: 'Only an approved press release can be marked published' },
} as const satisfies Record<string, { from: readonly PressReleaseStatus[]; refusal: string }>;
export type PressReleaseAction = keyof typeof PRESS_RELEASE_ACTIONS;

export function allows(action: PressReleaseAction, status: PressReleaseStatus): boolean {
  return (PRESS_RELEASE_ACTIONS[action].from as readonly PressReleaseStatus[]).includes(status);
}

export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;
export const COMMENT_MAX = 5000;

/** Control characters other than tabs and line breaks are invisible, and PostgreSQL refuses NUL in text. */
const stripControls = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');

const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const titleField = z
  .string({ error: 'Enter a title.' })
  .overwrite(stripControls)
  .trim()
  .min(1, 'Enter a title.')
  .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`)
  .refine((title) => !/[\n\r]/.test(title), 'Write the title on one line.');

const bodyField = z
  .string({ error: 'Write the press release.' })
  .overwrite(stripControls)
  .trim()
  .min(1, 'Write the press release.')
  .max(BODY_MAX, `Keep the press release under ${BODY_MAX.toLocaleString('en-US')} characters.`)
  .describe('Markdown.');

export const draftInputSchema = z.object(
  { title: titleField, bodyMarkdown: bodyField },
  { error: 'Send a JSON object with title and bodyMarkdown.' },
);

export const createInputSchema = draftInputSchema.extend({
  partnerId: z
    .preprocess(blankAsMissing, z.string({ error: 'Choose the partner.' }).max(100).optional())
    .describe('The partner it is for; may be left out by a program manager of exactly one partner.'),
});

const commentField = z
  .string({ error: 'Write a comment.' })
  .overwrite(stripControls)
  .trim()
  .min(1, 'Write a comment.')
  .max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX.toLocaleString('en-US')} characters.`);

export const commentInputSchema = z.object(
  { body: commentField },
  { error: 'Send a JSON object with body.' },
);

/** Approving may say something, or nothing. */
export const approveInputSchema = z
  .object({ body: z.preprocess(blankAsMissing, commentField.optional()) })
  .nullish()
  .transform((input) => ({ body: input?.body }));

/** A typo like 0207 for the year is caught. */
const EARLIEST_PUBLISHED = '2000-01-01';

/**
 * The latest date a release can have appeared: today where the day begins first (UTC+14), so that a partner
 * anywhere in the United States and its territories can give today's date, and nobody a day still to come.
 */
function latestPublished(): string {
  return new Date(Date.now() + 14 * 60 * 60_000).toISOString().slice(0, 10);
}

const DATE_HINT = 'Enter the date it was published, like 2027-03-15.';
const URL_HINT = 'Enter the web address where it was published, starting with https:// or http://.';

export const publishInputSchema = z.object(
  {
    publishedAt: z
      .string({ error: DATE_HINT })
      .trim()
      .superRefine((date, ctx) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
          ctx.addIssue({ code: 'custom', message: DATE_HINT });
          return;
        }
        const parsed = new Date(`${date}T00:00:00Z`);
        if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(date)) {
          ctx.addIssue({ code: 'custom', message: 'That date does not exist; enter one like 2027-03-15.' });
        } else if (date < EARLIEST_PUBLISHED) {
          ctx.addIssue({ code: 'custom', message: `Enter a date from ${EARLIEST_PUBLISHED} on.` });
        } else if (date > latestPublished()) {
          ctx.addIssue({
            code: 'custom',
            message:
              'That date is still to come. Mark the press release published once it has appeared, with the date it did.',
          });
        }
      })
      .describe('YYYY-MM-DD, no later than today'),
    publishedUrl: z
      .string({ error: URL_HINT })
      .trim()
      .max(2000, 'Keep the web address under 2,000 characters.')
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
        } catch {
          return false;
        }
      }, URL_HINT)
      .describe('http or https URL'),
  },
  { error: 'Send a JSON object with publishedAt and publishedUrl.' },
);

export const pressReleaseIdParamsSchema = z.object({ id: z.string().max(100) });

export const compareQuerySchema = z.object({
  compare: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export const diffQuerySchema = z.object({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .describe('Compared with the version before it (version 1 with nothing).'),
});

export const pressReleaseSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  title: z.string(),
  bodyMarkdown: z.string().describe('The working draft.'),
  status: z.enum(PRESS_RELEASE_STATUSES),
  latestVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  publishedUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PressRelease = z.infer<typeof pressReleaseSchema>;

export const pressReleaseVersionSchema = z.object({
  version: z.number().int(),
  title: z.string(),
  bodyMarkdown: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
});
export type PressReleaseVersion = z.infer<typeof pressReleaseVersionSchema>;

export const pressReleaseEventSchema = z.object({
  kind: z.enum(PRESS_RELEASE_EVENT_KINDS),
  version: z.number().int().nullable(),
  actorEmail: z.string().nullable(),
  body: z.string().nullable(),
  createdAt: z.string(),
});
export type PressReleaseEvent = z.infer<typeof pressReleaseEventSchema>;

export const pressReleaseDetailSchema = pressReleaseSchema.extend({
  versions: z.array(pressReleaseVersionSchema),
  events: z.array(pressReleaseEventSchema),
});
export type PressReleaseDetail = z.infer<typeof pressReleaseDetailSchema>;

export const PRESS_RELEASE_TABLE = {
  sorts: ['changed', 'title', 'partner'],
  defaultSort: 'changed',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

/** A list of press releases, as its page and the API take it: `?status=submitted&q=…&sort=…&page=…`. */
export const pressReleaseQuerySchema = listQuerySchema(PRESS_RELEASE_TABLE, {
  status: z
    .enum(PRESS_RELEASE_STATUSES, {
      error: 'Choose a status: draft, submitted, changes_requested, approved or published.',
    })
    .optional()
    .describe('Only the press releases in this status; all of them when left out.'),
});
export type PressReleaseQuery = z.output<typeof pressReleaseQuerySchema>;

export const pressReleaseListSchema = z.object({
  pressReleases: z.array(pressReleaseSchema).describe('One page of the list (25), sorted as asked.'),
  total: z.number().int().describe('How many press releases match, on every page.'),
  page: z.number().int(),
  pageCount: z.number().int(),
  truncated: z.boolean().describe('Whether more pages follow this one.'),
});

/** The staff's answer to a submitted version, from the one review form (the button pressed). */
export const REVIEW_DECISIONS = ['request-changes', 'approve', 'comment'] as const;
export const reviewDecisionSchema = z.enum(REVIEW_DECISIONS, {
  error: 'Choose to request changes, approve or comment.',
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const versionDiffSchema = z.object({
  version: z.number().int(),
  comparedWith: z.number().int().nullable(),
  lines: z.array(z.object({ kind: z.enum(['added', 'removed', 'unchanged']), text: z.string() })),
});
export type VersionDiff = z.infer<typeof versionDiffSchema>;
