import { z } from 'zod';
import type { FaqChangeAction } from '../../db/schema.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';

/** Anchors are the public addresses of questions (/faq#pm), so they stay short, lowercase and stable. */
export const anchorSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    'Use 1 to 64 lowercase letters, digits or hyphens, starting with a letter or digit.',
  )
  .refine((anchor) => anchor !== 'top', 'The anchor "top" is reserved for the top of the page.');

const questionText = z
  .string({ error: 'Enter the question.' })
  .trim()
  .min(5, 'Enter the question (at least 5 characters).')
  .max(300, 'Keep the question under 300 characters.');

const answerMarkdown = z
  .string({ error: 'Enter the answer.' })
  .trim()
  .min(1, 'Enter the answer.')
  .max(20_000, 'Keep the answer under 20,000 characters.');

const sectionId = z
  .string({ error: 'Choose a section.' })
  .min(1, 'Choose a section.')
  .max(100, 'Choose one of the sections.');

/** Any of the question, its answer and its section; a new section puts the question at its end. */
export const faqQuestionPatchSchema = z
  .object({
    question: questionText.optional(),
    answerMarkdown: answerMarkdown.optional(),
    sectionId: sectionId.optional().describe('Moves the question to the end of this section.'),
  })
  .refine(
    (patch) =>
      patch.question !== undefined || patch.answerMarkdown !== undefined || patch.sectionId !== undefined,
    { error: 'Send a new question, a new answerMarkdown, a sectionId, or several of them.' },
  );
export type FaqQuestionPatch = z.infer<typeof faqQuestionPatchSchema>;

export const faqQuestionCreateSchema = z.object({
  sectionId,
  anchor: z.preprocess((value) => (value === '' ? undefined : value), anchorSchema.optional()),
  question: questionText,
  answerMarkdown,
});
export type FaqQuestionCreate = z.infer<typeof faqQuestionCreateSchema>;

export const faqMoveSchema = z.object({
  direction: z.enum(['up', 'down'], { error: 'Direction must be "up" or "down".' }),
});

export const anchorParamsSchema = z.object({ anchor: z.string().max(200) });
export const changeParamsSchema = z.object({ id: z.string().max(100) });

export const FAQ_HISTORY_TABLE = {
  sorts: ['when', 'who'],
  defaultSort: 'when',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

/** The FAQ's history, newest first: `?anchor=pm` for one question's, `q` searching what changed and who. */
export const faqHistoryQuerySchema = listQuerySchema(FAQ_HISTORY_TABLE, {
  anchor: z
    .string({ error: 'Choose one question by its anchor.' })
    .max(64, 'Choose one question by its anchor.')
    .optional()
    .describe('Only the changes of the question with this anchor.'),
});
export type FaqHistoryQuery = z.output<typeof faqHistoryQuerySchema>;

/** One change in the history, as the history lists it. */
export interface FaqChange {
  id: string;
  /** The question's anchor, or `*` for the whole FAQ (an import). */
  anchor: string;
  action: FaqChangeAction;
  actorEmail: string;
  summary: string;
  at: string;
  /** The question as the change found it, where the change replaced its text. */
  previousQuestion: string | null;
  /** Whether that text can be brought back: the question is still there and reads otherwise now. */
  restorable: boolean;
}

export const faqQuestionSchema = z.object({
  anchor: z.string(),
  question: z.string(),
  answerMarkdown: z.string(),
  answerHtml: z.string(),
});

export const faqResponseSchema = z.object({
  title: z.string(),
  introHtml: z.string(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), questions: z.array(faqQuestionSchema) })),
});
export type FaqView = z.infer<typeof faqResponseSchema>;
