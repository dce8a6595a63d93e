import { z } from 'zod';

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

export const faqQuestionPatchSchema = z
  .object({ question: questionText.optional(), answerMarkdown: answerMarkdown.optional() })
  .refine((patch) => patch.question !== undefined || patch.answerMarkdown !== undefined, {
    error: 'Send a new question, a new answerMarkdown, or both.',
  });
export type FaqQuestionPatch = z.infer<typeof faqQuestionPatchSchema>;

export const faqQuestionCreateSchema = z.object({
  sectionId: z.string({ error: 'Choose a section.' }).min(1, 'Choose a section.'),
  anchor: z.preprocess((value) => (value === '' ? undefined : value), anchorSchema.optional()),
  question: questionText,
  answerMarkdown,
});
export type FaqQuestionCreate = z.infer<typeof faqQuestionCreateSchema>;

export const faqMoveSchema = z.object({
  direction: z.enum(['up', 'down'], { error: 'Direction must be "up" or "down".' }),
});

export const anchorParamsSchema = z.object({ anchor: z.string().max(200) });

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
