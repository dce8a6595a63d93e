import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import type { ProgramYear } from './program-years.schemas.js';

export function ProgramYearsPage(props: {
  ctx: PageContext;
  years: ProgramYear[];
  errors?: FieldError[];
  values?: { name: string; pmFte: string };
}) {
  const { ctx, years, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Program years">
      <h1>Program years</h1>
      <p>
        Partners, regions, applications and workshops belong to a year. The current year is the one the finder
        shows.
      </p>
      {years.length === 0 ? (
        <p>No program year exists yet: create the first one below.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Year</th>
              <th scope="col">Program manager FTE</th>
              <th scope="col">Current</th>
            </tr>
          </thead>
          <tbody>
            {years.map((year) => (
              <tr key={year.id}>
                <td>
                  <a href={`/staff/partners?year=${year.name}`}>{year.name}</a>
                </td>
                <td>
                  <form method="post" action={`/staff/years/${year.name}/settings`} class="button-row">
                    <input type="hidden" name="_csrf" value={ctx.csrf()} />
                    <label class="visually-hidden" for={`fte-${year.name}`}>
                      Program manager FTE for {year.name}
                    </label>
                    <input
                      id={`fte-${year.name}`}
                      name="pmFte"
                      type="text"
                      inputMode="decimal"
                      size={4}
                      value={String(year.pmFte)}
                    />
                    <button type="submit" class="small">
                      Save<span class="visually-hidden"> the FTE of {year.name}</span>
                    </button>
                  </form>
                </td>
                <td>
                  {year.isCurrent ? (
                    <strong>Current</strong>
                  ) : (
                    <form method="post" action={`/staff/years/${year.name}/current`} class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrf()} />
                      <button type="submit" class="small">
                        Make {year.name} current
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Create a program year</h2>
      <FieldErrorSummary errors={errors} />
      <form method="post" action="/staff/years" class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField name="name" label="Year" hint="Like 2027-28." errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={props.values?.name ?? ''} required />}
        </FormField>
        <FormField
          name="pmFte"
          label="Program manager FTE"
          hint="Up to how much of a full-time position partners staff; 0.5 by default."
          errors={errors}
        >
          {(attrs) => (
            <input {...attrs} type="text" inputMode="decimal" value={props.values?.pmFte ?? '0.5'} />
          )}
        </FormField>
        <div class="field">
          <label>
            <input type="checkbox" name="makeCurrent" value="on" /> Make it the current year
          </label>
        </div>
        <div class="button-row">
          <button type="submit">Create the year</button>
        </div>
      </form>
    </Layout>
  );
}
