import { Layout, type PageContext } from './ui/index.js';

/*
 * The API's reference page, `/api/docs`: the OpenAPI document rendered on the server, operation by operation,
 * grouped by tag. No script, nothing fetched from elsewhere, so it keeps the portal's strict CSP and works as
 * every other page does; `/api/openapi.json` is the machine-readable source it is drawn from.
 */

interface Schema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** An id for a heading: letters and digits, the rest as hyphens. */
function anchorOf(text: string): string {
  return text.replace(/[^a-zA-Z0-9]+/g, '-');
}

/** A schema's type in a few words: `text`, `list of text`, `one of: a, b`. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.enum) return `one of: ${schema.enum.map(String).join(', ')}`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  if (type === 'array') return `list of ${typeOf(schema.items)}`;
  return type ?? 'object';
}

function Fields({ schema }: { schema: Schema | undefined }) {
  const properties = Object.entries(schema?.properties ?? {});
  if (properties.length === 0) return <p>{typeOf(schema)}</p>;
  return (
    <dl class="api-fields">
      {properties.map(([name, property]) => (
        <div key={name}>
          <dt>
            <code>{name}</code> {schema?.required?.includes(name) ? '(required)' : '(optional)'}
          </dt>
          <dd>
            {typeOf(property)}
            {property.description && <>: {property.description}</>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function OperationEntry({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const id = anchorOf(`${method}-${path}`);
  const body = operation.requestBody?.content?.['application/json']?.schema;
  return (
    <section class="api-operation stack" aria-labelledby={id}>
      <h3 id={id}>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      {operation.summary && <p>{operation.summary}</p>}
      {operation.description && <p>{operation.description}</p>}
      {(operation.parameters ?? []).length > 0 && (
        <>
          <h4>Parameters</h4>
          <dl class="api-fields">
            {(operation.parameters ?? []).map((parameter) => (
              <div key={`${parameter.in}-${parameter.name}`}>
                <dt>
                  <code>{parameter.name}</code> (in the {parameter.in}
                  {parameter.required ? ', required' : ''})
                </dt>
                <dd>
                  {typeOf(parameter.schema)}
                  {parameter.description && <>: {parameter.description}</>}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {body && (
        <>
          <h4>Request body (JSON)</h4>
          <Fields schema={body} />
        </>
      )}
      <h4>Responses</h4>
      <ul>
        {Object.entries(operation.responses ?? {}).map(([status, response]) => (
          <li key={status}>
            <code>{status}</code> {response.description}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ApiReferencePage({ ctx, document }: { ctx: PageContext; document: OpenApiDocument }) {
  const byTag = new Map<string, { method: string; path: string; operation: Operation }[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, operation }]);
    }
  }
  const tags = [...byTag.keys()].sort();
  return (
    <Layout ctx={ctx} title="API reference">
      <h1>{document.info.title}</h1>
      <p>
        Version {document.info.version}. JSON in and out, field names in camelCase; errors are problem details
        (<code>application/problem+json</code>) with <code>errors: [{'{ path, message }'}]</code> for invalid
        input. Signed-in calls carry the session cookie; state changes from a browser need the same origin.
        The machine- readable document is <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <nav aria-label="API sections">
        <ul>
          {tags.map((tag) => (
            <li key={tag}>
              <a href={`#tag-${anchorOf(tag)}`}>{tag}</a>
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} class="stack" aria-labelledby={`tag-${anchorOf(tag)}`}>
          <h2 id={`tag-${anchorOf(tag)}`}>{tag}</h2>
          {(byTag.get(tag) ?? []).map((entry) => (
            <OperationEntry key={`${entry.method} ${entry.path}`} {...entry} />
          ))}
        </section>
      ))}
    </Layout>
  );
}
