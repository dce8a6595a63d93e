import type { z } from 'zod';
import { valueOf } from '../../platform/form-values.js';
import {
  ActionButton,
  DataTable,
  EmptyState,
  ErrorSummary,
  Form,
  Layout,
  StatusBadge,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import {
  YEAR_LIFECYCLE,
  type ReminderRule,
  type reminderRulesInputSchema,
  type programYearCreateSchema,
  type programYearSettingsSchema,
  type StaffYear,
  type YearCoverage,
} from './program-years.schemas.js';

export type YearCreateForm = FormState<z.input<typeof programYearCreateSchema>>;
export type YearSettingsForm = FormState<z.input<typeof programYearSettingsSchema>>;
export type ReminderRulesForm = FormState<z.input<typeof reminderRulesInputSchema>>;

/**
 * Making a year current changes what every visitor sees, so it asks first and says what that will be. The
 * previous year stays, and can be made current again.
 */
export function makeCurrentConfirmation(year: StaffYear): Confirmation {
  return {
    title: `Make ${year.name} the current year?`,
    message: `${publicView(year.name, year.coverage)} The year that is current now stays as it is, and can be made current again.`,
    confirmLabel: `Make ${year.name} current`,
  };
}

/** "The finder and the partner directory will show 2028-29: 3 partners serving 1 state and 2 counties." */
function publicView(yearName: string, coverage: YearCoverage): string {
  if (coverage.partners === 0) {
    return `No active partner serves a region in ${yearName} yet: the finder will show every state as not served, and inquiries will go to program staff.`;
  }
  return `The finder and the partner directory will show ${yearName} to everyone: ${counted(coverage.partners, 'partner')} serving ${listInWords(regionsInWords(coverage))}.`;
}

/** ["1 state", "2 counties"]: the kinds of region a year's partners serve, the kinds with none left out. */
function regionsInWords(coverage: YearCoverage): string[] {
  return [
    counted(coverage.states, 'state'),
    counted(coverage.counties, 'county', 'counties'),
    counted(coverage.zips, 'ZIP code'),
  ].filter((part): part is string => part !== undefined);
}

function counted(count: number, one: string, many = `${one}s`): string | undefined {
  return count === 0 ? undefined : `${count} ${count === 1 ? one : many}`;
}

function listInWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function ProgramYearsPage(props: {
  ctx: PageContext;
  page: Paged<StaffYear>;
  createForm: YearCreateForm;
  /** A year's refused FTE, shown in a form of its own below the table. */
  settings?: { yearName: string; form: YearSettingsForm } | undefined;
  /** Why making a year current was refused. */
  refusal?: FormState | undefined;
}) {
  const { ctx, page, createForm, settings } = props;
  return (
    <Layout ctx={ctx} title="Program years">
      <h1>Program years</h1>
      <p>
        Partners, regions, applications and workshops belong to a year. The current year is the one the finder
        and the partner directory show. When no year is current, the first one created becomes current.
      </p>
      {props.refusal && <ErrorSummary form={props.refusal} />}
      <DataTable
        ctx={ctx}
        id="years"
        caption="Program years"
        page={page}
        rowKey={(year) => year.id}
        columns={[
          {
            label: 'Year',
            sort: 'year',
            cell: (year) => <a href={`/staff/partners?year=${year.name}`}>{year.name}</a>,
          },
          {
            label: 'Partners and regions',
            cell: (year) => coverageInWords(year.coverage),
          },
          {
            label: 'Program manager FTE',
            cell: (year) => (
              <Form ctx={ctx} action={`/staff/years/${year.name}/settings`} class="button-row">
                <label class="visually-hidden" for={`fte-${year.name}`}>
                  Program manager FTE for {year.name}
                </label>
                <input
                  id={`fte-${year.name}`}
                  name="pmFte"
                  type="text"
                  inputMode="decimal"
                  class="short-input"
                  value={String(year.pmFte)}
                />
                <button type="submit" class="small secondary">
                  Save<span class="visually-hidden"> the FTE of {year.name}</span>
                </button>
              </Form>
            ),
          },
          {
            label: 'Reminders',
            cell: (year) => (
              <>
                {remindersInWords(year.reminderRules)}{' '}
                <a href={`/staff/years/${year.name}/reminders`}>
                  Change<span class="visually-hidden"> the reminders of {year.name}</span>
                </a>
              </>
            ),
          },
          {
            label: 'Current year',
            cell: (year) =>
              year.isCurrent ? (
                <StatusBadge lifecycle={YEAR_LIFECYCLE} status="current" />
              ) : (
                <ActionButton
                  ctx={ctx}
                  action={`/staff/years/${year.name}/current`}
                  label={`Make ${year.name} current`}
                  variant="secondary"
                  confirm={makeCurrentConfirmation(year)}
                />
              ),
          },
        ]}
        empty={
          page.query.q ? (
            <EmptyState title="No year matches">
              <a href="/staff/years">Show every year</a>.
            </EmptyState>
          ) : (
            <EmptyState title="No program year exists yet">
              Create the first one below: it becomes the current year.
            </EmptyState>
          )
        }
      />
      {settings ? (
        <>
          <h2 id="settings-heading">Program manager FTE for {settings.yearName}</h2>
          <Form
            ctx={ctx}
            action={`/staff/years/${settings.yearName}/settings`}
            form={settings.form}
            submit="Save the FTE"
            labelledBy="settings-heading"
          >
            <TextField
              form={settings.form}
              name="pmFte"
              label="Program manager FTE"
              hint="Between 0.05 and 1, like 0.5."
              inputMode="decimal"
              short
            />
          </Form>
          <p>
            <a href="/staff/years">Back to the program years</a>
          </p>
        </>
      ) : (
        <>
          <h2 id="create-heading">Create a program year</h2>
          <Form
            ctx={ctx}
            action="/staff/years"
            form={createForm}
            submit="Create the year"
            labelledBy="create-heading"
          >
            <TextField form={createForm} name="name" label="Year" hint="Like 2027-28." required />
            <TextField
              form={createForm}
              name="pmFte"
              label="Program manager FTE"
              hint="Up to how much of a full-time position partners staff; 0.5 by default."
              inputMode="decimal"
              short
            />
            <div class="field">
              <label>
                <input
                  type="checkbox"
                  name="makeCurrent"
                  value="on"
                  checked={valueOf(createForm.values, 'makeCurrent') === 'on'}
                />{' '}
                Make it the current year
              </label>
            </div>
          </Form>
        </>
      )}
    </Layout>
  );
}

/** "3 partners · 1 state, 2 counties", or "No partner serves a region yet". */
function coverageInWords(coverage: YearCoverage): string {
  if (coverage.partners === 0) return 'No partner serves a region yet';
  return `${counted(coverage.partners, 'partner')} · ${regionsInWords(coverage).join(', ')}`;
}

/** "10 and 3 days before, at 09:00", or "None". */
function remindersInWords(rules: readonly ReminderRule[]): string {
  if (rules.length === 0) return 'None';
  const times = new Set(rules.map((rule) => rule.time));
  if (times.size === 1) {
    return `${listInWords(rules.map((rule) => String(rule.daysBefore)))} ${rules.length === 1 && rules[0]?.daysBefore === 1 ? 'day' : 'days'} before, at ${rules[0]?.time ?? ''}`;
  }
  return rules.map((rule) => `${rule.daysBefore} days before at ${rule.time}`).join('; ');
}

/** Rows the reminders form always offers beyond the rules a year has, for adding some. */
const SPARE_RULE_ROWS = 2;

/**
 * A year's reminder rules: each is a mail to those with a seat in a workshop, that many days before its first
 * session, at that time in the workshop's zone. Blank rows are left out; no rows at all sends no reminders.
 */
export function ReminderRulesPage(props: { ctx: PageContext; yearName: string; form: ReminderRulesForm }) {
  const { ctx, yearName, form } = props;
  const filled = Object.keys(form.values).filter((name) => name.endsWith('.daysBefore')).length;
  const rows = Math.min(10, filled + SPARE_RULE_ROWS);
  return (
    <Layout ctx={ctx} title={`Reminders for ${yearName}`}>
      <h1>Reminders for {yearName}</h1>
      <p>
        Everyone with a seat in one of this year’s workshops gets each reminder, that many days before the
        workshop’s first session, at that time in the workshop’s time zone. People who sign up after a
        reminder’s time do not get it. Workshops already published are rescheduled when you save.
      </p>
      <Form ctx={ctx} action={`/staff/years/${yearName}/reminders`} form={form} submit="Save the reminders">
        <fieldset class="stack">
          <legend>Reminders</legend>
          <p class="hint">Leave a row blank to remove it; save to get more rows. No rows: no reminders.</p>
          {Array.from({ length: rows }, (_, index) => (
            <div class="button-row" key={index} role="group" aria-label={`Reminder ${index + 1}`}>
              <TextField
                form={form}
                name={`rules.${index}.daysBefore`}
                label={`Reminder ${index + 1}: days before`}
                inputMode="numeric"
                short
              />
              <TextField
                form={form}
                name={`rules.${index}.time`}
                label={`Reminder ${index + 1}: time`}
                type="time"
                short
              />
            </div>
          ))}
        </fieldset>
      </Form>
      <p>
        <a href="/staff/years">Back to the program years</a>
      </p>
    </Layout>
  );
}
