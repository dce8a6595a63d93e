import { z } from 'zod';
import {
  WORKSHOP_AUDIENCES,
  WORKSHOP_KINDS,
  type WorkshopAudience,
  type WorkshopKind,
  type WorkshopStatus,
} from '../../db/schema.js';
import { defineLifecycle } from '../../platform/ui/badge.js';
import { listQuerySchema } from '../../platform/ui/table-query.js';
import { instantInZone, isTimeZone } from '../../platform/zoned-time.js';
import { programYearNameSchema } from '../program-years/program-years.schemas.js';

export {
  WORKSHOP_AUDIENCES,
  WORKSHOP_KINDS,
  type WorkshopAudience,
  type WorkshopKind,
  type WorkshopStatus,
} from '../../db/schema.js';

export const WORKSHOP_LIFECYCLE = defineLifecycle<WorkshopStatus>({
  draft: { label: 'Draft', tone: 'neutral' },
  published: { label: 'Published', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
});

/** Derived from the registration window and the clock; only a published workshop takes registrations. */
export type RegistrationState = 'not_open' | 'open' | 'closed';
export const REGISTRATION_LIFECYCLE = defineLifecycle<RegistrationState>({
  not_open: { label: 'Registration not open yet', tone: 'info' },
  open: { label: 'Registration open', tone: 'success' },
  closed: { label: 'Registration closed', tone: 'neutral' },
});

/** Derived from the sessions and the clock. */
export type ProgressState = 'not_started' | 'in_progress' | 'ended';
export const PROGRESS_LIFECYCLE = defineLifecycle<ProgressState>({
  not_started: { label: 'Not started', tone: 'neutral' },
  in_progress: { label: 'In progress', tone: 'progress' },
  ended: { label: 'Ended', tone: 'neutral' },
});

/** What each kind is called; kinds are kept apart in every list and count. */
export const KIND_LABELS: Record<WorkshopKind, string> = {
  course: 'Course workshop',
  counselor_admin: 'Counselor and administrator workshop',
  partner_own: 'Partner’s own workshop',
};

export const AUDIENCE_LABELS: Record<WorkshopAudience, string> = {
  teachers: 'Teachers',
  counselors: 'Counselors',
  administrators: 'Administrators',
};

/** What may be done to a workshop in each status; the service refuses the rest (409) and pages offer only these. */
export const WORKSHOP_ACTIONS = {
  edit: { from: ['draft', 'published'], refusal: 'A cancelled workshop can no longer be changed' },
  publish: { from: ['draft'], refusal: 'Only a draft can be published' },
  cancel: { from: ['draft', 'published'], refusal: 'This workshop is already cancelled' },
} as const satisfies Record<string, { from: readonly WorkshopStatus[]; refusal: string }>;
export type WorkshopAction = keyof typeof WORKSHOP_ACTIONS;

const MAX_SESSIONS = 20;

const calendarDate = z
  .string({ error: 'Enter the date, like 2027-07-12.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date like 2027-07-12.')
  .refine(
    (date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && isRealDate(date),
    'There is no such date.',
  );

function isRealDate(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
}

const clockTime = z
  .string({ error: 'Enter the time, like 09:00.' })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time on a 24-hour clock, like 09:00 or 16:30.');

/** A session is on one day: it ends after it starts, before midnight. */
export const sessionInputSchema = z
  .object({ date: calendarDate, start: clockTime, end: clockTime })
  .refine((session) => session.end > session.start, {
    path: ['end'],
    error: 'The session must end after it starts, on the same day.',
  });

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Use at most ${max.toLocaleString('en-US')} characters.`);

const optionalText = (max: number) =>
  z
    .string({ error: 'Write it as text.' })
    .trim()
    .max(max, `Use at most ${max.toLocaleString('en-US')} characters.`)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

const webLink = z
  .string({ error: 'Enter the link people join from, starting with https://.' })
  .trim()
  .min(1, 'Enter the link people join from, starting with https://.')
  .max(2000, 'Use a link of at most 2,000 characters.')
  .refine(isWebLink, 'Enter a web address starting with https:// (or http://).');

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** In person with venue, address and ZIP, or virtual with the link (shown only to those enrolled). */
export const locationInputSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({
      mode: z.literal('in_person'),
      venue: text('the venue', 200),
      address: text('the street address', 300),
      zip: z
        .string({ error: 'Enter the venue’s ZIP code.' })
        .trim()
        .min(1, 'Enter the venue’s ZIP code.')
        .max(10, 'Write the ZIP code like 98101.'),
    }),
    z.object({ mode: z.literal('virtual'), url: webLink }),
  ],
  { error: 'Choose in person or virtual.' },
);
export type LocationInput = z.infer<typeof locationInputSchema>;

/**
 * A registration time as an instant (`2027-06-01T16:00:00Z`) or, as a form's date-and-time field sends it,
 * the workshop's local time (`2027-06-01T09:00`).
 */
const registrationTime = z.preprocess(
  // A form's empty date-and-time field, or null in the API, means "not set".
  (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value),
  z
    .string({ error: 'Enter a date and time, like 2027-06-01T09:00.' })
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
      'Write the date and time like 2027-06-01T09:00.',
    )
    .optional(),
);

function toInstant(value: string, timeZone: string): string {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return new Date(value).toISOString();
  return instantInZone(value.slice(0, 10), value.slice(11, 16), timeZone);
}

const audienceList = z
  .array(z.enum(WORKSHOP_AUDIENCES, { error: 'Choose teachers, counselors or administrators.' }), {
    error: 'Choose who the workshop is for.',
  })
  .min(1, 'Choose who the workshop is for.');

/**
 * Everything about a workshop that its organizer writes; one schema for the form, the JSON API and its
 * document. The service fills in the time zone from the partner's state when none is given, and checks the
 * course and subject against the courses, which need the database.
 */
const workshopFields = z.object({
  partnerId: z
    .string({ error: 'Choose the partner running the workshop.' })
    .trim()
    .min(1, 'Choose the partner running the workshop.'),
  programYear: programYearNameSchema.optional(),
  kind: z.enum(WORKSHOP_KINDS, {
    error: 'Choose the kind of workshop: a course, counselor and administrator, or the partner’s own.',
  }),
  courseId: optionalText(60),
  subject: optionalText(120),
  title: text('a title', 200),
  topic: optionalText(200),
  description: z
    .string({ error: 'Write the description as text.' })
    .max(20_000, 'Use at most 20,000 characters.')
    .default(''),
  audience: audienceList,
  capacity: z.coerce
    .number({ error: 'Enter the number of seats, from 1 to 9,999.' })
    .int('Enter a whole number of seats.')
    .min(1, 'A workshop has at least 1 seat.')
    .max(9999, 'A workshop has at most 9,999 seats.'),
  timeZone: z
    .string({ error: 'Choose the time zone the workshop’s times are in.' })
    .trim()
    .refine(isTimeZone, 'Choose a time zone from the list, like America/Chicago.'),
  location: locationInputSchema,
  registrationOpensAt: registrationTime,
  registrationClosesAt: registrationTime,
  visibility: z
    .enum(['public', 'invitation'], { error: 'Choose public, or by invitation only.' })
    .default('public'),
  sessions: z
    .array(sessionInputSchema, { error: 'Add at least one session.' })
    .min(1, 'Add at least one session.')
    .max(MAX_SESSIONS, `A workshop has at most ${MAX_SESSIONS} sessions.`),
});

export const workshopInputSchema = workshopFields
  .superRefine((input, ctx) => {
    if (input.kind === 'course' && !input.courseId) {
      ctx.addIssue({ code: 'custom', path: ['courseId'], message: 'Choose the course.' });
    }
    if (input.kind === 'course' && !input.subject) {
      ctx.addIssue({
        code: 'custom',
        path: ['subject'],
        message: 'Choose which workshop of the course this is.',
      });
    }
    if (input.kind === 'partner_own' && !input.topic) {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: 'Enter the workshop’s topic.' });
    }
    if (input.kind === 'counselor_admin' && input.audience.includes('teachers')) {
      ctx.addIssue({
        code: 'custom',
        path: ['audience'],
        message: 'A counselor and administrator workshop is for counselors and administrators.',
      });
    }
  })
  .transform((input, ctx) => {
    const sessions = input.sessions
      .map((session, index) => ({
        index,
        date: session.date,
        start: session.start,
        end: session.end,
        startsAt: instantInZone(session.date, session.start, input.timeZone),
        endsAt: instantInZone(session.date, session.end, input.timeZone),
      }))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    for (const [position, session] of sessions.entries()) {
      const previous = sessions[position - 1];
      if (previous && session.startsAt < previous.endsAt) {
        ctx.addIssue({
          code: 'custom',
          path: ['sessions', session.index, 'start'],
          message: 'This session overlaps another one; give each its own time.',
        });
      }
    }
    const opensAt = input.registrationOpensAt && toInstant(input.registrationOpensAt, input.timeZone);
    const closesAt = input.registrationClosesAt && toInstant(input.registrationClosesAt, input.timeZone);
    const lastEnd = sessions.at(-1)?.endsAt ?? '';
    if (opensAt && closesAt && closesAt <= opensAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['registrationClosesAt'],
        message: 'Registration must close after it opens.',
      });
    }
    if (closesAt && closesAt > lastEnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['registrationClosesAt'],
        message: 'Registration must close by the end of the last session.',
      });
    }
    if (opensAt && opensAt >= lastEnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['registrationOpensAt'],
        message: 'Registration must open before the last session ends.',
      });
    }
    return {
      ...input,
      registrationOpensAt: opensAt || null,
      registrationClosesAt: closesAt || null,
      sessions: sessions.map(({ index: _index, ...session }) => session),
    };
  });
export type WorkshopInput = z.input<typeof workshopInputSchema>;
export type ParsedWorkshopInput = z.output<typeof workshopInputSchema>;

/** An edit names only what changes; the rest stays as saved. A workshop's partner and year stay too. */
export const workshopPatchSchema = workshopFields.omit({ partnerId: true, programYear: true }).partial();

export const cancelInputSchema = z.object({
  reason: text('the reason, which everyone enrolled will read', 1000),
});

/**
 * Who leads a workshop: one of the partner's facilitators, or (for a partner's own workshop only, which the
 * service checks) a presenter named in words.
 */
export const presenterInputSchema = z
  .object({
    facilitatorId: optionalText(60),
    presenterName: optionalText(200),
  })
  .refine((input) => (input.facilitatorId === undefined) !== (input.presenterName === undefined), {
    path: ['facilitatorId'],
    error: 'Choose a facilitator, or for your own workshop write the presenter’s name (one of the two).',
  });
export type PresenterInput = z.input<typeof presenterInputSchema>;

const sessionSchema = z.object({
  id: z.string(),
  date: z.string().describe('The local date, in the workshop’s time zone.'),
  start: z.string().describe('Local start time, HH:MM.'),
  end: z.string().describe('Local end time, HH:MM.'),
  startsAt: z.string().describe('ISO 8601 instant.'),
  endsAt: z.string(),
  checkInCode: z
    .string()
    .optional()
    .describe('Only for its organizers: the code participants enter to check in to this session.'),
});

export const workshopLocationSchema = z.union([
  z.object({ mode: z.literal('in_person'), venue: z.string(), address: z.string(), zip: z.string() }),
  z.object({
    mode: z.literal('virtual'),
    url: z.string().optional().describe('Only for its organizers, facilitators and those enrolled.'),
  }),
]);

export const workshopSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  programYear: z.string(),
  kind: z.enum(WORKSHOP_KINDS),
  courseId: z.string().nullable(),
  courseName: z.string().nullable(),
  subject: z.string().nullable(),
  title: z.string(),
  topic: z.string().nullable(),
  description: z.string().describe('Markdown.'),
  audience: z.array(z.enum(WORKSHOP_AUDIENCES)),
  capacity: z.number(),
  seatsLeft: z.number(),
  enrolled: z.number().optional().describe('For its organizers: people with a seat.'),
  waitlisted: z.number().optional().describe('For its organizers: people waiting.'),
  timeZone: z.string(),
  location: workshopLocationSchema,
  registrationOpensAt: z.string().nullable(),
  registrationClosesAt: z.string().nullable(),
  visibility: z.enum(['public', 'invitation']),
  status: z.enum(['draft', 'published', 'cancelled']),
  registration: z.enum(['not_open', 'open', 'closed']),
  progress: z.enum(['not_started', 'in_progress', 'ended']),
  cancelReason: z.string().nullable(),
  revision: z.number(),
  sessions: z.array(sessionSchema),
  facilitators: z.array(z.object({ id: z.string(), facilitatorId: z.string().nullable(), name: z.string() })),
  invitationUrl: z.string().optional().describe('The private link; only for its organizers.'),
  distanceMiles: z.number().optional(),
});
export type Workshop = z.infer<typeof workshopSchema>;

/** The public catalog: upcoming published public workshops, filtered, nearest first when a ZIP is given. */
export const CATALOG_TABLE = {
  sorts: ['date'],
  defaultSort: 'date',
  defaultDirection: 'asc',
  pageSize: 20,
} as const;
const optionalDate = calendarDate.optional();
export const catalogQuerySchema = listQuerySchema(CATALOG_TABLE, {
  near: z.string().trim().max(10, 'Write the ZIP code like 98101.').optional(),
  radiusMiles: z.coerce
    .number({ error: 'Enter a distance in miles.' })
    .min(1, 'Search at least 1 mile around the ZIP code.')
    .max(500, 'Search at most 500 miles around the ZIP code.')
    .default(50),
  course: z.string().trim().max(60).optional(),
  kind: z.enum(WORKSHOP_KINDS, { error: 'Choose a kind of workshop from the list.' }).optional(),
  audience: z
    .enum(WORKSHOP_AUDIENCES, { error: 'Choose teachers, counselors or administrators.' })
    .optional(),
  mode: z.enum(['in_person', 'virtual'], { error: 'Choose in person or virtual.' }).optional(),
  from: optionalDate,
  to: optionalDate,
});
export type CatalogQuery = z.output<typeof catalogQuerySchema>;

/** The organizers' list: a partner's managers see their partners' workshops; staff see all. */
export const ORGANIZER_TABLE = {
  sorts: ['date', 'title'],
  defaultSort: 'date',
  defaultDirection: 'desc',
} as const;
export const organizerQuerySchema = listQuerySchema(ORGANIZER_TABLE, {
  partner: z.string().trim().max(60).optional(),
  kind: z.enum(WORKSHOP_KINDS, { error: 'Choose a kind of workshop from the list.' }).optional(),
  status: z.enum(['draft', 'published', 'cancelled'], { error: 'Choose a status from the list.' }).optional(),
});
export type OrganizerQuery = z.output<typeof organizerQuerySchema>;
