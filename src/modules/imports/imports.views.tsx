import { valueOf } from '../../platform/form-values.js';
import { fieldId } from '../../platform/ui/form.js';
import {
  Button,
  DataTable,
  EmptyState,
  Field,
  Form,
  formState,
  Layout,
  SelectField,
  Tag,
  type FormState,
  type PageContext,
  type TableQuery,
} from '../../platform/ui/index.js';
import { describeUnit } from '../regions/geography.js';
import {
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  type ImportKind,
  type ImportLine,
  type ImportResult,
} from './imports.schemas.js';
import { currentYearSentence, describeImport } from './imports.service.js';

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

export type ImportForm = FormState<{ kind: string; csv: string; file: unknown }>;

/** The form to choose or paste a file into, with the problems of the last attempt, or the last import's summary. */
export function ImportPage(props: {
  ctx: PageContext;
  form: ImportForm;
  currentYear: string | null;
  done?: string | undefined;
}) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Import partners and regions">
      <h1>Import partners and regions</h1>
      {props.done && <p class="import-summary">{props.done}</p>}
      <p>
        Add partners, update their public contact or assign regions from a CSV file. You see what each line
        would change before anything is saved, and a file with any problem changes nothing.
      </p>
      <p>
        {props.currentYear
          ? `${props.currentYear} is the current program year: the finder and the partner directory show it.`
          : 'No program year is current yet: the first year an import creates becomes the current one.'}{' '}
        <a href="/staff/years">Program years</a>
      </p>
      <ImportFileForm ctx={ctx} form={form} />
      <FormatHelp />
    </Layout>
  );
}

/** What the file would change, line by line, and the form that commits exactly that file. */
export function ImportPreviewPage(props: { ctx: PageContext; csv: string; result: ImportResult }) {
  const { ctx, csv, result } = props;
  const changes = result.created + result.updated;
  const redundant = result.lines.filter((line) => line.redundantInside).length;
  return (
    <Layout ctx={ctx} title="Check the import">
      <h1>Check the import</h1>
      <p class="import-summary">{describeImport(result)}</p>
      <p>{currentYearSentence(result)}</p>
      {redundant > 0 && (
        <p>
          <Tag tone="warning">{`${redundant} redundant`}</Tag> The partner already holds a region containing{' '}
          {redundant === 1 ? 'one of these units' : 'some of these units'}: assigning{' '}
          {redundant === 1 ? 'it' : 'them'} changes nothing the public sees. Remove those lines, or commit
          anyway.
        </p>
      )}
      {changes > 0 ? (
        <Form ctx={ctx} action="/staff/imports/commit" class="button-row">
          <input type="hidden" name="kind" value={result.kind} />
          <input type="hidden" name="csv" value={csv} />
          <Button>Commit the import</Button>
          <a href="/staff/imports">Cancel</a>
        </Form>
      ) : (
        <p>Everything in this file is already in the portal: there is nothing to import.</p>
      )}
      <div class="import-lines">
        <DataTable
          ctx={ctx}
          id="import-lines"
          caption="What each line of the file does"
          page={{ rows: result.lines, total: result.lines.length, query: allLines(result.lines.length) }}
          rowKey={(line) => String(line.line)}
          columns={[
            { label: 'Line', numeric: true, cell: (line) => line.line },
            { label: 'Program year', cell: (line) => line.programYear },
            { label: 'Partner', cell: (line) => line.partner },
            ...(result.kind === 'regions'
              ? [
                  {
                    label: 'Region',
                    cell: (line: ImportLine) => (line.region ? describeUnit(line.region) : ''),
                  },
                ]
              : []),
            { label: 'Change', cell: (line) => <LineChange line={line} /> },
          ]}
          empty={<EmptyState title="The file has no lines">Only its header: add a line per row.</EmptyState>}
        />
      </div>
      <h2>Change the file</h2>
      <ImportFileForm ctx={ctx} form={formState({ kind: result.kind, csv })} />
    </Layout>
  );
}

/** Every line on one page: the preview is the answer to a post, which has no address to page through. */
function allLines(count: number): TableQuery {
  return { q: '', sort: 'line', direction: 'asc', page: 1, pageSize: Math.max(count, 1) };
}

function LineChange({ line }: { line: ImportLine }) {
  if (!line.redundantInside) return <>{line.detail}</>;
  return (
    <>
      {line.detail} <Tag tone="warning">{`Redundant: inside ${describeUnit(line.redundantInside)}`}</Tag>
    </>
  );
}

function ImportFileForm({ ctx, form }: { ctx: PageContext; form: ImportForm }) {
  // Line problems are listed in the summary; the text box is marked as the place to fix them.
  const linesRefused = form.errors.some((error) => error.path.startsWith('line '));
  const shown: ImportForm =
    linesRefused && !form.errors.some((error) => error.path === 'csv')
      ? {
          ...form,
          errors: [
            ...form.errors,
            { path: 'csv', message: 'Fix the lines listed above, then preview again.' },
          ],
        }
      : form;
  return (
    // The file's problems are listed by line (the platform's summary lists one message per field).
    <Form ctx={ctx} action="/staff/imports/preview" submit="Preview" multipart>
      <ImportProblems form={form} />
      <SelectField
        form={shown}
        name="kind"
        label="The file holds"
        options={IMPORT_KINDS.map((kind) => ({
          value: kind,
          label: `${KIND_LABELS[kind]} (${IMPORT_COLUMNS[kind].join(',')})`,
        }))}
      />
      <Field
        form={shown}
        name="file"
        label="Choose the CSV file"
        hint="Saved as “CSV UTF-8” from a spreadsheet, at most 2 MB. A chosen file is used instead of pasted text."
      >
        {(attributes) => <input {...attributes} type="file" accept=".csv,text/csv" />}
      </Field>
      <Field
        form={shown}
        name="csv"
        label="Or paste its text"
        hint="Open the file in a text editor, copy all of it, header line included, and paste it here."
      >
        {(attributes) => (
          <textarea {...attributes} rows={14} class="csv-input" spellcheck={false}>
            {/* The HTML parser drops one newline right after <textarea>: this one, not the file's first line. */}
            {`\n${valueOf(shown.values, 'csv')}`}
          </textarea>
        )}
      </Field>
    </Form>
  );
}

/** Every problem of the file, each linking to the control where it is fixed. */
function ImportProblems({ form }: { form: ImportForm }) {
  if (form.errors.length === 0 && !form.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} data-error-summary>
      <h2>{form.message ?? 'There is a problem'}</h2>
      <ul class="import-problems">
        {form.errors.map((error, index) => (
          <li key={index}>
            <a href={`#${fieldId(['kind', 'file'].includes(error.path) ? error.path : 'csv')}`}>
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
        program year that a file names and that does not exist yet is created (and becomes the current year
        when none is). Importing the same file again changes nothing.
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
