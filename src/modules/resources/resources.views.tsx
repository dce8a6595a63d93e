import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import { AUDIENCE_LABELS, RESOURCE_AUDIENCES, type Resource } from './resources.schemas.js';
import { ALLOWED_FILE_LABEL, ALLOWED_FILE_TYPES, MAX_FILE_BYTES } from './resources.upload.js';

/** 10 MB, 1.2 MB, 340 KB, 12 bytes. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
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

export function ResourcesPage({ ctx, resources }: { ctx: PageContext; resources: Resource[] }) {
  const isStaff = ctx.actor?.roles.includes('staff') ?? false;
  return (
    <Layout ctx={ctx} title="Resources">
      <h1>Resources</h1>
      <p class="lead">Documents for organizations applying, partners and facilitators of the program.</p>
      {isStaff && (
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
      {resources.length === 0 ? (
        <p>There are no documents for you here yet.</p>
      ) : (
        <ul class="resource-list">
          {resources.map((resource) => (
            <li key={resource.id}>
              <ResourceLink resource={resource} />
              {resource.description && <p>{resource.description}</p>}
              {isStaff && <p class="muted">For: {AUDIENCE_LABELS[resource.audience]}</p>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface ResourceFormValues {
  title: string;
  description: string;
  audience: string;
  url: string;
}

export function StaffResourcesPage(props: {
  ctx: PageContext;
  resources: Resource[];
  values: ResourceFormValues;
  errors?: FieldError[];
}) {
  const { ctx, values, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Manage resources">
      <h1>Manage resources</h1>
      <p>
        <a href="/resources">View the resources page</a>
      </p>
      {props.resources.length === 0 ? (
        <p>No resources yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">For</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.resources.map((resource) => (
              <tr key={resource.id}>
                <td>
                  <ResourceLink resource={resource} />
                </td>
                <td>{AUDIENCE_LABELS[resource.audience]}</td>
                <td class="actions">
                  <a href={`/staff/resources/${resource.id}/remove`}>
                    Remove<span class="visually-hidden"> “{resource.title}”</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="add-resource">Add a resource</h2>
      <FieldErrorSummary errors={errors} />
      <form
        method="post"
        action="/staff/resources"
        enctype="multipart/form-data"
        class="stack"
        noValidate
        aria-labelledby="add-resource"
      >
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField name="title" label="Title" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.title} required />}
        </FormField>
        <fieldset>
          <legend>The document: a link or a file (one of the two)</legend>
          <FormField name="url" label="Address of the document" hint="Starting with https://" errors={errors}>
            {(attrs) => <input {...attrs} type="url" value={values.url} />}
          </FormField>
          <FormField
            name="file"
            label="Or upload a file"
            hint={
              `${ALLOWED_FILE_LABEL}; at most ${formatSize(MAX_FILE_BYTES)}.` +
              (errors.length > 0 ? ' If you had chosen a file, choose it again.' : '')
            }
            errors={errors}
          >
            {(attrs) => <input {...attrs} type="file" accept={FILE_ACCEPT} />}
          </FormField>
        </fieldset>
        <FormField name="audience" label="Who may see it" errors={errors}>
          {(attrs) => (
            <select {...attrs} required>
              <option value="" selected={values.audience === ''}>
                Choose one
              </option>
              {RESOURCE_AUDIENCES.map((audience) => (
                <option key={audience} value={audience} selected={values.audience === audience}>
                  {AUDIENCE_LABELS[audience]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField name="description" label="Description (optional)" errors={errors}>
          {(attrs) => (
            <textarea {...attrs} rows={3}>
              {values.description}
            </textarea>
          )}
        </FormField>
        <div class="button-row">
          <button type="submit">Add the resource</button>
        </div>
      </form>
    </Layout>
  );
}

export function RemoveResourcePage({ ctx, resource }: { ctx: PageContext; resource: Resource }) {
  return (
    <Layout ctx={ctx} title="Remove a resource">
      <h1>Remove this resource?</h1>
      <p>
        “{resource.title}” will no longer be listed for {AUDIENCE_LABELS[resource.audience].toLowerCase()}.
        {resource.file
          ? ` The uploaded file ${resource.file.name} is deleted with it.`
          : ' The linked document itself is not deleted.'}
      </p>
      <form method="post" action={`/staff/resources/${resource.id}/remove`} class="button-row">
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <button type="submit" class="danger">
          Remove the resource
        </button>
        <a href="/staff/resources">Keep it</a>
      </form>
    </Layout>
  );
}
