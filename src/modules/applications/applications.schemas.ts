import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../db/schema.js';
import { isUnitedStates } from '../eligibility/eligibility.schemas.js';
import { regionListSchema } from '../regions/regions.schemas.js';

export { APPLICATION_STATUSES, type ApplicationStatus } from '../../db/schema.js';

/** The multi-step form, in order; each step is saved on its own. */
export const APPLICATION_STEPS = ['organizations', 'region', 'staffing', 'narrative'] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];

export { OUTSIDE_US_MESSAGE as US_ONLY_REASON } from '../eligibility/eligibility.schemas.js';

const text = (max: number, empty: string, long: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, long);

const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter an email address like name@example.org.'));

export const applicationOrganizationSchema = z.object({
  name: text(200, "Enter the organization's name.", 'Keep the name under 200 characters.'),
  role: text(
    200,
    'Describe its role, e.g. "funding" or "professional learning and outreach".',
    'Keep the role under 200 characters.',
  ),
  /** "US" for the United States; anything else is refused with the FAQ's reason. */
  country: z
    .string({ error: 'Choose the country.' })
    .trim()
    .min(1, 'Choose the country.')
    .max(60)
    .transform((value) => (isUnitedStates(value) ? 'US' : value)),
  state: z.string().trim().toUpperCase().max(60).default(''),
});

export const organizationsStepSchema = z.object({
  contactName: text(120, 'Enter the name of the contact person.', 'Keep the name under 120 characters.'),
  contactEmail: emailSchema,
  /** The lead organization first, then any co-applicants. */
  organizations: z
    .array(applicationOrganizationSchema, { error: 'Name the lead organization.' })
    .min(1, 'Name the lead organization.')
    .max(10, 'An application names at most 10 organizations.'),
});
export type OrganizationsStep = z.infer<typeof organizationsStepSchema>;

export const regionStepSchema = z.object({
  /** Units like "WA", "WA:King" or "98101"; the form sends one per line. */
  regions: regionListSchema({ wrongType: 'Propose at least one region.' }).refine(
    (regions) => regions.length > 0,
    'Propose at least one region.',
  ),
});

export const staffMemberSchema = z.object({
  name: text(120, "Enter the person's name.", 'Keep the name under 120 characters.'),
  email: emailSchema,
  fte: z.coerce
    .number({ error: 'Enter a share between 0.05 and 1, like 0.25.' })
    .min(0.05, 'Each share is at least 0.05 FTE.')
    .max(1, 'Each share is at most 1 FTE.'),
});

export const staffingStepSchema = z.object({
  staff: z
    .array(staffMemberSchema, { error: 'Name at least one program manager.' })
    .min(1, 'Name at least one program manager.')
    .max(10, 'Name at most 10 people.'),
});

export const narrativeStepSchema = z.object({
  /** Answers by question id. */
  answers: z.record(
    z.string().max(100),
    z.string().trim().max(5000, 'Keep each answer under 5,000 characters.'),
  ),
});

export const createApplicationSchema = z.object({
  programYear: z.string().trim().max(20).optional(),
});

export const transitionInputSchema = z.object({
  to: z.enum(['in_review', 'interview', 'accepted', 'declined'], {
    error: 'Choose in_review, interview, accepted or declined.',
  }),
  /** The decision email, as staff edited it; a default is used when left out. */
  emailSubject: z.string().trim().max(200).optional(),
  emailBody: z.string().trim().max(10_000).optional(),
});

export const scoresInputSchema = z.object({
  /** Scores by criterion id. */
  scores: z.record(
    z.string().max(100),
    z.coerce.number({ error: 'Enter a whole number.' }).int('Enter a whole number.').min(0, 'Use 0 or more.'),
  ),
});

export const noteInputSchema = z.object({
  body: text(5000, 'Write the note.', 'Keep the note under 5,000 characters.'),
});

export const questionsConfigSchema = z.object({
  /** The prompts in order; the form sends one per line. */
  questions: z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean)
        : value,
    z
      .array(z.string().trim().min(1).max(1000, 'Keep each question under 1,000 characters.'))
      .min(1, 'Ask at least one question.')
      .max(30, 'Ask at most 30 questions.'),
  ),
  /** The rubric in order; the form sends one "Title | max score" per line. */
  criteria: z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
              const [title = '', max = '5'] = line.split('|').map((part) => part.trim());
              return { title, maxScore: max };
            })
        : value,
    z
      .array(
        z.object({
          title: z.string().trim().min(1, 'Name the criterion.').max(300),
          maxScore: z.coerce
            .number({ error: 'Give the maximum score as a number.' })
            .int('Give the maximum score as a whole number.')
            .min(1, 'The maximum score is at least 1.')
            .max(100, 'The maximum score is at most 100.'),
        }),
      )
      .min(1, 'Give the rubric at least one criterion.')
      .max(30, 'Give the rubric at most 30 criteria.'),
  ),
});

export const questionSchema = z.object({ id: z.string(), prompt: z.string() });
export const criterionSchema = z.object({ id: z.string(), title: z.string(), maxScore: z.number() });
export type Question = z.infer<typeof questionSchema>;
export type Criterion = z.infer<typeof criterionSchema>;

export const yearConfigSchema = z.object({
  programYear: z.string(),
  questions: z.array(questionSchema),
  criteria: z.array(criterionSchema),
});

export const applicationSchema = z.object({
  id: z.string(),
  programYear: z.string(),
  pmFte: z.number(),
  status: z.enum(APPLICATION_STATUSES),
  applicantEmail: z.string(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  organizations: z.array(
    z.object({ name: z.string(), role: z.string(), country: z.string(), state: z.string() }),
  ),
  regions: z.array(z.string()),
  staff: z.array(z.object({ name: z.string(), email: z.string(), fte: z.number() })),
  answers: z.record(z.string(), z.string()),
  questions: z.array(questionSchema),
  partnerId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  events: z.array(
    z.object({ from: z.string().nullable(), to: z.string(), actorEmail: z.string(), at: z.string() }),
  ),
});
export type Application = z.infer<typeof applicationSchema>;

export const reviewSchema = z.object({
  criteria: z.array(criterionSchema),
  scores: z.array(z.object({ reviewerEmail: z.string(), criterionId: z.string(), score: z.number() })),
  /** Per reviewer, the sum of their scores; the average is over reviewers who scored. */
  reviewerTotals: z.array(z.object({ reviewerEmail: z.string(), total: z.number() })),
  averageTotal: z.number().nullable(),
  maxTotal: z.number(),
  notes: z.array(z.object({ authorEmail: z.string(), body: z.string(), createdAt: z.string() })),
});
export type Review = z.infer<typeof reviewSchema>;

export const applicationSummarySchema = z.object({
  id: z.string(),
  programYear: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  leadOrganization: z.string().nullable(),
  states: z.array(z.string()),
  applicantEmail: z.string(),
  updatedAt: z.string(),
  averageTotal: z.number().nullable(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const queueQuerySchema = z.object({
  year: z.string().max(20).optional(),
  status: z.enum(APPLICATION_STATUSES).optional().catch(undefined),
  state: z.string().trim().toUpperCase().max(2).optional(),
});

export const applicationIdParamsSchema = z.object({ id: z.string().max(100) });
