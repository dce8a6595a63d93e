import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import { describeUnit } from '../regions/geography.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { US_STATES } from '../regions/geography.js';
import {
  APPLICATION_STATUSES,
  APPLICATION_STEPS,
  type Application,
  type ApplicationStatus,
  type ApplicationStep,
  type ApplicationSummary,
  type Criterion,
  type Question,
  type Review,
} from './applications.schemas.js';

const STEP_TITLES: Record<ApplicationStep | 'review', string> = {
  organizations: 'Organizations',
  region: 'Region',
  staffing: 'Program manager staffing',
  narrative: 'Questions',
  review: 'Review and submit',
};

export function statusLabel(status: ApplicationStatus): string {
  return status === 'in_review' ? 'In review' : status.charAt(0).toUpperCase() + status.slice(1);
}

/**
 * A group of rows (the organizations, the program managers) with an error of its own, like shares that do not add
 * up: the error is shown above the rows and describes the group, which the error summary's link focuses.
 */
function groupAttributes(errors: FieldError[], path: string) {
  const error = errors.find((e) => e.path === path);
  return {
    id: `field-${path}`,
    tabIndex: -1,
    ...(error ? { 'aria-describedby': `field-${path}-error` } : {}),
    error: error ? (
      <p class="error" id={`field-${path}-error`}>
        {error.message}
      </p>
    ) : null,
  };
}

export function MyApplicationsPage(props: { ctx: PageContext; applications: ApplicationSummary[] }) {
  const { ctx, applications } = props;
  return (
    <Layout ctx={ctx} title="Your partner applications">
      <h1>Your partner applications</h1>
      {applications.length === 0 ? (
        <p>You have no application yet.</p>
      ) : (
        <ul>
          {applications.map((a) => (
            <li key={a.id}>
              <a href={`/applications/${a.id}`}>{a.leadOrganization ?? 'Untitled application'}</a> ·{' '}
              {a.programYear} · {statusLabel(a.status)}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/applications" class="button-row">
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <button type="submit">Start a new application</button>
      </form>
      <p class="hint">
        Each step is saved as a draft on our server: you can continue later, from any device.
      </p>
    </Layout>
  );
}

function StepNav({
  application,
  current,
}: {
  application: Application;
  current: ApplicationStep | 'review';
}) {
  return (
    <nav aria-label="Application steps">
      <ol class="steps">
        {[...APPLICATION_STEPS, 'review' as const].map((step) => (
          <li key={step}>
            <a
              href={`/applications/${application.id}/${step}`}
              aria-current={step === current ? 'step' : undefined}
            >
              {STEP_TITLES[step]}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export interface StepValues {
  contactName?: string;
  contactEmail?: string;
  organizations?: { name: string; role: string; country: string; state: string }[];
  regions?: string;
  staff?: { name: string; email: string; fte: string }[];
  answers?: Record<string, string>;
}

/** What the form shows for a step: what was last saved, or what was just sent when it was refused. */
export function savedStepValues(application: Application): StepValues {
  return {
    contactName: application.contactName ?? '',
    contactEmail: application.contactEmail ?? '',
    organizations: application.organizations,
    regions: application.regions.join('\n'),
    staff: application.staff.map((s) => ({ ...s, fte: String(s.fte) })),
    answers: application.answers,
  };
}

export function StepPage(props: {
  ctx: PageContext;
  application: Application;
  step: ApplicationStep;
  values: StepValues;
  errors?: FieldError[];
  message?: string | undefined;
}) {
  const { ctx, application, step, values, errors = [] } = props;
  const index = APPLICATION_STEPS.indexOf(step);
  const next = APPLICATION_STEPS[index + 1] ?? 'review';
  return (
    <Layout ctx={ctx} title={`${STEP_TITLES[step]} · Partner application`}>
      <h1>
        Step {index + 1} of 5: {STEP_TITLES[step]}
      </h1>
      <p>
        Application for {application.programYear} · <a href={`/applications/${application.id}`}>Overview</a>
      </p>
      <StepNav application={application} current={step} />
      <FieldErrorSummary errors={errors} message={props.message} />
      <form method="post" action={`/applications/${application.id}/${step}`} class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <input type="hidden" name="_next" value={next} />
        {step === 'organizations' && <OrganizationsFields values={values} errors={errors} />}
        {step === 'region' && (
          <FormField
            name="regions"
            label="Proposed region or regions"
            hint="One per line: a state (WA), a county (WA:King) or a ZIP code (98101). Only regions where no partner works yet can be proposed."
            errors={errors}
          >
            {(attrs) => (
              <textarea {...attrs} rows={5}>
                {values.regions ?? ''}
              </textarea>
            )}
          </FormField>
        )}
        {step === 'staffing' && <StaffingFields application={application} values={values} errors={errors} />}
        {step === 'narrative' &&
          application.questions.map((question) => (
            <FormField
              key={question.id}
              name={`answers.${question.id}`}
              label={question.prompt}
              errors={errors}
            >
              {(attrs) => (
                <textarea {...attrs} rows={6}>
                  {values.answers?.[question.id] ?? ''}
                </textarea>
              )}
            </FormField>
          ))}
        <div class="button-row">
          <button type="submit">Save and continue</button>
        </div>
      </form>
    </Layout>
  );
}

const SPARE_ROWS = 2;

function OrganizationsFields({ values, errors }: { values: StepValues; errors: FieldError[] }) {
  const rows = [
    ...(values.organizations ?? []),
    ...Array.from({ length: SPARE_ROWS }, () => ({ name: '', role: '', country: 'US', state: '' })),
  ];
  const group = groupAttributes(errors, 'organizations');
  return (
    <>
      <FormField name="contactName" label="Contact person" errors={errors}>
        {(attrs) => <input {...attrs} type="text" value={values.contactName ?? ''} />}
      </FormField>
      <FormField name="contactEmail" label="Contact email" errors={errors}>
        {(attrs) => <input {...attrs} type="email" value={values.contactEmail ?? ''} />}
      </FormField>
      <fieldset
        class="stack"
        id={group.id}
        tabIndex={group.tabIndex}
        aria-describedby={group['aria-describedby']}
      >
        <legend>Organizations</legend>
        <p class="hint">
          The lead organization first, then any co-applicants of a joint application, each with its role (e.g.
          funding, or professional learning and outreach). The program is open to organizations in the United
          States only.
        </p>
        {group.error}
        {rows.map((organization, index) => (
          // Each organization is a group named by its place, so that its repeated labels ("Name", "Role") are told apart.
          <fieldset class="application-row" key={index}>
            <legend>{index === 0 ? 'Lead organization' : `Co-applicant ${index}`}</legend>
            <FormField name={`organizations.${index}.name`} label="Name" errors={errors}>
              {(attrs) => <input {...attrs} type="text" value={organization.name} />}
            </FormField>
            <FormField name={`organizations.${index}.role`} label="Role" errors={errors}>
              {(attrs) => <input {...attrs} type="text" value={organization.role} />}
            </FormField>
            <FormField name={`organizations.${index}.country`} label="Country" errors={errors}>
              {(attrs) => (
                <select {...attrs}>
                  <option value="US" selected={organization.country === 'US'}>
                    United States
                  </option>
                  <option value="other" selected={organization.country !== 'US'}>
                    Another country
                  </option>
                </select>
              )}
            </FormField>
            <FormField name={`organizations.${index}.state`} label="State or territory" errors={errors}>
              {(attrs) => (
                <select {...attrs}>
                  <option value="">Choose…</option>
                  {Object.entries(US_STATES).map(([code, name]) => (
                    <option key={code} value={code} selected={organization.state === code}>
                      {name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          </fieldset>
        ))}
      </fieldset>
    </>
  );
}

function StaffingFields(props: { application: Application; values: StepValues; errors: FieldError[] }) {
  const { application, values, errors } = props;
  const saved = values.staff ?? [];
  const rows = [
    ...(saved.length > 0 ? saved : [{ name: '', email: '', fte: String(application.pmFte) }]),
    ...Array.from({ length: SPARE_ROWS }, () => ({ name: '', email: '', fte: '' })),
  ];
  const group = groupAttributes(errors, 'staff');
  return (
    <fieldset
      class="stack"
      id={group.id}
      tabIndex={group.tabIndex}
      aria-describedby={group['aria-describedby']}
    >
      <legend>Program managers</legend>
      <p class="hint">
        The program manager position needs {application.pmFte.toFixed(2)} FTE in {application.programYear}; it
        can be shared across one or more people. Each share is between 0.05 and 1.
      </p>
      {group.error}
      {rows.map((person, index) => (
        <fieldset class="application-row" key={index}>
          <legend>Person {index + 1}</legend>
          <FormField name={`staff.${index}.name`} label="Name" errors={errors}>
            {(attrs) => <input {...attrs} type="text" value={person.name} />}
          </FormField>
          <FormField name={`staff.${index}.email`} label="Email" errors={errors}>
            {(attrs) => <input {...attrs} type="email" value={person.email} />}
          </FormField>
          <FormField name={`staff.${index}.fte`} label="FTE share" errors={errors}>
            {(attrs) => <input {...attrs} type="text" inputMode="decimal" value={person.fte} />}
          </FormField>
        </fieldset>
      ))}
    </fieldset>
  );
}

function ApplicationSummaryList({ application }: { application: Application }) {
  return (
    <dl class="details">
      <dt>Contact</dt>
      <dd>
        {application.contactName ?? '—'} ({application.contactEmail ?? '—'})
      </dd>
      <dt>Organizations</dt>
      <dd>
        {application.organizations.length === 0 ? (
          'None yet'
        ) : (
          <ul>
            {application.organizations.map((o, index) => (
              <li key={index}>
                {o.name} — {o.role} ({o.state}){index === 0 ? ', lead' : ''}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Proposed regions</dt>
      <dd>
        {application.regions.length === 0 ? 'None yet' : application.regions.map(describeUnit).join('; ')}
      </dd>
      <dt>Program managers</dt>
      <dd>
        {application.staff.length === 0 ? (
          'None yet'
        ) : (
          <ul>
            {application.staff.map((s, index) => (
              <li key={index}>
                {s.name} ({s.email}), {s.fte.toFixed(2)} FTE
              </li>
            ))}
          </ul>
        )}
      </dd>
      {application.questions.map((q) => (
        <>
          <dt key={`q-${q.id}`}>{q.prompt}</dt>
          <dd key={`a-${q.id}`} class="preserve-lines">
            {application.answers[q.id] ?? 'Not answered yet'}
          </dd>
        </>
      ))}
    </dl>
  );
}

function History({ application }: { application: Application }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol>
        {application.events.map((e, index) => (
          <li key={index}>
            {e.at.slice(0, 16).replace('T', ' ')} UTC:{' '}
            {e.from ? `${statusLabel(e.from as ApplicationStatus)} → ` : ''}
            {statusLabel(e.to as ApplicationStatus)} by {e.actorEmail}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The step whose form holds a field, for the links of the review page's error summary. */
function stepOf(path: string): ApplicationStep {
  if (path.startsWith('answers.')) return 'narrative';
  if (path.startsWith('staff')) return 'staffing';
  if (path.startsWith('regions')) return 'region';
  return 'organizations';
}

/** The review page shows no fields: each problem links to its field on the step that has it. */
function IncompleteSummary(props: {
  application: Application;
  errors: FieldError[];
  message?: string | undefined;
}) {
  const { application, errors } = props;
  if (errors.length === 0 && !props.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{props.message ?? 'There is a problem'}</h2>
      {errors.length > 0 && (
        <ul>
          {errors.map((error) => (
            <li key={error.path}>
              {error.path ? (
                <a href={`/applications/${application.id}/${stepOf(error.path)}#field-${error.path}`}>
                  {error.message}
                </a>
              ) : (
                error.message
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReviewStepPage(props: {
  ctx: PageContext;
  application: Application;
  errors?: FieldError[];
  message?: string | undefined;
}) {
  const { ctx, application, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Review and submit · Partner application">
      <h1>Step 5 of 5: Review and submit</h1>
      <StepNav application={application} current="review" />
      <IncompleteSummary application={application} errors={errors} message={props.message} />
      <ApplicationSummaryList application={application} />
      <form method="post" action={`/applications/${application.id}/submit`} class="button-row">
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <button type="submit">Submit the application</button>
      </form>
      <p class="hint">Once submitted, the application can no longer be edited; you may still withdraw it.</p>
    </Layout>
  );
}

export function ApplicationOverviewPage(props: { ctx: PageContext; application: Application }) {
  const { ctx, application } = props;
  const withdrawable = ['draft', 'submitted', 'in_review', 'interview'].includes(application.status);
  return (
    <Layout ctx={ctx} title="Partner application">
      <h1>Partner application {application.programYear}</h1>
      <p>
        Status: <strong>{statusLabel(application.status)}</strong> ·{' '}
        <a href="/applications">All your applications</a>
      </p>
      {application.status === 'draft' && (
        <p>
          <a class="button" href={`/applications/${application.id}/organizations`}>
            Continue the application
          </a>
        </p>
      )}
      <ApplicationSummaryList application={application} />
      <History application={application} />
      {withdrawable && (
        <form method="post" action={`/applications/${application.id}/withdraw`} class="button-row">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <button type="submit" class="secondary">
            Withdraw the application
          </button>
        </form>
      )}
    </Layout>
  );
}

export function QueuePage(props: {
  ctx: PageContext;
  year: ProgramYear;
  years: ProgramYear[];
  status: string | undefined;
  state: string | undefined;
  applications: ApplicationSummary[];
}) {
  const { ctx, year, applications } = props;
  return (
    <Layout ctx={ctx} title="Partner applications">
      <h1>Partner applications {year.name}</h1>
      <p>
        <a href={`/staff/applications/settings?year=${year.name}`}>Questions and rubric for {year.name}</a>
      </p>
      <form method="get" action="/staff/applications" class="filters">
        <div class="field">
          <label for="queue-year">Year</label>
          <select id="queue-year" name="year">
            {props.years.map((y) => (
              <option key={y.id} value={y.name} selected={y.name === year.name}>
                {y.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="queue-status">Status</label>
          <select id="queue-status" name="status">
            <option value="">Any</option>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s} selected={s === props.status}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="queue-state">State</label>
          <select id="queue-state" name="state">
            <option value="">Any</option>
            {Object.entries(US_STATES).map(([code, name]) => (
              <option key={code} value={code} selected={code === props.state}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      {applications.length === 0 ? (
        <p>No application matches.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Partner applications of {year.name}</caption>
          <thead>
            <tr>
              <th scope="col">Lead organization</th>
              <th scope="col">States</th>
              <th scope="col">Status</th>
              <th scope="col">Average score</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/staff/applications/${a.id}`}>{a.leadOrganization ?? 'Untitled'}</a>
                </td>
                <td>{a.states.join(', ')}</td>
                <td>{statusLabel(a.status)}</td>
                <td>{a.averageTotal ?? '—'}</td>
                <td>{a.updatedAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function StaffApplicationPage(props: {
  ctx: PageContext;
  application: Application;
  review: Review;
  decisionEmails: Record<'accepted' | 'declined', { subject: string; body: string }>;
  errors?: FieldError[];
  message?: string | undefined;
  /** The fields of a refused form, shown again in it; the others show what is saved. */
  typed?: Record<string, string> | undefined;
}) {
  const { ctx, application, review, errors = [], typed } = props;
  const typedScores =
    typed && Object.keys(typed).some((key) => key.startsWith('scores.')) ? typed : undefined;
  const decisionEmail = (to: 'accepted' | 'declined') =>
    typed?.to === to
      ? { subject: typed.emailSubject ?? '', body: typed.emailBody ?? '' }
      : props.decisionEmails[to];
  const base = `/staff/applications/${application.id}`;
  const next: Record<string, ('in_review' | 'interview' | 'accepted' | 'declined')[]> = {
    submitted: ['in_review'],
    in_review: ['interview', 'declined'],
    interview: ['accepted', 'declined'],
  };
  const moves = next[application.status] ?? [];
  return (
    <Layout ctx={ctx} title="Partner application">
      <h1>{application.organizations[0]?.name ?? 'Untitled application'}</h1>
      <p>
        {application.programYear} · <strong>{statusLabel(application.status)}</strong> · applicant{' '}
        {application.applicantEmail} ·{' '}
        <a href={`/staff/applications?year=${application.programYear}`}>Queue</a>
        {application.partnerId && (
          <>
            {' '}
            · <a href={`/staff/partners/${application.partnerId}`}>The partner it became</a>
          </>
        )}
      </p>
      <FieldErrorSummary errors={errors} message={props.message} />
      <ApplicationSummaryList application={application} />
      <History application={application} />

      <section aria-labelledby="scores-title">
        <h2 id="scores-title">Scores</h2>
        <p>
          Average total:{' '}
          <strong>
            {review.averageTotal === null ? 'not scored yet' : `${review.averageTotal} of ${review.maxTotal}`}
          </strong>
          {review.reviewerTotals.length > 0 &&
            ` (${review.reviewerTotals.map((t) => `${t.reviewerEmail}: ${t.total}`).join('; ')})`}
        </p>
        <ScoreForm
          ctx={ctx}
          action={`${base}/scores`}
          criteria={review.criteria}
          review={review}
          errors={errors}
          typed={typedScores}
        />
      </section>

      <section aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        <ul>
          {review.notes.map((n, index) => (
            <li key={index} class="preserve-lines">
              {n.authorEmail}, {n.createdAt.slice(0, 16).replace('T', ' ')}: {n.body}
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/notes`} class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <FormField name="body" label="Add a note" errors={errors}>
            {(attrs) => (
              <textarea {...attrs} rows={3}>
                {typed && 'body' in typed ? typed.body : ''}
              </textarea>
            )}
          </FormField>
          <div class="button-row">
            <button type="submit" class="secondary">
              Add the note
            </button>
          </div>
        </form>
      </section>

      {moves.length > 0 && (
        <section aria-labelledby="decision-title">
          <h2 id="decision-title">Next step</h2>
          {moves.map((to) =>
            to === 'accepted' || to === 'declined' ? (
              // Named by its heading: both decision forms have a "Subject" and a "Message".
              <form
                key={to}
                method="post"
                action={`${base}/transition`}
                class="stack"
                aria-labelledby={`decision-${to}-title`}
              >
                <input type="hidden" name="_csrf" value={ctx.csrf()} />
                <input type="hidden" name="to" value={to} />
                <h3 id={`decision-${to}-title`}>
                  {to === 'accepted' ? 'Accept' : 'Decline'}: the email to the applicant
                </h3>
                <FormField name={`${to}.emailSubject`} label="Subject" errors={errors}>
                  {(attrs) => (
                    <input {...attrs} name="emailSubject" type="text" value={decisionEmail(to).subject} />
                  )}
                </FormField>
                <FormField name={`${to}.emailBody`} label="Message" errors={errors}>
                  {(attrs) => (
                    <textarea {...attrs} name="emailBody" rows={8}>
                      {decisionEmail(to).body}
                    </textarea>
                  )}
                </FormField>
                <div class="button-row">
                  <button type="submit" class={to === 'declined' ? 'secondary' : undefined}>
                    {to === 'accepted'
                      ? 'Accept: create the partner, its regions and invitations, and send'
                      : 'Decline and send'}
                  </button>
                </div>
              </form>
            ) : (
              <form key={to} method="post" action={`${base}/transition`} class="button-row">
                <input type="hidden" name="_csrf" value={ctx.csrf()} />
                <input type="hidden" name="to" value={to} />
                <button type="submit">Move to {statusLabel(to).toLowerCase()}</button>
              </form>
            ),
          )}
        </section>
      )}
    </Layout>
  );
}

function ScoreForm(props: {
  ctx: PageContext;
  action: string;
  criteria: Criterion[];
  review: Review;
  errors: FieldError[];
  typed?: Record<string, string> | undefined;
}) {
  const mine = props.ctx.actor?.email;
  const shown = (criterionId: string) =>
    props.typed
      ? (props.typed[`scores.${criterionId}`] ?? '')
      : String(
          props.review.scores.find((s) => s.criterionId === criterionId && s.reviewerEmail === mine)?.score ??
            '',
        );
  return (
    // The server explains a score out of range beside its field, as every other form of the portal does.
    <form method="post" action={props.action} class="stack" noValidate>
      <input type="hidden" name="_csrf" value={props.ctx.csrf()} />
      {props.criteria.map((criterion) => (
        <FormField
          key={criterion.id}
          name={`scores.${criterion.id}`}
          label={`${criterion.title} (0–${criterion.maxScore})`}
          errors={props.errors}
        >
          {(attrs) => (
            <input {...attrs} type="number" min={0} max={criterion.maxScore} value={shown(criterion.id)} />
          )}
        </FormField>
      ))}
      <div class="button-row">
        <button type="submit">Save your scores</button>
      </div>
    </form>
  );
}

export function ConfigPage(props: {
  ctx: PageContext;
  programYear: string;
  questions: string;
  criteria: string;
  errors?: FieldError[];
}) {
  const { ctx, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Application questions and rubric">
      <h1>Application questions and rubric {props.programYear}</h1>
      <p>
        <a href={`/staff/applications?year=${props.programYear}`}>Applications of {props.programYear}</a>
      </p>
      <FieldErrorSummary errors={errors} />
      <form
        method="post"
        action={`/staff/applications/settings?year=${props.programYear}`}
        class="stack"
        noValidate
      >
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField
          name="questions"
          label="Narrative questions"
          hint="One question per line, in order."
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={8}>
              {props.questions}
            </textarea>
          )}
        </FormField>
        <FormField
          name="criteria"
          label="Rubric criteria"
          hint="One per line, as “Title | maximum score”, e.g. “Capacity and staffing | 5”."
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={8}>
              {props.criteria}
            </textarea>
          )}
        </FormField>
        <div class="button-row">
          <button type="submit">Save</button>
        </div>
      </form>
    </Layout>
  );
}

export function configText(questions: Question[], criteria: Criterion[]) {
  return {
    questions: questions.map((q) => q.prompt).join('\n'),
    criteria: criteria.map((c) => `${c.title} | ${c.maxScore}`).join('\n'),
  };
}
