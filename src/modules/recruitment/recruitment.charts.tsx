import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { CourseProgress } from './recruitment.schemas.js';

/*
 * Progress charts drawn on the server as SVG (d3 computes the scales and the line's path, preact writes the
 * markup), so they need no script and print as they show. Each chart has a <title> naming what it shows, each
 * bar a <title> with its numbers, and beside each chart a table with the same numbers for screen readers and
 * for anyone who would rather read them. The data-* attributes carry the numbers for tests and tools.
 */

export const MEASURES = ['districts', 'schools', 'teachers'] as const;
export type Measure = (typeof MEASURES)[number];

const MEASURE_LABELS: Record<Measure, string> = {
  districts: 'Districts committed',
  schools: 'Schools committed',
  teachers: 'Teachers accepted',
};

export interface BarGroup {
  /** A course (a partner's chart) or a partner (staff's chart). */
  label: string;
  bars: { measure: Measure; value: number; goal: number | null }[];
}

const WIDTH = 640;

/** A coordinate to a tenth of a unit: finer is invisible and only makes the page longer. */
function px(value: number): number {
  return Math.round(value * 10) / 10;
}
const MARGIN = { top: 16, right: 16, bottom: 48, left: 40 };

/**
 * Bars per group: for each of districts, schools and teachers, what is done as a bar and the goal as a line
 * across it.
 *
 * @example <GoalBars id="progress-bars" title="Progress against goals, 2027-28" groups={groups} />
 */
export function GoalBars(props: { id: string; title: string; groups: readonly BarGroup[] }) {
  const height = 260;
  const x = scaleBand()
    .domain(props.groups.map((group) => group.label))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .paddingInner(0.25)
    .paddingOuter(0.1);
  const inner = scaleBand<Measure>().domain(MEASURES).range([0, x.bandwidth()]).padding(0.1);
  const highest = Math.max(
    1,
    ...props.groups.flatMap((group) => group.bars.flatMap((bar) => [bar.value, bar.goal ?? 0])),
  );
  const y = scaleLinear()
    .domain([0, highest])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const titleId = `${props.id}-title`;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={titleId}
        class="chart-svg"
        id={props.id}
        data-chart="goal-bars"
      >
        <title id={titleId}>{props.title}</title>
        {y.ticks(5).map((tick) => (
          <g key={tick} class="chart-tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={px(y(tick))} y2={px(y(tick))} />
            <text x={MARGIN.left - 6} y={px(y(tick))} dy="0.32em" text-anchor="end">
              {tick}
            </text>
          </g>
        ))}
        {props.groups.map((group) => {
          const left = x(group.label) ?? 0;
          return (
            <g key={group.label} data-group={group.label}>
              {group.bars.map((bar) => {
                const barX = px(left + (inner(bar.measure) ?? 0));
                const top = px(y(bar.value));
                const goalText = bar.goal === null ? 'no goal set' : `goal ${bar.goal}`;
                return (
                  <g key={bar.measure}>
                    <rect
                      class={`chart-bar chart-${bar.measure}`}
                      x={barX}
                      y={top}
                      width={px(inner.bandwidth())}
                      height={px(y(0) - top)}
                      data-measure={bar.measure}
                      data-value={bar.value}
                      data-goal={bar.goal ?? ''}
                    >
                      <title>{`${group.label}: ${MEASURE_LABELS[bar.measure].toLowerCase()} ${bar.value}, ${goalText}`}</title>
                    </rect>
                    {bar.goal !== null && (
                      <line
                        class="chart-goal"
                        x1={barX - 2}
                        x2={px(barX + inner.bandwidth() + 2)}
                        y1={px(y(bar.goal))}
                        y2={px(y(bar.goal))}
                      />
                    )}
                  </g>
                );
              })}
              <text x={px(left + x.bandwidth() / 2)} y={height - MARGIN.bottom + 18} text-anchor="middle">
                {group.label}
              </text>
            </g>
          );
        })}
        <Legend y={height - 12} />
      </svg>
      {/* On a phone the numbers scroll inside their own box, never the page. */}
      <div class="table-scroll" role="region" aria-label={`${props.title}, in numbers`} tabIndex={0}>
        <table class="table chart-table">
          <caption>{props.title}, in numbers</caption>
          <thead>
            <tr>
              <th scope="col" />
              {MEASURES.map((measure) => (
                <th key={measure} scope="col" class="numeric">
                  {MEASURE_LABELS[measure]} (goal)
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.groups.map((group) => (
              <tr key={group.label}>
                <th scope="row">{group.label}</th>
                {MEASURES.map((measure) => {
                  const bar = group.bars.find((one) => one.measure === measure);
                  return (
                    <td key={measure} class="numeric">
                      {bar ? `${bar.value} of ${bar.goal ?? '—'}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function Legend({ y }: { y: number }) {
  return (
    <g class="chart-legend" aria-hidden="true">
      {MEASURES.map((measure, index) => (
        <g key={measure} transform={`translate(${MARGIN.left + index * 170}, ${y})`}>
          <rect class={`chart-bar chart-${measure}`} width="12" height="12" y="-10" />
          <text x="18">{MEASURE_LABELS[measure]}</text>
        </g>
      ))}
      <g transform={`translate(${MARGIN.left + 3 * 170}, ${y})`}>
        <line class="chart-goal" x1="0" x2="14" y1="-4" y2="-4" />
        <text x="18">Goal</text>
      </g>
    </g>
  );
}

/** The bars of a partner's chart: one group per course. */
export function courseGroups(courses: readonly CourseProgress[]): BarGroup[] {
  return courses.map((course) => ({
    label: course.courseName,
    bars: MEASURES.map((measure) => ({
      measure,
      value: course.committed[measure],
      goal: course.goal?.[measure] ?? null,
    })),
  }));
}

/**
 * Districts and schools committed at the end of each week, as two lines.
 *
 * @example <WeeklyLines id="weekly-csp" title="CS Principles: committed by week" weekly={course.weekly} />
 */
export function WeeklyLines(props: { id: string; title: string; weekly: CourseProgress['weekly'] }) {
  const height = 220;
  const titleId = `${props.id}-title`;
  if (props.weekly.length === 0) return <p class="muted">Nothing has moved in this pipeline yet.</p>;
  const x = scalePoint()
    .domain(props.weekly.map((week) => week.weekOf))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.5);
  const highest = Math.max(1, ...props.weekly.flatMap((week) => [week.districts, week.schools]));
  const y = scaleLinear()
    .domain([0, highest])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const path = (measure: 'districts' | 'schools') =>
    line<CourseProgress['weekly'][number]>()
      .x((week) => px(x(week.weekOf) ?? 0))
      .y((week) => px(y(week[measure])))(props.weekly) ?? '';
  const labelEvery = Math.max(1, Math.ceil(props.weekly.length / 8));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={titleId}
        class="chart-svg"
        id={props.id}
        data-chart="weekly-lines"
      >
        <title id={titleId}>{props.title}</title>
        {y.ticks(4).map((tick) => (
          <g key={tick} class="chart-tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={px(y(tick))} y2={px(y(tick))} />
            <text x={MARGIN.left - 6} y={px(y(tick))} dy="0.32em" text-anchor="end">
              {tick}
            </text>
          </g>
        ))}
        <path class="chart-line chart-districts" d={path('districts')} data-measure="districts" />
        <path class="chart-line chart-schools" d={path('schools')} data-measure="schools" />
        {props.weekly.map((week, index) => (
          <g
            key={week.weekOf}
            data-week={week.weekOf}
            data-districts={week.districts}
            data-schools={week.schools}
          >
            <circle
              class="chart-point chart-districts"
              cx={px(x(week.weekOf) ?? 0)}
              cy={px(y(week.districts))}
              r="3"
            >
              <title>{`Week of ${week.weekOf}: ${week.districts} districts, ${week.schools} schools committed`}</title>
            </circle>
            <circle
              class="chart-point chart-schools"
              cx={px(x(week.weekOf) ?? 0)}
              cy={px(y(week.schools))}
              r="3"
            />
            {index % labelEvery === 0 && (
              <text x={px(x(week.weekOf) ?? 0)} y={height - MARGIN.bottom + 18} text-anchor="middle">
                {week.weekOf.slice(5)}
              </text>
            )}
          </g>
        ))}
      </svg>
      {/* On a phone the numbers scroll inside their own box, never the page. */}
      <div class="table-scroll" role="region" aria-label={`${props.title}, in numbers`} tabIndex={0}>
        <table class="table chart-table">
          <caption>{props.title}, in numbers</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col" class="numeric">
                Districts committed
              </th>
              <th scope="col" class="numeric">
                Schools committed
              </th>
            </tr>
          </thead>
          <tbody>
            {props.weekly.map((week) => (
              <tr key={week.weekOf}>
                <th scope="row">{week.weekOf}</th>
                <td class="numeric">{week.districts}</td>
                <td class="numeric">{week.schools}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
