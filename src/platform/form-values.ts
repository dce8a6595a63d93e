import type { FastifyRequest } from 'fastify';

/**
 * What a form sent, by field name, as the browser sent it: a string, or several for a repeated name (a group
 * of checkboxes). Names are the dotted paths of the JSON API's body (`organizations.0.name`), so one zod schema
 * reads both and its error paths name the fields.
 */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;

/** Fields the platform adds to a form, which are no part of what the person typed. */
const PLATFORM_FIELDS = new Set(['_csrf', 'confirmed']);

export function formValues(request: FastifyRequest): FormValues {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (PLATFORM_FIELDS.has(name)) continue;
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((one) => typeof one === 'string');
  }
  return values;
}

/** One field's value; the first of several. */
export function valueOf(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

/** Every value of a repeated field (checkboxes), none when absent. */
export function valuesOf(values: FormValues, name: string): string[] {
  const value = values[name];
  return value === undefined ? [] : [value].flat();
}

/**
 * The form's fields as the JSON body the schema reads: `staff.0.fte` becomes `{ staff: [{ fte }] }`. Rows the
 * form offers spare (every field blank) are left out, and `lists` names the fields that are lists even when
 * one checkbox (or none) was ticked.
 */
export function formInput(values: FormValues, lists: readonly string[] = []): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const name of lists) if (values[name] === undefined) root[name] = [];
  for (const [name, value] of Object.entries(values)) {
    const leaf = lists.includes(name) ? [value].flat() : value;
    setPath(root, name.split('.'), leaf);
  }
  return compactRows(root) as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  // Numbered segments are rows of a list; they are gathered as keyed objects, then ordered by compactRows.
  const child = target[head];
  const next = typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {};
  target[head] = next;
  setPath(next as Record<string, unknown>, rest, value);
}

function isRowMap(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^\d{1,3}$/.test(key));
}

function isBlank(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isBlank);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(isBlank);
  return false;
}

function compactRows(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (isRowMap(value)) {
    return Object.entries(value)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, row]) => compactRows(row))
      .filter((row) => !isBlank(row));
  }
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, compactRows(child)]));
}

/**
 * The other way: an input (a saved record's fields, or a form's input after its blank rows were dropped) as
 * field values, so that a form shows it, rows numbered as the error paths number them.
 */
export function fieldValues(input: unknown, prefix = ''): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  const visit = (value: unknown, path: string) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
      values[path] = value.map(String);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, `${path}.${index}`);
      });
    } else if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[path] = String(value);
    }
  };
  visit(input, prefix);
  return values;
}
