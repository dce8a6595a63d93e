import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import { errorFor, fieldId } from '../../platform/ui/form.js';
import {
  ActionButton,
  DateTime,
  EmptyState,
  ErrorSummary,
  Form,
  Layout,
  SelectField,
  StepIndicator,
  SummaryList,
  TextArea,
  TextField,
  formState,
  type Confirmation,
  type FormState,
  type PageContext,
  type Step,
} from '../../platform/ui/index.js';
import { US_STATES } from '../regions/geography.js';
import { applicantEnding, applicationName } from './applications.lifecycle.js';
import {
  APPLICATION_STEPS,
  type Application,
  type ApplicationStep,
  type ApplicationSummary,
  type STEP_SCHEMAS,
} from './applications.schemas.js';
import { ApplicationAnswers, ApplicationStatus, History, nameOf } from './applications.views.js';

/* The applicant's pages: their list, the steps of a draft, checking and submitting, and the overview. */

type StepInput<Step extends ApplicationStep> = z.input<(typeof STEP_SCHEMAS)[Step]>;
export type StepForm<Step extends ApplicationStep = ApplicationStep> = FormState<StepInput<Step>>;

const STEP_TITLES: Record<ApplicationStep | 'review', string> = {
  organizations: 'Organizations',
  region: 'Region',
  staffing: 'Program manager staffing',
  narrative: 'Questions',
  review: 'Review and submit',
};

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

/** Whether a step holds what submitting needs from it. */
function isStepDone(application: Application, step: ApplicationStep): boolean {
  switch (step) {
    case 'organizations':
      return application.organizations.length > 0 && Boolean(application.contactName);
    case 'region':
      return application.regions.length > 0;
    case 'staffing':
      return application.staff.length > 0;
    case 'narrative':
      return application.questions.every((q) => Boolean(application.answers[q.id]));
  }
}

function steps(application: Application, current: ApplicationStep | 'review'): Step[] {
  return [...APPLICATION_STEPS, 'review' as const].map((step) => ({
    label: STEP_TITLES[step],
    href: `/applications/${application.id}/${step}`,
    state:
      step === current ? 'current' : step !== 'review' && isStepDone(application, step) ? 'done' : 'todo',
  }));
}

function StepHeader({ application, step }: { application: Application; step: ApplicationStep | 'review' }) {
  const index = step === 'review' ? APPLICATION_STEPS.length : APPLICATION_STEPS.indexOf(step);
  return (
    <>
      <h1>
        Step {index + 1} of {APPLICATION_STEPS.length + 1}: {STEP_TITLES[step]}
      </h1>
      <p>
        {nameOf(application)}, for {application.programYear} ·{' '}
        <a href={`/applications/${application.id}`}>Overview</a>
      </p>
      <StepIndicator label="Application steps" steps={steps(application, step)} />
    </>
  );
}

/** What a step's form shows before anything is typed: what was last saved. */
export function savedStepForm(application: Application, step: ApplicationStep): StepForm {
  switch (step) {
    case 'organizations':
      return formState<StepInput<'organizations'>>({
        contactName: application.contactName ?? '',
        contactEmail: application.contactEmail ?? '',
        // The form's "United States" option is the empty value, so that its spare rows stay blank.
        organizations: application.organizations.map((o) => ({
          ...o,
          country: o.country === 'US' ? '' : 'other',
        })),
      });
    case 'region':
      return formState<StepInput<'region'>>({ regions: application.regions.join('\n') });
    case 'staffing':
      return formState<StepInput<'staffing'>>({
        staff: application.staff.map((s) => ({ ...s, fte: String(s.fte) })),
      });
    case 'narrative':
      return formState<StepInput<'narrative'>>({ answers: application.answers });
  }
}

export function StepPage(props: {
  ctx: PageContext;
  application: Application;
  step: ApplicationStep;
  form: StepForm;
}) {
  const { ctx, application, step, form } = props;
  return (
    <Layout ctx={ctx} title={`${STEP_TITLES[step]} · Partner application`}>
      <StepHeader application={application} step={step} />
      <Form
        ctx={ctx}
        action={`/applications/${application.id}/${step}`}
        form={form}
        submit="Save and continue"
      >
        {step === 'organizations' && <OrganizationsFields form={form} />}
        {step === 'region' && (
          <TextArea
            form={form}
            name="regions"
            label="Proposed region or regions"
            hint="One per line: a state (WA), a county (WA:King) or a ZIP code (98101). Only regions where no partner works yet can be proposed."
            rows={5}
          />
        )}
        {step === 'staffing' && <StaffingFields application={application} form={form} />}
        {step === 'narrative' &&
          application.questions.map((question) => (
            <TextArea
              key={question.id}
              form={form as StepForm<'narrative'>}
              name={`answers.${question.id}`}
              label={question.prompt}
              rows={6}
              maxLength={5000}
            />
          ))}
      </Form>
    </Layout>
  );
}

/** Blank rows offered after those filled in, for another organization or person. */
const SPARE_ROWS = 2;

/** How many rows of a repeated group the form holds (`staff.2.fte` makes three). */
function rowsIn(form: FormState<unknown>, group: string): number {
  const numbers = Object.keys(form.values)
    .map((name) => new RegExp(`^${group}\\.(\\d+)\\.`).exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return numbers.length === 0 ? 0 : Math.max(...numbers) + 1;
}

/**
 * A group of rows (the organizations, the program managers) with an error of its own, like shares that do not
 * add up: the message is shown above the rows and describes the group, which the error summary's link focuses.
 */
function RowGroup(props: {
  form: FormState<unknown>;
  name: string;
  legend: string;
  hint: ComponentChildren;
  children: ComponentChildren;
}) {
  const id = fieldId(props.name);
  const error = errorFor(props.form, props.name);
  return (
    <fieldset
      class={error ? 'stack has-error' : 'stack'}
      id={id}
      tabIndex={-1}
      aria-describedby={[`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')}
    >
      <legend>{props.legend}</legend>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {error && (
        <p class="error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {props.children}
    </fieldset>
  );
}

const COUNTRY_OPTIONS = [
  { value: '', label: 'United States' },
  { value: 'other', label: 'Another country' },
];
const STATE_OPTIONS = Object.entries(US_STATES).map(([value, label]) => ({ value, label }));

function OrganizationsFields({ form: anyForm }: { form: StepForm }) {
  const form = anyForm as StepForm<'organizations'>;
  const rows = rowsIn(form, 'organizations') + SPARE_ROWS;
  return (
    <>
      <TextField form={form} name="contactName" label="Contact person" autoComplete="name" />
      <TextField form={form} name="contactEmail" label="Contact email" type="email" autoComplete="email" />
      <RowGroup
        form={form}
        name="organizations"
        legend="Organizations"
        hint="The lead organization first, then any co-applicants of a joint application, each with its role (e.g. funding, or professional learning and outreach). The program is open to organizations in the United States only."
      >
        {Array.from({ length: rows }, (_, index) => (
          // Each organization is a group named by its place, so that its repeated labels ("Name", "Role") are told apart.
          <fieldset class="application-row" key={index}>
            <legend>{index === 0 ? 'Lead organization' : `Co-applicant ${index}`}</legend>
            <TextField form={form} name={`organizations.${index}.name`} label="Name" />
            <TextField form={form} name={`organizations.${index}.role`} label="Role" />
            <SelectField
              form={form}
              name={`organizations.${index}.country`}
              label="Country"
              options={COUNTRY_OPTIONS}
            />
            {/* Hidden by the style sheet for another country, where it is not asked. */}
            <div class="application-state">
              <SelectField
                form={form}
                name={`organizations.${index}.state`}
                label="State or territory"
                placeholder="Choose…"
                options={STATE_OPTIONS}
              />
            </div>
          </fieldset>
        ))}
      </RowGroup>
    </>
  );
}

function StaffingFields({ application, form: anyForm }: { application: Application; form: StepForm }) {
  const form = anyForm as StepForm<'staffing'>;
  const filled = rowsIn(form, 'staff');
  // A first person is offered the whole position; the others are spare.
  const shown: StepForm<'staffing'> =
    filled > 0 ? form : { ...form, values: { ...form.values, 'staff.0.fte': String(application.pmFte) } };
  return (
    <RowGroup
      form={form}
      name="staff"
      legend="Program managers"
      hint={`The program manager position needs ${application.pmFte.toFixed(2)} FTE in ${application.programYear}; it can be shared across one or more people. Each share is between 0.05 and 1.`}
    >
      {Array.from({ length: Math.max(filled, 1) + SPARE_ROWS }, (_, index) => (
        <fieldset class="application-row" key={index}>
          <legend>Person {index + 1}</legend>
          <TextField form={shown} name={`staff.${index}.name`} label="Name" autoComplete="off" />
          <TextField
            form={shown}
            name={`staff.${index}.email`}
            label="Email"
            type="email"
            autoComplete="off"
          />
          <TextField form={shown} name={`staff.${index}.fte`} label="FTE share" inputMode="decimal" short />
        </fieldset>
      ))}
    </RowGroup>
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
