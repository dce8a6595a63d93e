import type { FieldError } from '../../platform/errors.js';
import {
  DataTable,
  EmptyState,
  FilterBar,
  FilterInput,
  FilterSelect,
  Form,
  Layout,
  Tag,
  TextField,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import { tableQueryOf } from '../../platform/ui/table-query.js';
import { countyName, isStateCode } from '../regions/geography.js';
import {
  SCHOOL_SOURCE_LABELS,
  SCHOOLS_TABLE,
  STATE_OPTIONS,
  type SchoolCreateInput,
  type SchoolSummary,
  type StaffSchool,
} from './schools.schemas.js';

export type SchoolCreateForm = FormState<SchoolCreateInput>;

/** "Seattle, WA 98101 (King County)". */
function placeOf(school: SchoolSummary): string {
  const county =
    school.county && isStateCode(school.state) ? ` (${countyName(school.state, school.county)})` : '';
  return `${school.city ? `${school.city}, ` : ''}${school.state} ${school.zip}${county}`;
}

/**
 * The public directory search: by the beginnings of words of a name or city, of a ZIP code or an NCES id. A GET form, so it works without
 * JavaScript and a search has an address the teacher application can link to.
 */
export function SchoolSearchPage(props: {
  ctx: PageContext;
  /** Undefined before anything is searched for. */
  schools: SchoolSummary[] | undefined;
  errors: readonly FieldError[];
}) {
  const { ctx, schools, errors } = props;
  const errorOf = (path: string) => errors.find((error) => error.path === path)?.message;
  return (
    <Layout ctx={ctx} title="Find a school">
      <h1>Find a school</h1>
      <p>
        Search the directory of US public schools (the NCES Common Core of Data) by words of a school’s name
        or city (“lincoln high”, or just their beginnings), or by its ZIP code or NCES id. Closed schools are
        not listed.
      </p>
      <FilterBar ctx={ctx} label="Search schools">
        <FilterInput
          ctx={ctx}
          name="q"
          label="School name, city or NCES id"
          maxLength={100}
          error={errorOf('q')}
        />
        <FilterInput
          ctx={ctx}
          name="zip"
          label="ZIP code"
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={10}
          short
          error={errorOf('zip')}
        />
        <FilterSelect ctx={ctx} name="state" label="State" options={STATE_OPTIONS} anyLabel="Any state" />
      </FilterBar>
      {schools && (
        <DataTable
          ctx={ctx}
          id="schools"
          caption="Schools found"
          page={allRows(schools)}
          rowKey={(school) => school.id}
          columns={[
            { label: 'School', cell: (school) => school.name },
            { label: 'District', cell: (school) => school.districtName ?? '' },
            { label: 'Where', cell: placeOf },
            { label: 'NCES id', cell: (school) => school.ncesId ?? <span class="muted">None yet</span> },
          ]}
          empty={
            <EmptyState title="No open school matches">
              Try the first letters of the name without “the”, the city, or the ZIP code. A school that is not
              listed can be named, with its ZIP code, when you apply.
            </EmptyState>
          }
        />
      )}
    </Layout>
  );
}

/** A search's results as one page of a table: the search is limited, not paged. */
function allRows<Row>(rows: Row[]): Paged<Row> {
  const query = tableQueryOf(SCHOOLS_TABLE, { q: '', sort: 'name', dir: undefined, page: 1 });
  return { rows, total: rows.length, query: { ...query, pageSize: Math.max(rows.length, 1) } };
}

export function StaffSchoolsPage(props: { ctx: PageContext; page: Paged<StaffSchool> }) {
  const { ctx, page } = props;
  return (
    <Layout ctx={ctx} title="School directory">
      <h1>School directory</h1>
      <p>
        Schools and districts come from the NCES directory files (
        <code>npm run cli -- schools:import FILE</code>
        ). Staff add a school the files lack; it has no NCES id until a file brings one.
      </p>
      <p>
        <a href="/staff/schools/new" class="button">
          Add a school
        </a>
      </p>
      <FilterBar ctx={ctx} label="Filter schools" search="Words of the name or city, a ZIP code or NCES id">
        <FilterSelect
          ctx={ctx}
          name="status"
          label="Status"
          anyLabel="Open and closed"
          options={[
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
        <FilterSelect
          ctx={ctx}
          name="source"
          label="From"
          anyLabel="Any source"
          options={Object.entries(SCHOOL_SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <FilterSelect ctx={ctx} name="state" label="State" options={STATE_OPTIONS} anyLabel="Any state" />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="schools"
        caption="Schools"
        page={page}
        rowKey={(school) => school.id}
        columns={[
          {
            label: 'School',
            sort: 'name',
            cell: (school) => (
              <>
                {school.name} {school.closed && <Tag tone="neutral">Closed</Tag>}
              </>
            ),
          },
          { label: 'NCES id', cell: (school) => school.ncesId ?? <span class="muted">None</span> },
          { label: 'District', cell: (school) => school.districtName ?? '' },
          { label: 'City', sort: 'city', cell: (school) => school.city ?? '' },
          { label: 'State', sort: 'state', cell: (school) => `${school.state} ${school.zip}` },
          { label: 'From', cell: (school) => SCHOOL_SOURCE_LABELS[school.source] },
        ]}
        empty={
          <EmptyState title="No schools match">
            Search by words of a name or a city, or clear the filters.
          </EmptyState>
        }
      />
    </Layout>
  );
}

export function NewSchoolPage(props: { ctx: PageContext; form: SchoolCreateForm }) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Add a school">
      <p>
        <a href="/staff/schools">School directory</a>
      </p>
      <h1 id="school-heading">Add a school</h1>
      <p>
        For a school the NCES directory lacks. Its state and county come from its ZIP code. Search the
        directory first: a school already listed is refused.
      </p>
      <Form
        ctx={ctx}
        action="/staff/schools/new"
        form={form}
        submit="Add the school"
        labelledBy="school-heading"
      >
        <TextField form={form} name="name" label="School name" maxLength={150} required />
        <TextField form={form} name="street" label="Street address (optional)" maxLength={150} />
        <TextField form={form} name="city" label="City" maxLength={100} required />
        <TextField
          form={form}
          name="zip"
          label="ZIP code"
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={10}
          short
          required
        />
        <TextField form={form} name="districtName" label="District (optional)" maxLength={150} />
      </Form>
    </Layout>
  );
}
