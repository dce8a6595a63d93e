import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  callApi,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../tests/helpers/portal.js';
import './zod-messages.js';

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

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

/** Zod's own wording, which must never reach a person. */
const ZOD_DEFAULTS =
  /Invalid input|expected \w+, received|Too (small|big)|Unrecognized key|Invalid (string|option|email|url)/i;

describe('every API operation answers bad values in a person’s words', () => {
  let test: TestPortal;
  let staff: TestUser;
  beforeAll(async () => {
    test = await startTestPortal();
    staff = await signedInUser(test, 'staff');
  });
  afterAll(async () => {
    await test.close();
  });

  it('for each field of each JSON body, a value of the wrong type, a huge text and a list', async () => {
    const document = (await callApi(test, 'GET', '/api/openapi.json', staff)).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }>
      >;
    };
    const leaks: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const fields = Object.keys(
          operation.requestBody?.content?.['application/json']?.schema?.properties ?? {},
        );
        if (!['post', 'put', 'patch'].includes(method) || fields.length === 0) continue;
        operations++;
        // An id nobody has: the body is judged before anything is looked up, or the answer is a 404.
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000');
        for (const value of [{ nested: 1 }, 'x'.repeat(70_000), [1, null]]) {
          const body = Object.fromEntries(fields.map((field) => [field, value]));
          const response = await callApi(test, method.toUpperCase(), url, staff, body);
          const text = JSON.stringify(response.body);
          if (response.status >= 500 || ZOD_DEFAULTS.test(text)) {
            leaks.push(`${method.toUpperCase()} ${path} ${response.status}: ${text.slice(0, 200)}`);
          }
        }
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});
