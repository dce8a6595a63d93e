import type { ComponentChildren } from 'preact';

export interface SummaryRow {
  key: string;
  value: ComponentChildren;
  /** A link to change this answer, e.g. on a "check your answers" page. */
  change?: { href: string; label: string };
}

/**
 * Facts about one thing as term and value (an inquiry's sender, an application's answers); on a phone each
 * value goes under its term, and a long value wraps instead of widening the page.
 *
 * @example <SummaryList rows={[{ key: 'Email', value: <a href="mailto:a@example.org">a@example.org</a> }]} />
 */
export function SummaryList({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <dl class="summary-list">
      {rows.map((row) => (
        <div class="summary-row" key={row.key}>
          <dt>{row.key}</dt>
          <dd>{row.value}</dd>
          {row.change && (
            <dd class="summary-change">
              <a href={row.change.href}>
                Change<span class="visually-hidden"> {row.change.label}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
