import { z } from 'zod';
import { criterionSchema, questionSchema } from './applications.schemas.js';

/*
 * A year's questions and rubric. The form has one text box for each list, so every problem is reported on
 * the list, naming the line (the API's arrays are read the same way, line for item).
 */

const QUESTION_MAX = 1000;
const TITLE_MAX = 300;

const nonBlankLines = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    : value;

const questionsSchema = z.preprocess(
  nonBlankLines,
  z
    .array(z.string({ error: 'Write each question as text.' }).trim(), {
      error: 'List the questions, one per line.',
    })
    .transform((questions) => questions.filter(Boolean))
    .pipe(
      z
        .array(z.string())
        .min(1, 'Ask at least one question.')
        .max(30, 'Ask at most 30 questions.')
        .superRefine((questions, ctx) => {
          const long = questions.findIndex((question) => question.length > QUESTION_MAX);
          if (long >= 0) {
            ctx.addIssue({
              code: 'custom',
              message: `Question ${long + 1} is longer than ${QUESTION_MAX.toLocaleString('en-US')} characters; shorten it.`,
            });
          }
        }),
    ),
);

/** "Capacity and staffing | 5" on the form; `{ title, maxScore }` in the API. A line without "|" scores out of 5. */
function criterionOf(line: unknown): unknown {
  if (typeof line !== 'string') return line;
  const [title = '', maxScore = '5'] = line.split('|').map((part) => part.trim());
  return { title, maxScore };
}

function problemOf(criterion: { title: unknown; maxScore: unknown }): string | undefined {
  const title = typeof criterion.title === 'string' ? criterion.title.trim() : '';
  if (title === '') return 'name the criterion before the “|”';
  if (title.length > TITLE_MAX) return `keep its title under ${TITLE_MAX} characters`;
  const max = typeof criterion.maxScore === 'string' ? Number(criterion.maxScore) : criterion.maxScore;
  if (typeof max !== 'number' || !Number.isInteger(max))
    return 'give the maximum score as a whole number after the “|”, like “Capacity | 5”';
  if (max < 1 || max > 100) return 'give a maximum score between 1 and 100';
  return undefined;
}

const criteriaSchema = z.preprocess(
  (value) => {
    const lines = nonBlankLines(value);
    return Array.isArray(lines) ? lines.map(criterionOf) : lines;
  },
  z
    .array(z.object({ title: z.unknown(), maxScore: z.unknown() }), {
      error: 'List the criteria, one per line, as “Title | maximum score”.',
    })
    .min(1, 'Give the rubric at least one criterion.')
    .max(30, 'Give the rubric at most 30 criteria.')
    .superRefine((criteria, ctx) => {
      for (const [index, criterion] of criteria.entries()) {
        const problem = problemOf(criterion);
        if (problem) {
          ctx.addIssue({ code: 'custom', message: `Criterion ${index + 1}: ${problem}.` });
          return;
        }
      }
    })
    .transform((criteria) =>
      criteria.map((criterion) => ({
        title: String(criterion.title).trim(),
        maxScore: Number(criterion.maxScore),
      })),
    ),
);

export const questionsConfigSchema = z.object({
  /** The prompts in order; the form sends one per line. */
  questions: questionsSchema,
  /** The rubric in order; the form sends one "Title | max score" per line. */
  criteria: criteriaSchema,
});

export const yearConfigSchema = z.object({
  programYear: z.string(),
  questions: z.array(questionSchema),
  criteria: z.array(criterionSchema),
});

export const yearQuerySchema = z.object({
  year: z.string().max(20).optional().describe('Program year, like 2027-28; the current one by default.'),
});
