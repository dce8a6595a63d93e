import type { FieldError } from '../../platform/errors.js';
import { FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import { IMPORT_COLUMNS, IMPORT_KINDS, type ImportKind, type ImportResult } from './imports.schemas.js';
import { describeImport } from './imports.service.js';

export interface ImportFormValues {
  kind: string;
  csv: string;
}

const KIND_LABELS: Record<ImportKind, string> = {
  partners: 'Partners',
  regions: 'Region assignments',
};

const EXAMPLES: Record<ImportKind, string> = {
  partners: [
    IMPORT_COLUMNS.partners.join(','),
    'Cascade CS Alliance,Ana Ruiz,ana@cascade.example.org,2027-28',
    '"Puget Sound Educators, Inc.",Sam Lee,sam@puget.example.org,2027-28',
  ].join('\n'),
  regions: [
    IMPORT_COLUMNS.regions.join(','),
    'Cascade CS Alliance,2027-28,WA',
    '"Puget Sound Educators, Inc.",2027-28,WA:King',
    '"Puget Sound Educators, Inc.",2027-28,98101',
  ].join('\n'),
};

/** The form to paste a file into, with the problems of the last attempt, or the summary of the last import. */
export function ImportPage(props: {
  ctx: PageContext;
  values: ImportFormValues;
  errors?: FieldError[];
  message?: string;
  done?: string | undefined;
}) {
  const { ctx, values, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Import partners and regions">
      <h1>Import partners and regions</h1>
      {props.done && <p class="import-summary">{props.done}</p>}
      <ImportProblems errors={errors} message={props.message} />
      <p>
        Add partners, update their public contact or assign regions from a CSV file. You see what each line
        would change before anything is saved, and a file with any problem changes nothing.
      </p>
      <ImportForm ctx={ctx} values={values} errors={errors} />
      <FormatHelp />
    </Layout>
  );
}

/** What the file would change, line by line, and the form that commits exactly that file. */
export function ImportPreviewPage(props: {
  ctx: PageContext;
  values: ImportFormValues;
  result: ImportResult;
}) {
  const { ctx, values, result } = props;
  const changes = result.created + result.updated;
  return (
    <Layout ctx={ctx} title="Check the import">
      <h1>Check the import</h1>
      <p class="import-summary">{describeImport(result)}</p>
      {changes > 0 ? (
        <form method="post" action="/staff/imports/commit" class="button-row">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <input type="hidden" name="kind" value={result.kind} />
          <input type="hidden" name="csv" value={values.csv} />
          <button type="submit">Commit the import</button>
          <a href="/staff/imports">Cancel</a>
        </form>
      ) : (
        <p>Everything in this file is already in the portal: there is nothing to import.</p>
      )}
      <table class="table import-lines">
        <caption>What each line of the file does</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Program year</th>
            <th scope="col">Partner</th>
            {result.kind === 'regions' && <th scope="col">Region</th>}
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {result.lines.map((line) => (
            <tr key={line.line} class={`import-${line.outcome}`}>
              <td>{line.line}</td>
              <td>{line.programYear}</td>
              <td>{line.partner}</td>
              {result.kind === 'regions' && (
                <td>
                  <code>{line.region}</code>
                </td>
              )}
              <td>{line.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Change the file</h2>
      <ImportForm ctx={ctx} values={values} errors={[]} />
    </Layout>
  );
}

function ImportForm({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: ImportFormValues;
  errors: FieldError[];
}) {
  // Line problems are listed above the form; the text box is marked as the place to fix them.
  const fieldErrors =
    errors.some((error) => error.path.startsWith('line ')) && !errors.some((error) => error.path === 'csv')
      ? [...errors, { path: 'csv', message: 'Fix the lines listed above, then preview again.' }]
      : errors;
  return (
    <form method="post" action="/staff/imports/preview" class="stack" noValidate>
      <input type="hidden" name="_csrf" value={ctx.csrf()} />
      <FormField name="kind" label="The file holds" errors={fieldErrors}>
        {(attrs) => (
          <select {...attrs}>
            {IMPORT_KINDS.map((kind) => (
              <option key={kind} value={kind} selected={values.kind === kind}>
                {KIND_LABELS[kind]} ({IMPORT_COLUMNS[kind].join(',')})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        name="csv"
        label="The CSV file"
        hint="Open the file in a text editor, copy all of it, header line included, and paste it here. (Choosing the file itself is not possible yet.)"
        errors={fieldErrors}
      >
        {(attrs) => (
          <textarea {...attrs} rows={14} class="csv-input" spellcheck={false}>
            {/* The HTML parser drops one newline right after <textarea>: this one, not the file's first line. */}
            {`\n${values.csv}`}
          </textarea>
        )}
      </FormField>
      <div class="button-row">
        <button type="submit">Preview</button>
      </div>
    </form>
  );
}

/** Every problem of the file, each linking to the control where it is fixed. */
function ImportProblems({ errors, message }: { errors: FieldError[]; message?: string | undefined }) {
  if (errors.length === 0 && !message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{message ?? 'There is a problem'}</h2>
      <ul class="import-problems">
        {errors.map((error, index) => (
          <li key={index}>
            <a href={error.path === 'kind' ? '#field-kind' : '#field-csv'}>
              {error.path.startsWith('line ') ? `${error.path}: ${error.message}` : error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FormatHelp() {
  return (
    <section aria-labelledby="formats-title">
      <h2 id="formats-title">The files</h2>
      <p>
        Comma-separated values, header first (in any order), one row per line. A value that contains a comma,
        a double quote or a line break goes in double quotes, with any double quote inside written twice. A
        program year that a file names and that does not exist yet is created. Importing the same file again
        changes nothing.
      </p>
      <h3>Partners</h3>
      <p>
        A partner is found by its name within its program year: a new name adds a partner (its only member
        organization is itself, as lead), a known one has its public contact updated.
      </p>
      <pre class="csv-example">{EXAMPLES.partners}</pre>
      <h3>Region assignments</h3>
      <p>
        Each line gives a region to a partner of that year: a state (<code>WA</code>), a county (
        <code>WA:King</code>) or a ZIP code (<code>98101</code>). A region held by another partner is refused.
      </p>
      <pre class="csv-example">{EXAMPLES.regions}</pre>
    </section>
  );
}
