import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import { AUDIENCE_LABELS, RESOURCE_AUDIENCES, type Resource } from './resources.schemas.js';

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
              <a href={resource.url} rel="noopener noreferrer">
                {resource.title}
              </a>
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
                  <a href={resource.url} rel="noopener noreferrer">
                    {resource.title}
                  </a>
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
      <p class="muted">Link to a document (uploading files is not available yet).</p>
      <FieldErrorSummary errors={errors} />
      <form method="post" action="/staff/resources" class="stack" noValidate aria-labelledby="add-resource">
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField name="title" label="Title" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.title} required />}
        </FormField>
        <FormField name="url" label="Address of the document" hint="Starting with https://" errors={errors}>
          {(attrs) => <input {...attrs} type="url" value={values.url} required />}
        </FormField>
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
        The document itself is not deleted.
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
