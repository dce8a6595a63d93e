import { RECRUITMENT_STAGES } from '../../db/schema.js';
import {
  DataTable,
  DateOnly,
  DateTime,
  EmptyState,
  FilterBar,
  FilterSelect,
  Form,
  Layout,
  SelectField,
  StatusBadge,
  SummaryList,
  TextArea,
  TextField,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import type { Partner } from '../partners/partners.schemas.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { courseGroups, GoalBars, MEASURES, WeeklyLines, type BarGroup } from './recruitment.charts.js';
import type { DirectoryEntry } from './recruitment.repository.js';
import {
  STAGE_LIFECYCLE,
  STAGE_OPTIONS,
  type GoalsInput,
  type Progress,
  type Target,
  type TargetDetail,
  type TargetPatch,
} from './recruitment.schemas.js';
import type { RecruitmentCourse } from './recruitment.service.js';

export type TargetForm = FormState<TargetPatch>;
export type GoalsForm = FormState<GoalsInput>;

interface Board {
  partner: Partner;
  year: ProgramYear;
  courses: RecruitmentCourse[];
  course: RecruitmentCourse;
  columns: Record<(typeof RECRUITMENT_STAGES)[number], Target[]>;
}

/** A pipeline page's address, always naming the partner (staff look at many). */
export function pipelineHref(path: string, partnerId: string, params: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ partner: partnerId, ...params }).toString()}`;
}

function PipelineNav(props: { partnerId: string; year: string; courseId?: string }) {
  const params = { year: props.year, ...(props.courseId ? { course: props.courseId } : {}) };
  return (
    <nav aria-label="Recruitment" class="button-row">
      <a href={pipelineHref('/partner/recruitment', props.partnerId, params)}>Board</a>
      <a href={pipelineHref('/partner/recruitment/list', props.partnerId, params)}>List</a>
      <a href={pipelineHref('/partner/recruitment/progress', props.partnerId, { year: props.year })}>
        Goals and progress
      </a>
    </nav>
  );
}

function targetPlace(target: Pick<Target, 'kind' | 'city' | 'state' | 'districtName'>): string {
  const kind = target.kind === 'district' ? 'District' : 'School';
  const place = [target.city, target.state].filter(Boolean).join(', ');
  return [kind, target.districtName, place].filter(Boolean).join(' · ');
}

/**
 * The board: a column per stage (stacked on a phone), a card per target, each with a form that moves it to
 * another stage, so the board works without JavaScript.
 */
export function BoardPage(props: {
  ctx: PageContext;
  board: Board;
  search: { q: string; results: DirectoryEntry[] | null; error?: string | undefined };
}) {
  const { ctx, board } = props;
  const { partner, year, course } = board;
  const title = `Recruitment: ${course.name}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">
        {partner.name}, {year.name}.
      </p>
      <PipelineNav partnerId={partner.id} year={year.name} courseId={course.id} />
      <nav aria-label="Courses" class="button-row">
        {board.courses.map((one) => (
          <a
            key={one.id}
            href={pipelineHref('/partner/recruitment', partner.id, { year: year.name, course: one.id })}
            aria-current={one.id === course.id ? 'page' : undefined}
          >
            {one.name}
          </a>
        ))}
      </nav>
      <div class="board">
        {RECRUITMENT_STAGES.map((stage) => {
          const cards = board.columns[stage];
          const headingId = `stage-${stage}`;
          return (
            <section key={stage} class="board-column" aria-labelledby={headingId} data-stage={stage}>
              <h2 id={headingId}>
                {STAGE_LIFECYCLE[stage].label} <span class="muted">({cards.length})</span>
              </h2>
              {cards.length === 0 ? (
                <p class="muted">None yet.</p>
              ) : (
                <ul class="board-cards">
                  {cards.map((target) => (
                    <li key={target.id} class="board-card">
                      <a href={`/partner/recruitment/targets/${target.id}`}>{target.name}</a>
                      <p class="muted">{targetPlace(target)}</p>
                      {target.owner && <p>Owner: {target.owner.name || target.owner.email}</p>}
                      {target.nextStep && (
                        <p>
                          Next: {target.nextStep}
                          {target.nextStepOn && (
                            <>
                              {' '}
                              by <DateOnly iso={target.nextStepOn} />
                            </>
                          )}
                        </p>
                      )}
                      <form
                        method="post"
                        action={`/partner/recruitment/targets/${target.id}?from=board`}
                        class="inline-form"
                      >
                        <input type="hidden" name="_csrf" value={ctx.csrf()} />
                        <label for={`move-${target.id}`} class="visually-hidden">
                          Stage of {target.name}
                        </label>
                        <select id={`move-${target.id}`} name="stage">
                          {STAGE_OPTIONS.map((option) => (
                            <option key={option.value} value={option.value} selected={option.value === stage}>
                              {option.label}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="submit" class="secondary">
                          Move<span class="visually-hidden"> {target.name}</span>
                        </button>
                      </form>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <AddTarget ctx={ctx} board={board} search={props.search} />
    </Layout>
  );
}

function AddTarget(props: {
  ctx: PageContext;
  board: Board;
  search: Parameters<typeof BoardPage>[0]['search'];
}) {
  const { ctx, board, search } = props;
  const inPipeline = new Map(
    Object.values(board.columns)
      .flat()
      .map((target) => [`${target.kind}:${target.directoryId}`, target]),
  );
  return (
    <section aria-labelledby="add-target">
      <h2 id="add-target">Add a district or school</h2>
      <form
        method="get"
        action="/partner/recruitment"
        class="filters"
        role="search"
        aria-label="Search the directory"
      >
        <input type="hidden" name="partner" value={board.partner.id} />
        <input type="hidden" name="year" value={board.year.name} />
        <input type="hidden" name="course" value={board.course.id} />
        <div class={search.error ? 'field has-error' : 'field'}>
          <label for="field-q">Name starts with</label>
          {search.error && (
            <p class="error" id="field-q-error">
              <span class="visually-hidden">Error: </span>
              {search.error}
            </p>
          )}
          <input
            id="field-q"
            type="search"
            name="q"
            value={search.q}
            maxLength={100}
            aria-invalid={search.error ? 'true' : undefined}
            aria-describedby={search.error ? 'field-q-error' : undefined}
          />
        </div>
        <div class="button-row">
          <button type="submit" class="secondary">
            Search the directory
          </button>
        </div>
      </form>
      {search.results?.length === 0 && (
        <EmptyState title="No open district or school has a name starting like that">
          Try the first word of its name only.
        </EmptyState>
      )}
      {search.results && search.results.length > 0 && (
        <ul class="plain-list">
          {search.results.map((entry) => {
            const already = inPipeline.get(`${entry.kind}:${entry.directoryId}`);
            return (
              <li key={`${entry.kind}:${entry.directoryId}`}>
                {already ? (
                  <>
                    <a href={`/partner/recruitment/targets/${already.id}`}>{entry.name}</a>{' '}
                    <span class="muted">({targetPlace(entry)})</span>: already in the pipeline,{' '}
                    {STAGE_LIFECYCLE[already.stage].label.toLowerCase()}
                  </>
                ) : (
                  <form
                    method="post"
                    action={pipelineHref('/partner/recruitment/targets', board.partner.id)}
                    class="inline-form"
                  >
                    <input type="hidden" name="_csrf" value={ctx.csrf()} />
                    <input type="hidden" name="programYear" value={board.year.name} />
                    <input type="hidden" name="courseId" value={board.course.id} />
                    <input type="hidden" name="kind" value={entry.kind} />
                    <input type="hidden" name="directoryId" value={entry.directoryId} />
                    {entry.name} <span class="muted">({targetPlace(entry)})</span>{' '}
                    <button type="submit" class="secondary">
                      Add<span class="visually-hidden"> {entry.name}</span> as a prospect
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The list: searched, filtered and sorted in the address, with the same rows as a spreadsheet. */
export function TargetListPage(props: {
  ctx: PageContext;
  partner: Partner;
  year: ProgramYear;
  courses: RecruitmentCourse[];
  page: Paged<Target>;
}) {
  const { ctx, partner, year, page } = props;
  const csv = new URLSearchParams();
  for (const [key, value] of Object.entries(ctx.query)) {
    if (!['sort', 'dir', 'page', 'notice'].includes(key))
      for (const one of [value].flat()) csv.append(key, one);
  }
  if (!csv.has('partner')) csv.set('partner', partner.id);
  return (
    <Layout ctx={ctx} title="Recruitment targets">
      <h1>Recruitment targets</h1>
      <p class="lead">
        {partner.name}, {year.name}.
      </p>
      <PipelineNav partnerId={partner.id} year={year.name} />
      <FilterBar ctx={ctx} label="Filter targets" search="Search by name">
        <input type="hidden" name="partner" value={partner.id} />
        <FilterSelect
          ctx={ctx}
          name="course"
          label="Course"
          anyLabel="Every course"
          options={props.courses.map((course) => ({ value: course.id, label: course.name }))}
        />
        <FilterSelect ctx={ctx} name="stage" label="Stage" anyLabel="Any stage" options={STAGE_OPTIONS} />
        <FilterSelect
          ctx={ctx}
          name="kind"
          label="Kind"
          anyLabel="Districts and schools"
          options={[
            { value: 'district', label: 'Districts' },
            { value: 'school', label: 'Schools' },
          ]}
        />
      </FilterBar>
      <p>
        <a href={`/partner/recruitment/targets.csv?${csv.toString()}`} download>
          Download these targets as a spreadsheet (CSV)
        </a>
      </p>
      <DataTable
        ctx={ctx}
        id="targets"
        caption="Targets"
        page={page}
        rowKey={(target) => target.id}
        columns={[
          {
            label: 'Name',
            sort: 'name',
            cell: (target) => <a href={`/partner/recruitment/targets/${target.id}`}>{target.name}</a>,
          },
          { label: 'Where', cell: (target) => targetPlace(target) },
          { label: 'Course', cell: (target) => target.courseName },
          {
            label: 'Stage',
            sort: 'stage',
            cell: (target) => <StatusBadge lifecycle={STAGE_LIFECYCLE} status={target.stage} />,
          },
          { label: 'Owner', cell: (target) => target.owner?.name || target.owner?.email || '—' },
          {
            label: 'Next step',
            sort: 'nextStepOn',
            cell: (target) => (
              <>
                {target.nextStep ?? '—'}
                {target.nextStepOn && (
                  <>
                    {' '}
                    (<DateOnly iso={target.nextStepOn} />)
                  </>
                )}
              </>
            ),
          },
          { label: 'Changed', sort: 'updated', cell: (target) => <DateTime iso={target.updatedAt} /> },
        ]}
        empty={
          <EmptyState title="No target matches">
            Add districts and schools from the{' '}
            <a href={pipelineHref('/partner/recruitment', partner.id)}>board</a>.
          </EmptyState>
        }
      />
    </Layout>
  );
}

/** One target: its facts, the form that changes it, and its history. */
export function TargetPage(props: {
  ctx: PageContext;
  target: TargetDetail;
  managers: readonly { id: string; name: string; email: string }[];
  form: TargetForm;
}) {
  const { ctx, target, form } = props;
  return (
    <Layout ctx={ctx} title={target.name}>
      <h1>{target.name}</h1>
      <p>
        <a
          href={pipelineHref('/partner/recruitment', target.partnerId, {
            year: target.programYear,
            course: target.courseId,
          })}
        >
          Back to the {target.courseName} board
        </a>
      </p>
      <SummaryList
        rows={[
          { key: 'Where', value: targetPlace(target) },
          { key: 'NCES id', value: target.ncesId ?? 'None (added by hand)' },
          { key: 'Course and year', value: `${target.courseName}, ${target.programYear}` },
          { key: 'Stage', value: <StatusBadge lifecycle={STAGE_LIFECYCLE} status={target.stage} /> },
        ]}
      />
      <h2 id="change-target">Change</h2>
      <Form
        ctx={ctx}
        action={`/partner/recruitment/targets/${target.id}`}
        form={form}
        submit="Save"
        labelledBy="change-target"
      >
        <SelectField form={form} name="stage" label="Stage" options={STAGE_OPTIONS} />
        <SelectField
          form={form}
          name="owner"
          label="Owner"
          hint="One of the partner’s program managers."
          placeholder="Nobody yet"
          options={props.managers.map((manager) => ({
            value: manager.id,
            label: manager.name || manager.email,
          }))}
        />
        <TextField form={form} name="nextStep" label="Next step" maxLength={300} />
        <TextField form={form} name="nextStepOn" label="Next step by" type="date" short />
        <TextArea form={form} name="notes" label="Notes" rows={5} maxLength={5000} />
      </Form>
      <h2>History</h2>
      <ol class="plain-list">
        {target.history.map((event) => (
          <li key={`${event.at} ${event.note}`}>
            <DateTime iso={event.at} />, {event.actorEmail}: {event.note}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** A target's current values as the change form shows them. */
export function targetFormValues(target: Target): Partial<TargetPatch> {
  return {
    stage: target.stage,
    owner: target.owner?.id ?? '',
    nextStep: target.nextStep ?? '',
    nextStepOn: target.nextStepOn ?? '',
    notes: target.notes,
  };
}

/** The partner's progress against its goals, charted, with the form that sets each course's goals. */
export function ProgressPage(props: { ctx: PageContext; progress: Progress; form: GoalsForm }) {
  const { ctx, progress, form } = props;
  return (
    <Layout ctx={ctx} title="Recruitment goals and progress">
      <h1>Recruitment goals and progress</h1>
      <p class="lead">
        {progress.partnerName}, {progress.programYear}.
      </p>
      <PipelineNav partnerId={progress.partnerId} year={progress.programYear} />
      <GoalBars
        id="progress-bars"
        title={`${progress.partnerName}: committed and accepted against goals, ${progress.programYear}`}
        groups={courseGroups(progress.courses)}
      />
      {progress.courses.map((course) => (
        <section key={course.courseId} aria-labelledby={`weekly-${course.courseId}-heading`}>
          <h2 id={`weekly-${course.courseId}-heading`}>{course.courseName} by week</h2>
          <WeeklyLines
            id={`weekly-${course.courseId}`}
            title={`${course.courseName}: districts and schools committed by week`}
            weekly={course.weekly}
          />
        </section>
      ))}
      <h2 id="set-goals">Set the goals</h2>
      <Form
        ctx={ctx}
        action={pipelineHref('/partner/recruitment/goals', progress.partnerId)}
        form={form}
        submit="Save the goals"
        labelledBy="set-goals"
      >
        <input type="hidden" name="programYear" value={progress.programYear} />
        <SelectField
          form={form}
          name="courseId"
          label="Course"
          hint="The goals of each course are in the table above; these replace the chosen course’s."
          options={progress.courses.map((course) => ({ value: course.courseId, label: course.courseName }))}
        />
        <TextField
          form={form}
          name="districtsCommitted"
          label="Districts committed"
          inputMode="numeric"
          short
        />
        <TextField form={form} name="schoolsCommitted" label="Schools committed" inputMode="numeric" short />
        <TextField
          form={form}
          name="teachersAccepted"
          label="Teachers accepted"
          hint="Counted from the teachers accepted into the partner’s cohort."
          inputMode="numeric"
          short
        />
      </Form>
    </Layout>
  );
}

/** Staff's view: every partner of a year side by side, summed over the courses. */
export function StaffProgressPage(props: {
  ctx: PageContext;
  year: ProgramYear;
  years: readonly ProgramYear[];
  partners: Progress[];
}) {
  const { ctx, year } = props;
  const totals = props.partners.map((partner) => {
    const sum = (measure: (typeof MEASURES)[number], of: 'committed' | 'goal') =>
      partner.courses.reduce((total, course) => total + (course[of]?.[measure] ?? 0), 0);
    const hasGoal = partner.courses.some((course) => course.goal !== null);
    return {
      partner,
      group: {
        label: partner.partnerName,
        bars: MEASURES.map((measure) => ({
          measure,
          value: sum(measure, 'committed'),
          goal: hasGoal ? sum(measure, 'goal') : null,
        })),
      } satisfies BarGroup,
    };
  });
  return (
    <Layout ctx={ctx} title="Recruitment across partners">
      <h1>Recruitment across partners, {year.name}</h1>
      <FilterBar ctx={ctx} label="Choose the program year">
        <FilterSelect
          ctx={ctx}
          name="year"
          label="Program year"
          options={props.years.map((one) => ({ value: one.name, label: one.name }))}
          defaultValue={year.name}
        />
      </FilterBar>
      {props.partners.length === 0 ? (
        <EmptyState title="No partner in this year yet" />
      ) : (
        <>
          <GoalBars
            id="partners-bars"
            title={`Every partner: committed and accepted against goals, ${year.name}`}
            groups={totals.map((one) => one.group)}
          />
          <ul class="plain-list">
            {props.partners.map((partner) => (
              <li key={partner.partnerId}>
                <a
                  href={pipelineHref('/partner/recruitment/progress', partner.partnerId, { year: year.name })}
                >
                  {partner.partnerName}: goals and progress
                </a>{' '}
                ·{' '}
                <a href={pipelineHref('/partner/recruitment', partner.partnerId, { year: year.name })}>
                  board
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
