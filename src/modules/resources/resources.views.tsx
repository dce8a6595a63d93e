import type { z } from 'zod';
import {
  ActionButton,
  DataTable,
  DateOnly,
  EmptyState,
  Field,
  FilterBar,
  FilterSelect,
  Form,
  Layout,
  SelectField,
  TextArea,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import {
  AUDIENCE_LABELS,
  RESOURCE_AUDIENCES,
  type Resource,
  type ResourceAudience,
  type resourceInputSchema,
} from './resources.schemas.js';
import { ALLOWED_FILE_LABEL, ALLOWED_FILE_TYPES, MAX_FILE_BYTES } from './resources.upload.js';

export type ResourceForm = FormState<z.input<typeof resourceInputSchema>>;

/** 10 MB, 1.2 MB, 340 KB, 12 bytes. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Removing a resource takes it off every list at once; an uploaded file goes with it for good. */
export function removeResource(resource: Resource): Confirmation {
  return {
    title: 'Remove this resource?',
    message:
      `“${resource.title}” will no longer be listed for ${AUDIENCE_LABELS[resource.audience].toLowerCase()}.` +
      (resource.file
        ? ` The uploaded file ${resource.file.name} is deleted with it.`
        : ' The linked document itself is not deleted.'),
    confirmLabel: 'Remove the resource',
  };
}

/** The title, linking to the document: its address, or the uploaded file with its name and size. */
function ResourceLink({ resource }: { resource: Resource }) {
  if (resource.file) {
    return (
      <>
        <a href={resource.file.href}>{resource.title}</a>{' '}
        <span class="muted">
          ({resource.file.name}, {formatSize(resource.file.size)})
        </span>
      </>
    );
  }
  return (
    <a href={resource.url ?? undefined} rel="noopener noreferrer">
      {resource.title}
    </a>
  );
}

const FILE_ACCEPT = Object.keys(ALLOWED_FILE_TYPES)
  .map((extension) => `.${extension}`)
  .join(',');

const AUDIENCE_OPTIONS = RESOURCE_AUDIENCES.map((audience) => ({
  value: audience,
  label: AUDIENCE_LABELS[audience],
}));

/** "For everyone", "For facilitators". */
function audienceHeading(audience: ResourceAudience): string {
  const label = AUDIENCE_LABELS[audience];
  return `For ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

export function ResourcesPage(props: {
  ctx: PageContext;
  groups: { audience: ResourceAudience; resources: Resource[] }[];
  canManage: boolean;
}) {
  const { ctx, groups } = props;
  return (
    <Layout ctx={ctx} title="Resources">
      <h1>Resources</h1>
      <p class="lead">Documents for organizations applying, partners and facilitators of the program.</p>
      {props.canManage && (
        <p>
          <a href="/staff/resources">Manage resources</a>
        </p>
      )}
      {!ctx.actor && (
        <p>
          <a href="/sign-in?next=%2Fresources">Sign in</a> to see the documents for applicants, partners and
          facilitators.
        </p>
      )}
      {groups.length === 0 ? (
        <EmptyState title="There are no documents for you here yet." />
      ) : (
        groups.map((group) => (
          <section key={group.audience} aria-labelledby={`audience-${group.audience}`}>
            <h2 id={`audience-${group.audience}`}>{audienceHeading(group.audience)}</h2>
            <ul class="resource-list">
              {group.resources.map((resource) => (
                <li key={resource.id}>
                  <ResourceLink resource={resource} />
                  {resource.description && <p>{resource.description}</p>}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Layout>
  );
}

export function StaffResourcesPage(props: {
  ctx: PageContext;
  page: Paged<Resource>;
  /** Whether the list is narrowed by a search or an audience. */
  filtered: boolean;
  form: ResourceForm;
}) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Manage resources">
      <h1>Manage resources</h1>
      <p>
        <a href="/resources">View the resources page</a> · <a href="#add-resource">Add a resource</a>
      </p>
      <FilterBar ctx={ctx} label="Filter resources" search="Search titles and descriptions">
        <FilterSelect ctx={ctx} name="audience" label="For" anyLabel="Anyone" options={AUDIENCE_OPTIONS} />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="resources"
        caption="Resources"
        page={props.page}
        rowKey={(resource) => resource.id}
        columns={[
          { label: 'Title', sort: 'title', cell: (resource) => <ResourceLink resource={resource} /> },
          { label: 'For', sort: 'audience', cell: (resource) => AUDIENCE_LABELS[resource.audience] },
          { label: 'Added', sort: 'added', cell: (resource) => <DateOnly iso={resource.createdAt} /> },
          {
            label: 'Actions',
            cell: (resource) => (
              <ActionButton
                ctx={ctx}
                action={`/staff/resources/${resource.id}/remove`}
                label={`Remove “${resource.title}”`}
                variant="warning"
                confirm={removeResource(resource)}
              />
            ),
          },
        ]}
        empty={
          props.filtered ? (
            <EmptyState title="No resources match">
              Search for something else, or <a href="/staff/resources">show every resource</a>.
            </EmptyState>
          ) : (
            <EmptyState title="No resources yet">Add the first one below.</EmptyState>
          )
        }
      />
      <h2 id="add-resource">Add a resource</h2>
      <Form
        ctx={ctx}
        action="/staff/resources"
        form={form}
        multipart
        labelledBy="add-resource"
        submit="Add the resource"
      >
        <TextField form={form} name="title" label="Title" maxLength={200} required />
        <fieldset class="resource-document">
          <legend>The document: a link or a file (one of the two)</legend>
          <TextField
            form={form}
            name="url"
            label="Address of the document"
            hint="Starting with https://"
            type="url"
          />
          <Field
            form={form}
            name="file"
            label="Or upload a file"
            hint={
              `${ALLOWED_FILE_LABEL}; at most ${formatSize(MAX_FILE_BYTES)}.` +
              (form.errors.length > 0 ? ' If you had chosen a file, choose it again.' : '')
            }
          >
            {(attributes) => <input {...attributes} type="file" accept={FILE_ACCEPT} />}
          </Field>
        </fieldset>
        <SelectField
          form={form}
          name="audience"
          label="Who may see it"
          placeholder="Choose one"
          options={AUDIENCE_OPTIONS}
          required
        />
        <TextArea form={form} name="description" label="Description (optional)" rows={3} maxLength={1000} />
      </Form>
    </Layout>
  );
}
