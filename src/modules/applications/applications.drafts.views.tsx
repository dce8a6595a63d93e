import type { FieldError } from '../../platform/errors.js';
import { fieldId } from '../../platform/ui/form.js';
import {
  ActionButton,
  DateTime,
  EmptyState,
  ErrorSummary,
  Form,
  Layout,
  SummaryList,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import { applicantEnding, applicationName } from './applications.lifecycle.js';
import type { Application, ApplicationStep, ApplicationSummary } from './applications.schemas.js';
import { StepHeader } from './applications.steps.views.js';
import { ApplicationAnswers, ApplicationStatus, History, nameOf } from './applications.views.js';

/* The applicant's pages around the steps: their list, checking and submitting, and the overview. */

export const WITHDRAW_CONFIRMATION: Confirmation = {
  title: 'Withdraw this application?',
  message:
    'Program staff stop reviewing it and are told you withdrew it. A withdrawn application cannot be submitted again: to apply later, you would start a new one.',
  confirmLabel: 'Withdraw the application',
};

export const DELETE_DRAFT_CONFIRMATION: Confirmation = {
  title: 'Delete this draft?',
  message: 'Everything entered in it is deleted. This cannot be undone.',
  confirmLabel: 'Delete the draft',
};

export function MyApplicationsPage(props: { ctx: PageContext; applications: ApplicationSummary[] }) {
  const { ctx, applications } = props;
  return (
    <Layout ctx={ctx} title="Your partner applications">
      <h1>Your partner applications</h1>
      {applications.length === 0 ? (
        <EmptyState title="You have no application yet">
          Check first that your region is open on <a href="/apply">the eligibility check</a>.
        </EmptyState>
      ) : (
        <ul class="application-list">
          {applications.map((a) => (
            <li key={a.id}>
              <a href={`/applications/${a.id}`}>{applicationName(a.leadOrganization)}</a>{' '}
              <ApplicationStatus application={a} /> <span class="muted">{a.programYear}</span>
            </li>
          ))}
        </ul>
      )}
      <Form ctx={ctx} action="/applications" submit="Start a new application" />
      <p class="hint">
        Each step is saved as a draft on our server: you can continue later, from any device. A draft you no
        longer need can be deleted from its page.
      </p>
    </Layout>
  );
}

/** The step whose form holds a field, for the links of the check page's summary. */
function stepOf(path: string): ApplicationStep {
  if (path.startsWith('answers.')) return 'narrative';
  if (path.startsWith('staff')) return 'staffing';
  if (path.startsWith('regions')) return 'region';
  return 'organizations';
}

/**
 * The check page has no fields: each problem links to its field on the step that has it, and is said again
 * beside the part it is about. Drawn as the forms' own error summary.
 */
function IncompleteSummary({ application, form }: { application: Application; form: FormState<unknown> }) {
  if (form.errors.length === 0 && !form.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} data-error-summary>
      <h2>There is a problem</h2>
      {form.message && <p>{form.message}</p>}
      {form.errors.length > 0 && (
        <ul>
          {form.errors.map((error: FieldError) => (
            <li key={error.path}>
              {error.path ? (
                <a href={`/applications/${application.id}/${stepOf(error.path)}#${fieldId(error.path)}`}>
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

/** Check your answers, then submit. */
export function ReviewStepPage(props: {
  ctx: PageContext;
  application: Application;
  form: FormState<unknown>;
}) {
  const { ctx, application, form } = props;
  const problemOf = (step: ApplicationStep) =>
    form.errors
      .filter((error) => stepOf(error.path) === step)
      .map((error) => error.message)
      .join(' ') || undefined;
  return (
    <Layout ctx={ctx} title="Review and submit · Partner application">
      <StepHeader application={application} step="review" />
      <IncompleteSummary application={application} form={form} />
      <h2>Check your answers</h2>
      <ApplicationAnswers
        application={application}
        links={{ href: (step) => `/applications/${application.id}/${step}`, problemOf }}
      />
      <Form ctx={ctx} action={`/applications/${application.id}/submit`} submit="Submit the application" />
      <p class="hint">Once submitted, the application can no longer be edited; you may still withdraw it.</p>
    </Layout>
  );
}

export function ApplicationOverviewPage(props: {
  ctx: PageContext;
  application: Application;
  /** Why withdrawing or deleting was refused, if it was. */
  refusal?: FormState<unknown>;
}) {
  const { ctx, application } = props;
  const ending = applicantEnding(application.status);
  const base = `/applications/${application.id}`;
  return (
    <Layout ctx={ctx} title={`${nameOf(application)} · Partner application`}>
      <p>
        <a href="/applications">All your applications</a>
      </p>
      <h1>{nameOf(application)}</h1>
      {props.refusal && <ErrorSummary form={props.refusal} />}
      <SummaryList
        rows={[
          { key: 'Status', value: <ApplicationStatus application={application} /> },
          { key: 'Program year', value: application.programYear },
          ...(application.submittedAt
            ? [{ key: 'Submitted', value: <DateTime iso={application.submittedAt} /> }]
            : []),
        ]}
      />
      {application.status === 'draft' && (
        <p>
          <a class="button" href={`${base}/organizations`}>
            Continue the application
          </a>
        </p>
      )}
      <h2>What it says</h2>
      <ApplicationAnswers application={application} />
      <History application={application} />
      {ending === 'withdraw' && (
        <section class="application-ending" aria-labelledby="ending-title">
          <h2 id="ending-title">Withdraw</h2>
          <p>You can withdraw the application until it is decided.</p>
          <ActionButton
            ctx={ctx}
            action={`${base}/withdraw`}
            label="Withdraw the application"
            variant="warning"
            confirm={WITHDRAW_CONFIRMATION}
          />
        </section>
      )}
      {ending === 'delete' && (
        <section class="application-ending" aria-labelledby="ending-title">
          <h2 id="ending-title">Delete the draft</h2>
          <p>A draft you no longer need can be deleted, with everything entered in it.</p>
          <ActionButton
            ctx={ctx}
            action={`${base}/delete`}
            label="Delete the draft"
            variant="warning"
            confirm={DELETE_DRAFT_CONFIRMATION}
          />
        </section>
      )}
    </Layout>
  );
}
