import { describe, expect, it } from 'vitest';
import { parseInput } from '../validation.js';
import { AppError } from '../errors.js';
import {
  pageCount,
  pageInfo,
  pageWindow,
  refusePageBeyondEnd,
  tableQueryOf,
  tableQuerySchema,
} from './table-query.js';

const SPEC = { sorts: ['name', 'created'], defaultSort: 'created', defaultDirection: 'desc' } as const;
const schema = tableQuerySchema(SPEC);

function parse(query: Record<string, unknown>) {
  const raw = parseInput(schema, query);
  return tableQueryOf(SPEC, raw);
}

function refusal(query: Record<string, unknown>) {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, errors: error.fieldErrors };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('a table’s query parameters', () => {
  it('defaults to the first page, sorted by the default column in its natural direction, with no search', () => {
    expect(parse({})).toEqual({ q: '', sort: 'created', direction: 'desc', page: 1, pageSize: 25 });
  });

  it('sorts another column A to Z first, unless the link names a direction', () => {
    expect(parse({ sort: 'name' })).toMatchObject({ sort: 'name', direction: 'asc' });
    expect(parse({ sort: 'name', dir: 'desc' })).toMatchObject({ sort: 'name', direction: 'desc' });
    expect(parse({ sort: 'created', dir: 'asc' })).toMatchObject({ direction: 'asc' });
  });

  it('trims the search and reads the page number', () => {
    expect(parse({ q: '  Seattle  ', page: '3' })).toMatchObject({ q: 'Seattle', page: 3 });
  });

  it('refuses what it cannot read with a message per parameter, written for a person', () => {
    expect(refusal({ page: '0' })).toEqual({
      status: 400,
      errors: [{ path: 'page', message: 'Pages are numbered from 1.' }],
    });
    expect(refusal({ page: '-1' }).errors).toEqual([
      { path: 'page', message: 'Choose a page by its number: 1, 2, 3…' },
    ]);
    expect(refusal({ page: '2.5' }).errors[0]?.path).toBe('page');
    expect(refusal({ page: ['1', '2'] }).errors).toEqual([
      { path: 'page', message: 'Choose one page number.' },
    ]);
    expect(refusal({ sort: 'price' }).errors).toEqual([
      { path: 'sort', message: 'Sort by one of: name, created.' },
    ]);
    expect(refusal({ dir: 'up' }).errors).toEqual([
      { path: 'dir', message: 'Sort in the direction asc (A to Z) or desc (Z to A).' },
    ]);
    expect(refusal({ q: 'x'.repeat(101) }).errors).toEqual([
      { path: 'q', message: 'Search for at most 100 characters.' },
    ]);
    expect(refusal({ page: '9999999' }).errors[0]?.path).toBe('page');
  });

  it('counts pages, and refuses a page past the end with how many there are', () => {
    const query = parse({ page: '3' });
    expect(pageCount({ total: 0, query })).toBe(1);
    expect(pageCount({ total: 50, query })).toBe(2);
    expect(pageCount({ total: 51, query })).toBe(3);
    expect(pageWindow(query)).toEqual({ offset: 50, limit: 25 });
    expect(pageInfo({ rows: [], total: 51, query })).toEqual({
      total: 51,
      page: 3,
      pageCount: 3,
      truncated: false,
    });
    expect(() => {
      refusePageBeyondEnd({ rows: [], total: 51, query });
    }).not.toThrow();
    let error: unknown;
    try {
      refusePageBeyondEnd({ rows: [], total: 50, query });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('There is no page 3 of this list.');
    expect((error as AppError).fieldErrors).toEqual([
      { path: 'page', message: 'This list has 2 pages; choose one of them.' },
    ]);
    // An empty list has its one (empty) page.
    expect(() => {
      refusePageBeyondEnd({ rows: [], total: 0, query: parse({}) });
    }).not.toThrow();
  });
});
