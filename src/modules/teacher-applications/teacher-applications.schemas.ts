import { z } from 'zod';
import {
  PRINCIPAL_APPROVAL_STATUSES,
  TEACHER_APPLICATION_STATUSES,
  type PrincipalApprovalStatus,
  type TeacherApplicationStatus,
} from '../../db/schema.js';
import { defineLifecycle } from '../../platform/ui/badge.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';
import { locateZip, normalizeZip } from '../regions/geography.js';

/** Submitted, taken up for review, then decided; the teacher may withdraw at any point, and that is final. */
export const TEACHER_APPLICATION_LIFECYCLE = defineLifecycle<TeacherApplicationStatus>({
  submitted: { label: 'Submitted', tone: 'info' },
  in_review: { label: 'In review', tone: 'progress' },
  accepted: { label: 'Accepted', tone: 'success' },
  waitlisted: { label: 'Waitlisted', tone: 'warning' },
  declined: { label: 'Declined', tone: 'danger' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral' },
});

/** The principal's answer to the emailed request: waited for, then given once. */
export const PRINCIPAL_APPROVAL_LIFECYCLE = defineLifecycle<PrincipalApprovalStatus>({
  pending: { label: 'Waiting for the principal', tone: 'warning' },
  approved: { label: 'Approved by the principal', tone: 'success' },
  declined: { label: 'Declined by the principal', tone: 'danger' },
});

export const DECISIONS = ['accepted', 'waitlisted', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ANSWER_MAX = 5000;
const PROMPT_MAX = 500;
export const QUESTIONS_MAX = 30;

/** Control characters other than tabs and line breaks are invisible, and PostgreSQL refuses NUL in text. */
const stripControls = (text: string) => text.replace(/[^\P{Cc}\t\n\r]/gu, '');

const programYearField = z
  .string({ error: 'Choose the program year, like 2027-28.' })
  .trim()
  .min(1, 'Choose the program year, like 2027-28.')
  .max(20, 'Choose the program year, like 2027-28.');

const courseIdField = z
  .string({ error: 'Choose the course.' })
  .trim()
  .min(1, 'Choose the course.')
  .max(100, 'Choose one of the courses.');

const ZIP_HINT = 'Enter the school’s 5-digit ZIP code, like 98101.';

const zipField = z
  .string({ error: ZIP_HINT })
  .max(40, ZIP_HINT)
  .transform((value, ctx) => {
    const zip = normalizeZip(value);
    if (!zip) {
      ctx.addIssue({ code: 'custom', message: ZIP_HINT });
      return z.NEVER;
    }
    // The ZIP is how the application finds its partner: one the dataset lacks is most likely a typo.
    if (!locateZip(zip)) {
      ctx.addIssue({ code: 'custom', message: `We do not know the ZIP code ${zip}. Check it.` });
      return z.NEVER;
    }
    return zip;
  });

const ncesIdField = z
  .string({ error: 'Choose your school from the directory.' })
  .trim()
  .regex(/^\d{12}$/, 'A school’s NCES id is 12 digits, leading zeros included.');

const schoolNameField = z
  .string({ error: 'Enter your school’s name.' })
  .overwrite(stripControls)
  .trim()
  .min(1, 'Enter your school’s name, or choose it from the directory.')
  .max(200, 'Keep the school’s name under 200 characters.');

/** Empty form fields arrive as ''; a field left empty is simply not given. */
const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * A directory school by its NCES id (or by the directory's own id, which a school staff added by hand has
 * without an NCES id yet), or else one the directory lacks by its name and ZIP. One object rather than a union,
 * so that each refusal names its own field (`school.zip`) instead of "matches neither shape".
 */
export const schoolChoiceSchema = z
  .object(
    {
      ncesId: z
        .preprocess(blankAsMissing, ncesIdField.optional())
        .describe('The directory’s 12-digit NCESSCH.'),
      id: z
        .preprocess(
          blankAsMissing,
          z.string().trim().max(100, 'Choose your school from the directory.').optional(),
        )
        .describe('The directory’s id of the school, as its search answers it (every school has one).'),
      name: z.preprocess(blankAsMissing, schoolNameField.optional()).describe('An unlisted school’s name.'),
      zip: z.preprocess(blankAsMissing, zipField.optional()).describe('An unlisted school’s ZIP code.'),
    },
    { error: 'Choose your school from the directory ({ ncesId }), or name it with its ZIP ({ name, zip }).' },
  )
  .transform((school, ctx): { ncesId: string } | { id: string } | { name: string; zip: string } => {
    if (school.ncesId !== undefined) return { ncesId: school.ncesId };
    if (school.id !== undefined) return { id: school.id };
    if (school.name !== undefined && school.zip !== undefined) return { name: school.name, zip: school.zip };
    if (school.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'Choose your school from the directory, or enter its name.',
      });
    }
    if (school.zip === undefined) {
      ctx.addIssue({ code: 'custom', path: ['zip'], message: ZIP_HINT });
    }
    return z.NEVER;
  });

const PRINCIPAL_NAME_MESSAGE = 'Enter your principal’s name.';

const principalNameField = z
  .string({ error: PRINCIPAL_NAME_MESSAGE })
  .overwrite(stripControls)
  .trim()
  .min(1, PRINCIPAL_NAME_MESSAGE)
  .max(120, 'Keep the name under 120 characters.');

const principalEmailField = z
  .string({ error: 'Enter your principal’s email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'Enter an email address like name@example.org.')
  .pipe(z.email('Enter an email address like name@example.org.'));

/**
 * A teacher's application. A `partnerId` or anything else the client adds is not read: the server routes the
 * application by the school's location.
 */
export const applicationInputSchema = z.object(
  {
    programYear: programYearField,
    courseId: courseIdField,
    school: schoolChoiceSchema,
    answers: z
      .record(
        z.string().max(100),
        z
          .string({ error: 'Write each answer as text.' })
          .overwrite(stripControls)
          .trim()
          .max(ANSWER_MAX, `Keep each answer under ${ANSWER_MAX.toLocaleString('en-US')} characters.`),
        { error: 'Send the answers as an object of question id to text.' },
      )
      .default({})
      .describe('The answers to the year’s questions for the course, by question id.'),
    principalName: z
      .preprocess(blankAsMissing, principalNameField.optional())
      .describe('Required when the partner the school is routed to asks for the principal’s approval.'),
    principalEmail: z
      .preprocess(blankAsMissing, principalEmailField.optional())
      .describe('Where the approval request goes; required with `principalName`’s rule.'),
  },
  { error: 'Send a JSON object with programYear, courseId, school and answers.' },
);
export type ApplicationInput = z.output<typeof applicationInputSchema>;

export const decisionInputSchema = z.object({
  decision: z.enum(DECISIONS, { error: 'Choose accepted, waitlisted or declined.' }),
  note: z
    .string({ error: 'Write the note as text.' })
    .overwrite(stripControls)
    .trim()
    .max(1000, 'Keep the note under 1,000 characters.')
    .optional()
    .transform((note) => (note === '' ? undefined : note))
    .describe('Why, for the reviewers: kept in the history, neither emailed nor shown to the teacher.'),
});

export const assignmentInputSchema = z.object({
  workshopId: z
    .string({ error: 'Choose one of your workshops of this course.' })
    .trim()
    .min(1, 'Choose one of your workshops of this course.')
    .max(100, 'Choose one of your workshops of this course.'),
});

export const partnerAssignmentInputSchema = z.object({
  partnerId: z
    .string({ error: 'Choose a partner.' })
    .trim()
    .min(1, 'Choose a partner.')
    .max(100, 'Choose one of the year’s partners.'),
});

/** The reviewer's request to the principal, sent again or for the first time, to the address given. */
export const principalRequestInputSchema = z.object({
  principalName: principalNameField,
  principalEmail: principalEmailField,
});

export const PRINCIPAL_ANSWERS = ['approved', 'declined'] as const;

export const principalAnswerInputSchema = z.object({
  answer: z.enum(PRINCIPAL_ANSWERS, { error: 'Choose whether you approve or decline.' }),
  comment: z
    .string({ error: 'Write the comment as text.' })
    .overwrite(stripControls)
    .trim()
    .max(1000, 'Keep the comment under 1,000 characters.')
    .optional()
    .transform((comment) => (comment === '' ? undefined : comment)),
});

export const teacherApplicationSettingsInputSchema = z.object({
  principalApprovalRequired: z
    // A form's ticked checkbox sends "yes", an unticked one nothing.
    .preprocess(
      (value) => (value === 'yes' ? true : value),
      z.boolean({ error: 'Say whether applications need the principal’s approval (true or false).' }),
    )
    .default(false)
    .describe(
      'Whether each new application needs its principal’s approval, asked by an emailed link, before it can be accepted.',
    ),
});

export const teacherApplicationSettingsSchema = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  principalApprovalRequired: z.boolean(),
  updatedAt: z.string().nullable().describe('Null while the partner never changed the defaults.'),
});
export type TeacherApplicationSettings = z.infer<typeof teacherApplicationSettingsSchema>;

export const cohortCapacityInputSchema = z.object({
  programYear: programYearField,
  courseId: courseIdField,
  capacity: z.coerce
    .number({ error: 'Enter the capacity as a whole number.' })
    .int('Enter the capacity as a whole number.')
    .min(0, 'The capacity cannot be negative.')
    .max(10_000, 'A cohort holds at most 10,000 teachers.'),
});

export const questionsInputSchema = z.object({
  questions: z
    .array(
      z.object({
        prompt: z
          .string({ error: 'Write each question.' })
          .overwrite(stripControls)
          .trim()
          .min(1, 'Write each question.')
          .max(PROMPT_MAX, `Keep each question under ${PROMPT_MAX} characters.`),
        // A form's ticked checkbox sends "yes", an unticked one nothing.
        required: z
          .preprocess(
            (value) => (value === 'yes' ? true : value),
            z.boolean({ error: 'Say whether each question must be answered (true or false).' }),
          )
          .default(false),
      }),
      { error: 'Send the questions as a list.' },
    )
    .max(QUESTIONS_MAX, `Ask at most ${QUESTIONS_MAX} questions.`),
});

export const formParamsSchema = z.object({
  programYear: z.string().max(20),
  courseId: z.string().max(100),
});

export const applicationIdParamsSchema = z.object({ id: z.string().max(100) });
export const partnerIdParamsSchema = z.object({ id: z.string().max(100) });

export const questionSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  prompt: z.string(),
  required: z.boolean(),
});
export type Question = z.infer<typeof questionSchema>;

export const applicationFormSchema = z.object({
  programYear: z.string(),
  courseId: z.string(),
  questions: z.array(questionSchema),
});

export const partnerRefSchema = z.object({ id: z.string(), name: z.string() });

export const submittedSchema = z.object({
  id: z.string(),
  status: z.enum(TEACHER_APPLICATION_STATUSES),
  partner: partnerRefSchema.nullable(),
});

export const answerSchema = z.object({ questionId: z.string(), prompt: z.string(), answer: z.string() });
export type Answer = z.infer<typeof answerSchema>;

export const teacherApplicationSchema = z.object({
  id: z.string(),
  programYear: z.string(),
  courseId: z.string(),
  courseName: z.string(),
  teacher: z.object({ name: z.string(), email: z.string() }),
  school: z.object({
    ncesId: z.string().nullable().describe('Null for a school the directory lacks.'),
    name: z.string(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    zip: z.string().nullable(),
    county: z.string().nullable(),
  }),
  partner: partnerRefSchema.nullable().describe('Null while no partner serves the school: staff assign one.'),
  matchedBy: z.enum(['zip', 'county', 'state', 'staff']).nullable(),
  status: z.enum(TEACHER_APPLICATION_STATUSES),
  enrollmentId: z.string().nullable().describe('The workshop enrollment, once the partner assigned one.'),
  workshopId: z.string().nullable(),
  principalApproval: z
    .enum(PRINCIPAL_APPROVAL_STATUSES)
    .nullable()
    .describe('Where the request to the principal stands; null while none was sent.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeacherApplication = z.infer<typeof teacherApplicationSchema>;

export const applicationEventSchema = z.object({
  actorName: z.string().nullable(),
  fromStatus: z.enum(TEACHER_APPLICATION_STATUSES).nullable(),
  toStatus: z.enum(TEACHER_APPLICATION_STATUSES),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const principalSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  required: z
    .boolean()
    .describe('Whether the partner asks for the principal’s approval before an acceptance.'),
  approval: z
    .object({
      status: z.enum(PRINCIPAL_APPROVAL_STATUSES),
      requestedAt: z.string().describe('When the latest request was emailed.'),
      answeredAt: z.string().nullable(),
      comment: z
        .string()
        .nullable()
        .describe('The principal’s comment, for reviewers only (null to the teacher).'),
    })
    .nullable()
    .describe('Null while no request was sent.'),
});
export type PrincipalOfApplication = z.infer<typeof principalSchema>;

export const applicationDetailSchema = teacherApplicationSchema.extend({
  answers: z.array(answerSchema),
  events: z.array(applicationEventSchema),
  principal: principalSchema,
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

export const APPLICATION_TABLE = {
  sorts: ['submitted', 'teacher', 'status'],
  defaultSort: 'submitted',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

export const applicationListQuerySchema = listQuerySchema(APPLICATION_TABLE, {
  status: z
    .enum([...TEACHER_APPLICATION_STATUSES, 'unmatched'], {
      error: 'Choose a status, or unmatched for those no partner serves.',
    })
    .optional()
    .describe('A status, or "unmatched" for applications no partner serves yet (staff).'),
  programYear: z.string().max(20).optional(),
  courseId: z.string().max(100).optional(),
  partnerId: z.string().max(100).optional().describe('Staff: one partner’s applications.'),
  mine: z
    .enum(['yes'], { error: 'Leave out mine, or set it to yes.' })
    .optional()
    .describe('"yes" for only the acting person’s own applications.'),
});
export type ApplicationListQuery = z.output<typeof applicationListQuerySchema>;

export const applicationListSchema = z.object({
  applications: z.array(teacherApplicationSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageCount: z.number().int(),
  truncated: z.boolean(),
});

export const cohortCapacitySchema = z.object({
  partnerId: z.string(),
  programYear: z.string(),
  courseId: z.string(),
  capacity: z.number().int(),
  accepted: z.number().int(),
});
export type CohortCapacity = z.infer<typeof cohortCapacitySchema>;

/** The application form's address: the year, the course chosen, and the school search (a name or a ZIP). */
export const applyPageQuerySchema = z.object({
  programYear: z.string().trim().max(20).optional().catch(undefined),
  courseId: z.string().trim().max(100).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});
