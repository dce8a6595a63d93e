import type { ComponentChildren } from 'preact';
import type { PageContext } from './layout.js';
import { pageCount, type Paged, type SortDirection } from './table-query.js';

export interface Column<Row> {
  /** The column's heading. */
  label: string;
  /** The sort key of `TableSpec.sorts` this column sorts by; without it the column does not sort. */
  sort?: string;
  /** Right-aligned, for counts and amounts. */
  numeric?: boolean;
  /** What a cell shows; the first column's cell is the row's header for screen readers. */
  cell: (row: Row) => ComponentChildren;
}

/**
 * A data table: caption, sortable column headings, rows, an empty state and pagination. Sorting and paging are
 * links that keep the page's other parameters (its filters and search), so the table works without JavaScript.
 * On a narrow screen it scrolls inside its own box (a focusable region, so the keyboard can scroll it too),
 * never the page.
 *
 * @example
 * <DataTable ctx={ctx} id="inbox" caption="Inquiries" page={page} rowKey={(row) => row.id}
 *   columns={[
 *     { label: 'From', sort: 'name', cell: (row) => <a href={`/inbox/${row.id}`}>{row.name}</a> },
 *     { label: 'Received', sort: 'received', cell: (row) => <DateTime iso={row.createdAt} /> },
 *   ]}
 *   empty={<EmptyState title="No inquiries match">Choose another status.</EmptyState>} />
 */
export function DataTable<Row>(props: {
  ctx: PageContext;
  /** Names the table on its page (its caption's id is `${id}-caption`). */
  id: string;
  caption: string;
  columns: readonly Column<Row>[];
  page: Paged<Row>;
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows. */
  empty: ComponentChildren;
  /** Hides the caption from sight (it stays for screen readers) where a heading above already says it. */
  captionHidden?: boolean;
}) {
  const { ctx, page, columns } = props;
  if (page.total === 0) return <>{props.empty}</>;
  const captionId = `${props.id}-caption`;
  return (
    <div class="data-table">
      <div class="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table class="table">
          <caption id={captionId} class={props.captionHidden ? 'visually-hidden' : undefined}>
            {props.caption}
            <span class="muted"> ({countText(page)})</span>
          </caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  class={column.numeric ? 'numeric' : undefined}
                  aria-sort={ariaSort(page, column)}
                >
                  {column.sort ? <SortLink ctx={ctx} page={page} column={column} /> : column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {columns.map((column, index) =>
                  index === 0 ? (
                    <th key={column.label} scope="row" class={column.numeric ? 'numeric' : undefined}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.label} class={column.numeric ? 'numeric' : undefined}>
                      {column.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination ctx={ctx} page={page} />
    </div>
  );
}

function countText(page: Paged<unknown>): string {
  const { total, query } = page;
  if (total <= query.pageSize) return `${total}`;
  const first = (query.page - 1) * query.pageSize + 1;
  return `${first}–${Math.min(total, first + query.pageSize - 1)} of ${total}`;
}

function ariaSort(page: Paged<unknown>, column: Column<never>) {
  if (!column.sort || column.sort !== page.query.sort) return undefined;
  return page.query.direction === 'asc' ? 'ascending' : 'descending';
}

function SortLink({ ctx, page, column }: { ctx: PageContext; page: Paged<unknown>; column: Column<never> }) {
  const active = column.sort === page.query.sort;
  const next: SortDirection = active && page.query.direction === 'asc' ? 'desc' : 'asc';
  const arrow = active ? (page.query.direction === 'asc' ? '▲' : '▼') : '';
  return (
    <a href={withParams(ctx, { sort: column.sort, dir: next, page: undefined })}>
      {column.label}
      {arrow && <span aria-hidden="true"> {arrow}</span>}
    </a>
  );
}

/** Previous, the page numbers around the current one, and next; nothing when everything fits on one page. */
export function Pagination({ ctx, page }: { ctx: PageContext; page: Paged<unknown> }) {
  const last = pageCount(page);
  if (last <= 1) return null;
  const current = page.query.page;
  const numbers = [...new Set([1, current - 1, current, current + 1, last])]
    .filter((n) => n >= 1 && n <= last)
    .sort((a, b) => a - b);
  const href = (n: number) => withParams(ctx, { page: n === 1 ? undefined : String(n) });
  return (
    <nav class="pagination" aria-label="Pages">
      <ul>
        {current > 1 && (
          <li>
            <a href={href(current - 1)} rel="prev">
              Previous<span class="visually-hidden"> page</span>
            </a>
          </li>
        )}
        {numbers.map((n, index) => (
          <li key={n}>
            {index > 0 && n - (numbers[index - 1] ?? n) > 1 && <span aria-hidden="true">… </span>}
            {n === current ? (
              <a href={href(n)} aria-current="page" aria-label={`Page ${n}, this page`}>
                {n}
              </a>
            ) : (
              <a href={href(n)} aria-label={`Page ${n}`}>
                {n}
              </a>
            )}
          </li>
        ))}
        {current < last && (
          <li>
            <a href={href(current + 1)} rel="next">
              Next<span class="visually-hidden"> page</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The page's address with some parameters changed (`undefined` removes one) and the others kept. */
export function withParams(ctx: PageContext, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(ctx.query)) {
    if (key === 'notice' || key in changes) continue;
    for (const one of [value].flat()) params.append(key, one);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) params.set(key, value);
  const search = params.toString();
  return search ? `${ctx.path}?${search}` : ctx.path;
}
