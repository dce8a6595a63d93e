import type { z } from 'zod';
import { US_TIME_ZONES } from '../../platform/zoned-time.js';
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
  SelectField,
  SummaryList,
  TextArea,
  TextField,
  formState,
  type Confirmation,
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
import type { DraftEmail } from './applications.mail.js';
import { acceptanceSummary } from './applications.onboarding.js';
import type {
  Review,
  noteInputSchema,
  scoresInputSchema,
  transitionInputSchema,
} from './applications.review.schemas.js';
import type { Application, ApplicationSummary } from './applications.schemas.js';
import { ApplicationAnswers, ApplicationStatus, History, nameOf } from './applications.views.js';

/* Staff's pages: the queue, an application under review, and the pages of the moves that send email. */

export type ScoresForm = FormState<z.input<typeof scoresInputSchema>>;
export type NoteForm = FormState<z.input<typeof noteInputSchema>>;
export type MoveForm = FormState<z.input<typeof transitionInputSchema>>;

/** The moves with a page of their own (they send an email staff may edit), by the last part of its address. */
export const MOVE_PAGES = { interview: 'interview', accept: 'accepted', decline: 'declined' } as const;
export type MovePage = keyof typeof MOVE_PAGES;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Asked before accepting: what it creates and whom it emails. */
export function acceptConfirmation(application: Application): Confirmation {
  const { partnerName, regions, invitations } = acceptanceSummary(application);
  const where = regions.length > 0 ? ` with ${regions.join(', ')}` : '';
  return {
    title: `Accept ${nameOf(application)}?`,
    message: `Accepting creates the partner ${partnerName ?? nameOf(application)}${where} and emails ${plural(invitations, 'invitation')} and the decision. This cannot be undone.`,
    confirmLabel: 'Accept the application',
  };
}

/** Asked before declining: the decision is emailed and final. */
export function declineConfirmation(application: Application): Confirmation {
  return {
    title: `Decline ${nameOf(application)}?`,
    message: `Declining emails the decision to ${application.contactEmail ?? application.applicantEmail}. A declined application cannot be reopened.`,
    confirmLabel: 'Decline the application',
  };
}

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

type MoveInput = z.input<typeof transitionInputSchema>;
type MoveInputTo<To extends MoveInput['to']> = Extract<MoveInput, { to: To }>;

/** What a move's form shows before anything is typed: the default email, and the listing from the application. */
export function moveFormFor(application: Application, move: MovePage, email: DraftEmail): MoveForm {
  const emailFields = { emailSubject: email.subject, emailBody: email.body };
  switch (move) {
    case 'interview':
      return formState<MoveInputTo<'interview'>>({
        to: 'interview',
        interview: { timeZone: 'America/New_York' },
        ...emailFields,
      });
    case 'accept':
      return formState<MoveInputTo<'accepted'>>({
        to: 'accepted',
        listing: { contactName: application.contactName ?? '', contactEmail: application.contactEmail ?? '' },
        ...emailFields,
      });
    case 'decline':
      return formState<MoveInputTo<'declined'>>({ to: 'declined', ...emailFields });
  }
}

const MOVE_TITLES: Record<MovePage, string> = {
  interview: 'Invite to an interview',
  accept: 'Accept the application',
  decline: 'Decline the application',
};

function EmailFields({ form }: { form: MoveForm }) {
  return (
    <fieldset class="stack">
      <legend>The email to the applicant</legend>
      <TextField form={form} name="emailSubject" label="Subject" maxLength={200} />
      <TextArea form={form} name="emailBody" label="Message" rows={8} maxLength={10_000} />
    </fieldset>
  );
}

/** A move that sends an email: its form on a page of its own, so that accepting and declining stand apart. */
export function MovePage(props: {
  ctx: PageContext;
  application: Application;
  move: MovePage;
  form: MoveForm;
  confirm?: Confirmation | undefined;
}) {
  const { ctx, application, move, form } = props;
  const base = `/staff/applications/${application.id}`;
  const to = application.contactEmail ?? application.applicantEmail;
  return (
    <Layout ctx={ctx} title={`${MOVE_TITLES[move]} · ${nameOf(application)}`}>
      <p>
        <a href={base}>Back to {nameOf(application)}</a>
      </p>
      <h1>{MOVE_TITLES[move]}</h1>
      <p>
        {nameOf(application)}, {application.programYear} · <ApplicationStatus application={application} />
      </p>
      <Form
        ctx={ctx}
        action={`${base}/${move}`}
        form={form}
        confirm={props.confirm}
        submit={
          move === 'interview'
            ? 'Move to interview and send'
            : move === 'accept'
              ? 'Accept and send'
              : 'Decline and send'
        }
        variant={move === 'decline' ? 'warning' : 'primary'}
      >
        <input type="hidden" name="to" value={MOVE_PAGES[move]} />
        {move === 'interview' && (
          <fieldset class="stack">
            <legend>The interview</legend>
            <p class="hint">All optional: the date and time are added to the email.</p>
            <TextField
              form={form}
              name="interview.date"
              label="Date"
              type="date"
              hint="Like 2027-01-15."
              short
            />
            <TextField form={form} name="interview.time" label="Time" type="time" hint="Like 14:30." short />
            <SelectField form={form} name="interview.timeZone" label="Time zone" options={US_TIME_ZONES} />
            <TextArea
              form={form}
              name="interview.notes"
              label="Notes for reviewers"
              hint="Where, who takes part, what to ask. Not sent to the applicant."
              rows={4}
              maxLength={5000}
            />
          </fieldset>
        )}
        {move === 'accept' && (
          <fieldset class="stack">
            <legend>The partner’s public listing</legend>
            <p class="hint">
              The finder shows this to the public. It starts as the application’s contact person; change it to
              the address the partner wants people to write to.
            </p>
            <TextField form={form} name="listing.contactName" label="Contact name" autoComplete="off" />
            <TextField
              form={form}
              name="listing.contactEmail"
              label="Contact email"
              type="email"
              autoComplete="off"
            />
            <TextField
              form={form}
              name="listing.contactPhone"
              label="Phone (optional)"
              type="tel"
              autoComplete="off"
            />
            <TextField
              form={form}
              name="listing.website"
              label="Website (optional)"
              type="url"
              autoComplete="off"
            />
            <TextArea
              form={form}
              name="listing.coursesOffered"
              label="Courses offered (optional)"
              hint="One per line, e.g. CS Discoveries."
              rows={3}
            />
          </fieldset>
        )}
        <p class="hint">Sent to {to}.</p>
        <EmailFields form={form} />
      </Form>
    </Layout>
  );
}
