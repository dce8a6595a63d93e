import type { z } from 'zod';
import {
  ActionButton,
  DataTable,
  DateOnly,
  DateTime,
  EmptyState,
  ErrorSummary,
  FilterBar,
  FilterSelect,
  Form,
  Layout,
  SummaryList,
  TextArea,
  TextField,
  formState,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { US_STATES } from '../regions/geography.js';
import {
  APPLICATION_LIFECYCLE,
  QUEUE_STATUSES,
  applicationName,
  canMove,
  type StaffMove,
} from './applications.lifecycle.js';
import type { Review, noteInputSchema, scoresInputSchema } from './applications.review.schemas.js';
import type { Application, ApplicationSummary } from './applications.schemas.js';
import { ApplicationAnswers, ApplicationStatus, History, nameOf, plural } from './applications.views.js';

/* Staff's pages: the queue, and an application under review with its scores, notes and next steps. */

export type ScoresForm = FormState<z.input<typeof scoresInputSchema>>;
export type NoteForm = FormState<z.input<typeof noteInputSchema>>;
const STATUS_OPTIONS = QUEUE_STATUSES.map((status) => ({
  value: status,
  label: APPLICATION_LIFECYCLE[status].label,
}));
const STATE_OPTIONS = Object.entries(US_STATES).map(([value, label]) => ({ value, label }));

export function QueuePage(props: {
  ctx: PageContext;
  year: ProgramYear;
  years: ProgramYear[];
  page: Paged<ApplicationSummary>;
}) {
  const { ctx, year, page } = props;
  return (
    <Layout ctx={ctx} title="Partner applications">
      <h1>Partner applications {year.name}</h1>
      <p>
        <a href={`/staff/applications/settings?year=${year.name}`}>Questions and rubric for {year.name}</a>
      </p>
      <FilterBar ctx={ctx} label="Filter applications" search="Search organizations, contacts and emails">
        <FilterSelect
          ctx={ctx}
          name="year"
          label="Year"
          options={props.years.map((y) => ({ value: y.name, label: y.name }))}
          defaultValue={year.name}
        />
        <FilterSelect ctx={ctx} name="status" label="Status" anyLabel="Any status" options={STATUS_OPTIONS} />
        <FilterSelect ctx={ctx} name="state" label="State" anyLabel="Any state" options={STATE_OPTIONS} />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="queue"
        caption={`Partner applications of ${year.name}`}
        captionHidden
        page={page}
        rowKey={(a) => a.id}
        columns={[
          {
            label: 'Lead organization',
            sort: 'organization',
            cell: (a) => <a href={`/staff/applications/${a.id}`}>{applicationName(a.leadOrganization)}</a>,
          },
          { label: 'States', cell: (a) => a.states.join(', ') },
          { label: 'Status', sort: 'status', cell: (a) => <ApplicationStatus application={a} /> },
          {
            label: 'Average score',
            sort: 'score',
            numeric: true,
            cell: (a) => (a.averageTotal === null ? '—' : a.averageTotal),
          },
          { label: 'Updated', sort: 'updated', cell: (a) => <DateOnly iso={a.updatedAt} /> },
        ]}
        empty={
          <EmptyState title="No application matches">
            Submitted applications appear here; drafts stay with their applicants.{' '}
            <a href={`/staff/applications?year=${year.name}`}>Show every application of {year.name}</a>.
          </EmptyState>
        }
      />
    </Layout>
  );
}

function ApplicationFacts({ application }: { application: Application }) {
  return (
    <SummaryList
      rows={[
        { key: 'Status', value: <ApplicationStatus application={application} /> },
        { key: 'Program year', value: application.programYear },
        { key: 'Applicant', value: application.applicantEmail },
        ...(application.submittedAt
          ? [{ key: 'Submitted', value: <DateTime iso={application.submittedAt} /> }]
          : []),
        ...(application.partnerId
          ? [
              {
                key: 'Partner',
                value: <a href={`/staff/partners/${application.partnerId}`}>The partner it became</a>,
              },
            ]
          : []),
      ]}
    />
  );
}

function averageText(review: Review): string {
  if (review.averageTotal === null) return 'not scored yet';
  const { reviewers, criteria } = review.basedOn;
  return `${review.averageTotal} of ${review.maxTotal}, from ${plural(reviewers, 'reviewer')} (${criteria} of ${review.criteria.length} criteria scored)`;
}

export function StaffApplicationPage(props: {
  ctx: PageContext;
  application: Application;
  review: Review;
  scoresForm?: ScoresForm | undefined;
  noteForm?: NoteForm | undefined;
  /** Why a move from this page was refused (another reviewer moved it first). */
  refusal?: FormState<unknown> | undefined;
}) {
  const { ctx, application, review } = props;
  const base = `/staff/applications/${application.id}`;
  const mine = (criterionId: string) =>
    review.scores.find((s) => s.criterionId === criterionId && s.reviewerId === ctx.actor?.id)?.score;
  const scoresForm =
    props.scoresForm ??
    formState<z.input<typeof scoresInputSchema>>({
      scores: Object.fromEntries(review.criteria.map((c) => [c.id, String(mine(c.id) ?? '')])),
    });
  const noteForm = props.noteForm ?? formState();
  const can = (to: StaffMove) => canMove(application.status, to);
  return (
    <Layout ctx={ctx} title={`${nameOf(application)} · Partner application`}>
      <p>
        <a href={`/staff/applications?year=${application.programYear}`}>Queue</a>
      </p>
      <h1>{nameOf(application)}</h1>
      {props.refusal && <ErrorSummary form={props.refusal} />}
      <ApplicationFacts application={application} />
      {review.interview && (
        <section aria-labelledby="interview-title">
          <h2 id="interview-title">Interview</h2>
          <SummaryList
            rows={[
              ...(review.interview.startsAt
                ? [
                    {
                      key: 'When',
                      value: (
                        <DateTime
                          iso={review.interview.startsAt}
                          timeZone={review.interview.timeZone ?? 'UTC'}
                        />
                      ),
                    },
                  ]
                : []),
              ...(review.interview.notes
                ? [{ key: 'Notes', value: <span class="preserve-lines">{review.interview.notes}</span> }]
                : []),
            ]}
          />
        </section>
      )}
      <h2>What it says</h2>
      <ApplicationAnswers application={application} />
      <History application={application} />

      <section aria-labelledby="scores-title">
        <h2 id="scores-title">Scores</h2>
        <p>
          Average total: <strong>{averageText(review)}</strong>
          {review.reviewerTotals.length > 0 &&
            `. So far: ${review.reviewerTotals.map((t) => `${t.reviewerEmail}: ${t.total}`).join('; ')}`}
        </p>
        <Form ctx={ctx} action={`${base}/scores`} form={scoresForm} submit="Save your scores">
          <p class="hint">
            Each score you save replaces only your own earlier one; leave a criterion empty to score it later.
          </p>
          {review.criteria.map((criterion) => (
            <TextField
              key={criterion.id}
              form={scoresForm}
              name={`scores.${criterion.id}`}
              label={`${criterion.title} (0–${criterion.maxScore})`}
              type="number"
              inputMode="numeric"
              short
            />
          ))}
        </Form>
      </section>

      <section aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        {review.notes.length === 0 ? (
          <p class="muted">No notes yet.</p>
        ) : (
          <ul class="application-notes">
            {review.notes.map((n, index) => (
              <li key={index}>
                <span class="muted">
                  {n.authorEmail}, <DateTime iso={n.createdAt} />:
                </span>{' '}
                <span class="preserve-lines">{n.body}</span>
              </li>
            ))}
          </ul>
        )}
        <Form ctx={ctx} action={`${base}/notes`} form={noteForm} submit="Add the note" variant="secondary">
          <TextArea form={noteForm} name="body" label="Add a note" rows={3} maxLength={5000} />
        </Form>
      </section>

      {(can('in_review') || can('interview') || can('accepted')) && (
        <section aria-labelledby="next-title">
          <h2 id="next-title">Next step</h2>
          {can('in_review') && (
            <ActionButton ctx={ctx} action={`${base}/start-review`} label="Start the review" />
          )}
          {can('interview') && (
            <p>
              <a class="button" href={`${base}/interview`}>
                Invite to an interview
              </a>
            </p>
          )}
          {can('accepted') && (
            <p>
              <a class="button" href={`${base}/accept`}>
                Accept the application
              </a>{' '}
              <span class="hint">You confirm the partner’s public listing and the email first.</span>
            </p>
          )}
        </section>
      )}
      {can('declined') && (
        <section class="application-decline" aria-labelledby="decline-title">
          <h2 id="decline-title">Decline</h2>
          <p>
            <a href={`${base}/decline`}>Decline the application</a>: you see the email to the applicant first.
          </p>
        </section>
      )}
    </Layout>
  );
}
