import { z } from 'zod';
import { invalidInput } from '../errors.js';

/**
 * How a data table is searched, sorted and paged, from the page's query parameters (`?q=…&sort=name&dir=asc
 * &page=2`), so that it works without JavaScript and every view of a list has an address. The repository
 * applies it in SQL (`db/paging.ts`); the table component draws its links from it.
 */
export interface TableSpec<Sort extends string> {
  /** The columns a list can be sorted by, in the order the table shows them. */
  sorts: readonly Sort[];
  defaultSort: Sort;
  defaultDirection: SortDirection;
  /** Rows per page. */
  pageSize?: number;
}

export type SortDirection = 'asc' | 'desc';

export interface TableQuery<Sort extends string = string> {
  /** The search text, trimmed; empty for none. */
  q: string;
  sort: Sort;
  direction: SortDirection;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 25;
const SEARCH_MAX = 100;

/**
 * The zod schema of a table's parameters, with messages for people; a list page extends it with its
 * filters (`tableQuerySchema(spec).extend({ status: … })`).
 */
export function tableQuerySchema<const Sort extends string>(spec: TableSpec<Sort>) {
  const sorts = spec.sorts as readonly [Sort, ...Sort[]];
  return z.object({
    q: z
      .string({ error: 'Search for some text.' })
      .max(SEARCH_MAX, `Search for at most ${SEARCH_MAX} characters.`)
      .transform((text) => text.trim())
      .default(''),
    sort: z
      .enum(sorts, { error: `Sort by one of: ${spec.sorts.join(', ')}.` })
      .default(spec.defaultSort as never),
    dir: z
      .enum(['asc', 'desc'], { error: 'Sort in the direction asc (A to Z) or desc (Z to A).' })
      .optional(),
    page: z
      .string({ error: 'Choose one page number.' })
      .regex(/^\d{1,6}$/, 'Choose a page by its number: 1, 2, 3…')
      .transform(Number)
      .refine((page) => page >= 1, 'Pages are numbered from 1.')
      .default(1 as never),
  });
}

type RawTableQuery = z.output<ReturnType<typeof tableQuerySchema<string>>>;

/**
 * The query of a list page and its API: the table's parameters and the list's own filters, read as one object
 * `{ ...filters, table }`. A filter left at "any" arrives empty from the browser (`?status=&q=`), so empty
 * parameters count as not given.
 *
 * @example listQuerySchema(INBOX_TABLE, { status: z.enum(['open', 'closed']).default('open') })
 */
export function listQuerySchema<const Sort extends string, const Filters extends z.ZodRawShape>(
  spec: TableSpec<Sort>,
  filters: Filters,
): z.ZodType<z.output<z.ZodObject<Filters>> & { table: TableQuery<Sort> }> {
  return z.preprocess(withoutBlankParameters, tableQuerySchema(spec).extend(filters)).transform((parsed) => {
    const { q, sort, dir, page, ...rest } = parsed as RawTableQuery & Record<string, unknown>;
    return {
      ...(rest as z.output<z.ZodObject<Filters>>),
      table: tableQueryOf(spec, { q, sort: sort as Sort, dir, page }),
    };
  });
}

function withoutBlankParameters(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')),
  );
}

/** A parsed query as the repository and the table take it. */
export function tableQueryOf<Sort extends string>(
  spec: TableSpec<Sort>,
  parsed: Pick<RawTableQuery, 'q' | 'dir' | 'page'> & { sort: Sort },
): TableQuery<Sort> {
  return {
    q: parsed.q,
    sort: parsed.sort,
    // A column sorts in its natural direction first (the newest, the highest) unless the link says otherwise.
    direction: parsed.dir ?? (parsed.sort === spec.defaultSort ? spec.defaultDirection : 'asc'),
    page: parsed.page,
    pageSize: spec.pageSize ?? DEFAULT_PAGE_SIZE,
  };
}

/** One page of a list, with what the table needs to draw its pagination. */
export interface Paged<Row> {
  rows: Row[];
  total: number;
  query: TableQuery;
}

export function pageCount(page: Pick<Paged<unknown>, 'total' | 'query'>): number {
  return Math.max(1, Math.ceil(page.total / page.query.pageSize));
}

/** Where a page sits in its list, as the JSON API reports it beside the rows. */
export function pageInfo(page: Paged<unknown>) {
  const pages = pageCount(page);
  return { total: page.total, page: page.query.page, pageCount: pages, truncated: page.query.page < pages };
}

/** Offset and limit of the asked page. */
export function pageWindow(query: TableQuery): { offset: number; limit: number } {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}

/** A page past the end is refused with the way back, rather than shown empty as if the list were. */
export function refusePageBeyondEnd(page: Paged<unknown>): void {
  const last = pageCount(page);
  if (page.query.page > last) {
    throw invalidInput(
      [{ path: 'page', message: `This list has ${last} page${last === 1 ? '' : 's'}; choose one of them.` }],
      `There is no page ${page.query.page} of this list.`,
    );
  }
}
