import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zod-messages.js';

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

// What the API answers in these words, operation by operation, is in api-input.test.ts.
describe('the words of a refusal a schema does not word itself', () => {
  it.each([
    ['a missing field', z.object({ name: z.string() }), {}, 'This is required.'],
    ['a wrong type', z.object({ name: z.string() }), { name: 5 }, 'This should be text.'],
    ['a number as text', z.number(), 'five', 'This should be a number.'],
    ['an empty text', z.string().min(1), '', 'This cannot be empty.'],
    ['a short text', z.string().min(3), 'ab', 'Use at least 3 characters.'],
    ['a long text', z.string().max(2), 'abc', 'Use at most 2 characters.'],
    ['a small number', z.number().min(1), 0, 'Enter 1 or more.'],
    ['a big number', z.number().max(9), 10, 'Enter 9 or less.'],
    ['a short list', z.array(z.string()).min(1), [], 'Give at least 1 item.'],
    ['an email', z.email(), 'nobody', 'Enter an email address, like name@example.org.'],
    ['a choice', z.enum(['teacher', 'counselor']), 'pilot', 'Choose one of: teacher, counselor.'],
    ['an extra field', z.strictObject({}), { admin: true }, 'This does not take the field admin.'],
  ])('%s', (_case, schema, input, message) => {
    expect(messagesOf(schema, input)).toEqual([message]);
  });

  it('leaves a message the schema states itself', () => {
    expect(messagesOf(z.string({ error: 'Enter your name.' }), undefined)).toEqual(['Enter your name.']);
  });
});
