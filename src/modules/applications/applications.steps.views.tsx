import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import { errorFor, fieldId } from '../../platform/ui/form.js';
import {
  Form,
  Layout,
  SelectField,
  StepIndicator,
  TextArea,
  TextField,
  formState,
  type FormState,
  type PageContext,
  type Step,
} from '../../platform/ui/index.js';
import { US_STATES } from '../regions/geography.js';
import {
  APPLICATION_STEPS,
  type Application,
  type ApplicationStep,
  type STEP_SCHEMAS,
} from './applications.schemas.js';
import { nameOf } from './applications.views.js';

/* The steps of a draft: where the applicant is, and each step's form. */

type StepInput<Step extends ApplicationStep> = z.input<(typeof STEP_SCHEMAS)[Step]>;
export type StepForm<Step extends ApplicationStep = ApplicationStep> = FormState<StepInput<Step>>;

export const STEP_TITLES: Record<ApplicationStep | 'review', string> = {
  organizations: 'Organizations',
  region: 'Region',
  staffing: 'Program manager staffing',
  narrative: 'Questions',
  review: 'Review and submit',
};

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

export function StepHeader({
  application,
  step,
}: {
  application: Application;
  step: ApplicationStep | 'review';
}) {
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
