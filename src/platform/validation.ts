import type { z } from 'zod';
import { invalidInput, type FieldError } from './errors.js';
// Every refusal a schema words for nobody gets a person's words instead (zod's global error map).
import './zod-messages.js';

/** Parses input with its schema, or throws INVALID_INPUT listing each bad field with a message a person reads. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(fieldErrorsOf(result.error));
}

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
