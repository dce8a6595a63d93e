import { sql, type SelectQueryBuilder } from 'kysely';
import { pageWindow, refusePageBeyondEnd, type Paged, type TableQuery } from '../platform/ui/table-query.js';

/** Columns as Kysely names them (`inquiries.createdAt`): the camelCase plugin maps them to the table's. */
type Column = string;

export interface PageColumns<Sort extends string> {
  /** The column (or columns, in order) each sort key orders by. */
  sortBy: Record<Sort, Column | readonly Column[]>;
  /** Columns the search text is looked for in, case-insensitively, anywhere in the text. */
  search?: readonly Column[];
  /** Orders rows that sort equal, so that pages never overlap (usually the id). */
  tieBreaker: Column;
}

/**
 * One page of a query, searched and sorted as the table asks, with the total count of matching rows.
 * Written once for both databases: `lower(…) like … escape` behaves the same on SQLite and PostgreSQL
 * (PostgreSQL's plain LIKE is case-sensitive; SQLite's is not, for ASCII).
 */
export async function fetchPage<DB, TB extends keyof DB, Row, Sort extends string>(
  query: SelectQueryBuilder<DB, TB, Row>,
  table: TableQuery<Sort>,
  columns: PageColumns<Sort>,
): Promise<Paged<Row>> {
  const searched =
    table.q && columns.search?.length
      ? query.where(() => {
          const pattern = `%${escapeLike(table.q.toLowerCase())}%`;
          const matches = (columns.search ?? []).map(
            (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
          );
          return sql<boolean>`(${sql.join(matches, sql` or `)})`;
        })
      : query;
  const counted = await searched
    .clearSelect()
    .clearOrderBy()
    .select(sql<number | string>`count(*)`.as('total'))
    .executeTakeFirst();
  const total = Number((counted as { total?: number | string } | undefined)?.total ?? 0);
  const page: Paged<Row> = { rows: [], total, query: table };
  refusePageBeyondEnd(page);
  const sortColumns = [columns.sortBy[table.sort]].flat();
  // Nulls last in both directions and on both databases (their defaults differ).
  const direction = table.direction === 'asc' ? sql`asc nulls last` : sql`desc nulls last`;
  const ordered = sortColumns.reduce(
    (builder, column) => builder.orderBy(sql`${sql.ref(column)} ${direction}`),
    searched.clearOrderBy(),
  );
  const { offset, limit } = pageWindow(table);
  page.rows = await ordered.orderBy(sql.ref(columns.tieBreaker)).limit(limit).offset(offset).execute();
  return page;
}

/** The search text taken literally: `%` and `_` are wildcards in LIKE. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
