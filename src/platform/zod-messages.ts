import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

/*
 * The words of a refusal where a schema gives none of its own. Zod's defaults ("Invalid input: expected
 * string, received undefined") are written for programmers; these are for the person who sent the request.
 * A message a schema states itself always wins: this map is zod's last resort before its own locale.
 */

type Issue = $ZodRawIssue;

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of named fields (a JSON object)',
  date: 'a date',
};

const FORMATS: Record<string, string> = {
  email: 'Enter an email address, like name@example.org.',
  url: 'Enter a web address starting with https://.',
  uuid: 'This is not an id the portal gave out.',
  datetime: 'Enter a date and time, like 2027-06-01T09:00:00Z.',
  date: 'Enter a date, like 2027-06-01.',
  time: 'Enter a time, like 09:00.',
};

function kindOf(expected: string): string {
  return KINDS[expected] ?? 'another kind of value';
}

function count(value: number | bigint, one: string, many: string): string {
  return `${value.toLocaleString('en-US')} ${value === 1 || value === 1n ? one : many}`;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const { minimum, origin } = issue;
  if (origin === 'string') {
    return minimum === 1
      ? 'This cannot be empty.'
      : `Use at least ${count(minimum, 'character', 'characters')}.`;
  }
  if (origin === 'array' || origin === 'set') {
    return `Give at least ${count(minimum, 'item', 'items')}.`;
  }
  return issue.inclusive === false ? `Enter a number above ${minimum}.` : `Enter ${minimum} or more.`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const { maximum, origin } = issue;
  if (origin === 'string') return `Use at most ${count(maximum, 'character', 'characters')}.`;
  if (origin === 'array' || origin === 'set') return `Give at most ${count(maximum, 'item', 'items')}.`;
  if (origin === 'file') return `The file can be at most ${count(maximum, 'byte', 'bytes')}.`;
  return issue.inclusive === false ? `Enter a number below ${maximum}.` : `Enter ${maximum} or less.`;
}

/** A person's message for a zod issue that its schema left without one. */
export function personMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'This is required.' : `This should be ${kindOf(issue.expected)}.`;
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'This is not in the expected format.';
    case 'not_multiple_of':
      return `Enter a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return `This does not take ${issue.keys.length === 1 ? 'the field' : 'the fields'} ${issue.keys.join(', ')}.`;
    case 'invalid_value':
      return issue.values.length <= 8
        ? `Choose one of: ${issue.values.map(String).join(', ')}.`
        : 'Choose one of the values offered.';
    case 'invalid_union':
      return 'This does not match any of the forms this field takes.';
    case 'invalid_key':
    case 'invalid_element':
      return 'Some entries here are not valid.';
    default:
      return 'Check this value.';
  }
}

z.config({ customError: personMessage });
