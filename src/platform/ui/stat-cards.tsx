import type { Tone } from './badge.js';

export interface Stat {
  /** What is counted, read after the number: "applications to review". */
  label: string;
  value: number;
  /** The list of exactly what is counted (the filtered list). */
  href: string;
  /** `warning` draws attention to something waiting on the person. */
  tone?: Tone;
  /** A second line, e.g. "3 unread". */
  detail?: string;
}

/**
 * Counts of what awaits a person, each a link to the list it counts: the top of a dashboard.
 *
 * @example <StatCards label="Waiting for you" stats={[{ label: 'applications to review', value: 3, href: '/staff/applications?status=submitted' }]} />
 */
export function StatCards({ label, stats }: { label: string; stats: readonly Stat[] }) {
  return (
    <section class="stat-cards-section" aria-label={label}>
      <ul class="stat-cards">
        {stats.map((stat) => (
          <li key={stat.href} class={`stat-card${stat.value > 0 && stat.tone ? ` stat-${stat.tone}` : ''}`}>
            <a href={stat.href}>
              <span class="stat-value">{stat.value.toLocaleString('en-US')}</span>{' '}
              <span class="stat-label">{stat.label}</span>
            </a>
            {stat.detail && <span class="stat-detail">{stat.detail}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
