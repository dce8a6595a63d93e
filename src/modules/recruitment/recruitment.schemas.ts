import { z } from 'zod';
import { RECRUITMENT_STAGES, type RecruitmentStage } from '../../db/schema.js';
import { defineLifecycle, listQuerySchema, type TableSpec } from '../../platform/ui/index.js';
import { programYearNameSchema } from '../program-years/program-years.schemas.js';

/** The stages in the order a target moves through them; declined is where a target may leave from any stage. */
export const STAGE_LIFECYCLE = defineLifecycle({
  prospect: { label: 'Prospect', tone: 'neutral' },
  contacted: { label: 'Contacted', tone: 'info' },
  interested: { label: 'Interested', tone: 'progress' },
  committed: { label: 'Committed', tone: 'success' },
  declined: { label: 'Declined', tone: 'danger' },
});

export const STAGE_OPTIONS = RECRUITMENT_STAGES.map((stage) => ({
  value: stage,
  label: STAGE_LIFECYCLE[stage].label,
}));

const stage = z.enum(RECRUITMENT_STAGES, {
  error: 'Choose a stage: prospect, contacted, interested, committed or declined.',
});

const courseId = z
  .string({ error: 'Choose the course.' })
  .trim()
  .min(1, 'Choose the course.')
  .max(100, 'Choose the course from the list.');

/** A form's empty field, or null in the API, means "none". */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? null : value), schema.nullable().optional());
}

const calendarDate = z
  .string({ error: 'Enter the date, like 2027-03-15.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date like 2027-03-15.')
  .refine(
    (date) => new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date,
    'There is no such date.',
  );

/**
 * A district or school from the directory added to a pipeline: a district by its NCES LEAID as published
 * (7 digits, leading zeros kept), a school by its directory id.
 */
export const targetInputSchema = z.object({
  programYear: programYearNameSchema.optional(),
  courseId,
  kind: z.enum(['district', 'school'], { error: 'Choose a district or a school.' }),
  directoryId: z
    .string({ error: 'Choose a district or school from the directory.' })
    .trim()
    .min(1, 'Choose a district or school from the directory.')
    .max(100, 'Choose a district or school from the directory.'),
  notes: z.string().trim().max(5000, 'Keep the notes to 5,000 characters.').optional(),
});
export type TargetInput = z.input<typeof targetInputSchema>;

/** What changes on a target: whatever the body names; the rest stays. The card's form sends only the stage. */
export const targetPatchSchema = z
  .object({
    stage: stage.optional(),
    /** The user id of one of the partner's program managers; null for nobody. */
    owner: optional(z.string().max(100)),
    notes: z.string().trim().max(5000, 'Keep the notes to 5,000 characters.').optional(),
    nextStep: optional(z.string().trim().max(300, 'Keep the next step to 300 characters.')),
    nextStepOn: optional(calendarDate),
  })
  .strict();
export type TargetPatch = z.input<typeof targetPatchSchema>;

/** A goal count from a form's text or the API's number: a whole number, zero or more. */
const goalCount = (what: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: `Enter the number of ${what}, like 10.` })
      .int(`Enter a whole number of ${what}.`)
      .min(0, `The number of ${what} cannot be negative.`)
      .max(100_000, `Enter at most 100,000 ${what}.`),
  );

export const goalsInputSchema = z.object({
  programYear: programYearNameSchema.optional(),
  courseId,
  districtsCommitted: goalCount('districts'),
  schoolsCommitted: goalCount('schools'),
  teachersAccepted: goalCount('teachers'),
});
export type GoalsInput = z.input<typeof goalsInputSchema>;

export const TARGET_TABLE = {
  sorts: ['name', 'stage', 'nextStepOn', 'updated'],
  defaultSort: 'updated',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;
export type TargetSort = (typeof TARGET_TABLE.sorts)[number];

/** The list of a pipeline's targets (page and API): searched by name, filtered by year, course and stage. */
export const targetQuerySchema = listQuerySchema(TARGET_TABLE, {
  year: programYearNameSchema.optional(),
  course: courseId.optional(),
  stage: stage.optional(),
  kind: z.enum(['district', 'school'], { error: 'Choose districts or schools.' }).optional(),
});
export type TargetQuery = z.output<typeof targetQuerySchema>;

/** A pipeline's address: which year and course (the board shows one course at a time). */
export const pipelineQuerySchema = z.object({
  partner: z.string().trim().max(100).optional(),
  year: programYearNameSchema.optional(),
  course: courseId.optional(),
  q: z.string().trim().max(100, 'Search for at most 100 characters.').optional(),
});

export const directorySearchSchema = z.object({
  q: z
    .string({ error: 'Type the start of a district’s or school’s name.' })
    .trim()
    .min(2, 'Type at least two letters of the name.')
    .max(100, 'Search for at most 100 characters.'),
});

const ownerSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const targetSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  programYear: z.string(),
  courseId: z.string(),
  courseName: z.string(),
  kind: z.enum(['district', 'school']),
  /** The district's LEAID or the school's directory id. */
  directoryId: z.string(),
  /** The school's NCES id (12 digits), when the directory has one; the district's LEAID for a district. */
  ncesId: z.string().nullable(),
  name: z.string(),
  city: z.string().nullable(),
  state: z.string(),
  districtName: z.string().nullable(),
  stage,
  owner: ownerSchema.nullable(),
  notes: z.string(),
  nextStep: z.string().nullable(),
  nextStepOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Target = z.infer<typeof targetSchema>;

export const targetEventSchema = z.object({
  actorEmail: z.string(),
  fromStage: stage.nullable(),
  toStage: stage.nullable(),
  note: z.string(),
  at: z.string(),
});
export type TargetEvent = z.infer<typeof targetEventSchema>;

export const targetDetailSchema = targetSchema.extend({ history: z.array(targetEventSchema) });
export type TargetDetail = z.infer<typeof targetDetailSchema>;

export const goalsSchema = z.object({
  programYear: z.string(),
  courseId: z.string(),
  courseName: z.string(),
  districtsCommitted: z.number(),
  schoolsCommitted: z.number(),
  teachersAccepted: z.number(),
});
export type Goals = z.infer<typeof goalsSchema>;

const countsSchema = z.object({ districts: z.number(), schools: z.number(), teachers: z.number() });

export const courseProgressSchema = z.object({
  courseId: z.string(),
  courseName: z.string(),
  goal: countsSchema.nullable(),
  committed: countsSchema,
  /** Districts and schools committed at the end of each week (weeks start on Monday, UTC). */
  weekly: z.array(z.object({ weekOf: z.string(), districts: z.number(), schools: z.number() })),
});
export type CourseProgress = z.infer<typeof courseProgressSchema>;

export const progressSchema = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  programYear: z.string(),
  courses: z.array(courseProgressSchema),
});
export type Progress = z.infer<typeof progressSchema>;

export const partnerParamsSchema = z.object({ id: z.string().max(100) });
export const targetParamsSchema = z.object({ id: z.string().max(100) });
export const yearQuerySchema = z.object({ year: programYearNameSchema.optional() });

export function stageLabel(value: RecruitmentStage): string {
  return STAGE_LIFECYCLE[value].label;
}
