// TRANSITIONAL: the old field components, until every view uses src/platform/ui/form.tsx.
import type { ComponentChildren } from 'preact';
import type { FieldError } from './errors.js';

export interface FieldAttributes {
  id: string;
  name: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

/**
 * A labelled form control with its hint and its error message, wired up for screen readers.
 * The control itself is rendered by the caller, which receives the attributes to spread on it.
 */
export function FormField(props: {
  name: string;
  label: string;
  hint?: string;
  errors: FieldError[];
  children: (attributes: FieldAttributes) => ComponentChildren;
}) {
  const id = `field-${props.name}`;
  const error = props.errors.find((e) => e.path === props.name);
  const describedBy = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error.message}
        </p>
      )}
      {props.children({
        id,
        name: props.name,
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
    </div>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function FieldErrorSummary({
  errors,
  message,
}: {
  errors: FieldError[];
  message?: string | undefined;
}) {
  if (errors.length === 0 && !message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{message ?? 'There is a problem'}</h2>
      {errors.length > 0 && (
        <ul>
          {errors.map((error) => (
            <li key={error.path}>
              {error.path ? <a href={`#field-${error.path}`}>{error.message}</a> : error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
