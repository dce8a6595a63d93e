import type { ComponentChildren } from 'preact';
import type { FieldError } from '../errors.js';
import { fieldValues, valueOf, valuesOf, type FormValues } from '../form-values.js';
import type { PageContext } from './layout.js';
import type { Confirmation } from './confirm.js';

type Primitive = string | number | boolean | bigint | null | undefined | Date;

/**
 * The dotted paths of an input's fields, as its zod schema reports errors and the form names its fields:
 * `FieldPath<{ staff: { fte: number }[] }>` is `'staff' | `staff.${number}` | `staff.${number}.fte``. A field
 * named anything else does not compile, so a form cannot drift from the schema that validates it.
 */
export type FieldPath<T> = T extends Primitive
  ? never
  : T extends readonly (infer Item)[]
    ? `${number}` | (Item extends Primitive ? never : `${number}.${FieldPath<Item>}`)
    : {
        [K in keyof T & string]-?: NonNullable<T[K]> extends Primitive
          ? K
          : K | `${K}.${FieldPath<NonNullable<T[K]>>}`;
      }[keyof T & string];

/**
 * A form as shown: what is in its fields and what is wrong with them. `Input` is the input type of the schema
 * the form's domain function parses (`z.input<typeof inquiryInputSchema>`); it types the field names.
 */
export interface FormState<Input = Record<string, unknown>> {
  values: FormValues;
  errors: readonly FieldError[];
  /** The refusal as a whole, above the list of fields (e.g. "Some fields need attention."). */
  message?: string | undefined;
  /**
   * Only for typing: the input whose paths name the fields. A method, so that a form state built for the
   * general shape (the form path's) passes where a particular form's is expected.
   */
  typedBy?(input: Input): void;
}

/** A form before anything was sent: empty, or showing a saved record (`initial` in the input's shape). */
export function formState<Input>(initial: Partial<NoInfer<Input>> = {}): FormState<Input> {
  return { values: fieldValues(initial), errors: [] };
}

/** The message for one field, if any; the first one when a schema reports several. */
export function errorFor(form: FormState<never> | FormState<unknown>, name: string): string | undefined {
  return form.errors.find((error) => error.path === name)?.message;
}

/** A field's id, which the error summary links to and the label points at. */
export function fieldId(name: string): string {
  return `field-${name}`;
}

export interface FieldAttributes {
  id: string;
  name: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

/**
 * A labelled control with its hint and its message, wired for screen readers; the control is the caller's,
 * given the attributes to spread on it. The typed fields below are built on it; use it directly only for a
 * control they do not cover.
 */
export function Field(props: {
  form: FormState<never> | FormState<unknown>;
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  children: (attributes: FieldAttributes) => ComponentChildren;
}) {
  const id = fieldId(props.name);
  const error = errorFor(props.form, props.name);
  const describedBy = [props.hint !== undefined && `${id}-hint`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint !== undefined && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
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

interface FieldProps<Input> {
  form: FormState<Input>;
  name: FieldPath<Input>;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

/**
 * @example <TextField form={form} name="email" label="Your email address" type="email" autoComplete="email" />
 */
export function TextField<Input>(
  props: FieldProps<Input> & {
    type?: 'text' | 'email' | 'url' | 'tel' | 'password' | 'date' | 'time' | 'number' | 'search';
    autoComplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'url';
    /** A short field (a ZIP code, an FTE share) is drawn short. */
    short?: boolean;
    maxLength?: number;
    required?: boolean;
  },
) {
  return (
    <Field form={props.form} name={props.name} label={props.label} hint={props.hint}>
      {(attributes) => (
        <input
          {...attributes}
          type={props.type ?? 'text'}
          value={valueOf(props.form.values, props.name)}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          class={props.short ? 'short-input' : undefined}
          maxLength={props.maxLength}
          required={props.required}
        />
      )}
    </Field>
  );
}

/** @example <TextArea form={form} name="message" label="Your question" rows={8} maxLength={5000} /> */
export function TextArea<Input>(
  props: FieldProps<Input> & { rows?: number; maxLength?: number; required?: boolean; code?: boolean },
) {
  return (
    <Field form={props.form} name={props.name} label={props.label} hint={props.hint}>
      {(attributes) => (
        <textarea
          {...attributes}
          rows={props.rows ?? 6}
          maxLength={props.maxLength}
          required={props.required}
          class={props.code ? 'code' : undefined}
        >
          {valueOf(props.form.values, props.name)}
        </textarea>
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** @example <SelectField form={form} name="role" label="Which describes you best?" placeholder="Choose one" options={roles} /> */
export function SelectField<Input>(
  props: FieldProps<Input> & { options: readonly Option[]; placeholder?: string; required?: boolean },
) {
  const selected = valueOf(props.form.values, props.name);
  return (
    <Field form={props.form} name={props.name} label={props.label} hint={props.hint}>
      {(attributes) => (
        <select {...attributes} required={props.required}>
          {props.placeholder !== undefined && (
            <option value="" selected={selected === ''}>
              {props.placeholder}
            </option>
          )}
          {props.options.map((option) => (
            <option key={option.value} value={option.value} selected={selected === option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * Several controls answering one question (checkboxes, or radios for one choice), in a fieldset whose legend
 * is the question; the message and hint belong to the whole group.
 *
 * @example <ChoiceField form={form} name="coursesOffered" legend="Courses offered" type="checkbox" options={courses} />
 */
export function ChoiceField<Input>(props: {
  form: FormState<Input>;
  name: FieldPath<Input>;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  type: 'checkbox' | 'radio';
  options: readonly Option[];
}) {
  const id = fieldId(props.name);
  const error = errorFor(props.form, props.name);
  const chosen = valuesOf(props.form.values, props.name);
  const describedBy = [props.hint !== undefined && `${id}-hint`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      class={error ? 'field choices has-error' : 'field choices'}
      id={id}
      tabIndex={-1}
      aria-describedby={describedBy || undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint !== undefined && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {props.options.map((option, index) => (
        <div class="choice" key={option.value}>
          <input
            type={props.type}
            id={`${id}-${index}`}
            name={props.name}
            value={option.value}
            checked={chosen.includes(option.value)}
            aria-invalid={error ? 'true' : undefined}
          />
          <label for={`${id}-${index}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * The problems of a refused form, first on the page: each links to its field, which shows the same message
 * beside it. The enhancing script moves focus here, so a screen reader hears it at once.
 */
export function ErrorSummary({ form }: { form: FormState<never> | FormState<unknown> }) {
  const errors = firstPerField(form.errors);
  if (errors.length === 0 && !form.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} data-error-summary>
      <h2>There is a problem</h2>
      {form.message && (errors.length === 0 || form.message !== GENERIC_MESSAGE) && <p>{form.message}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((error) => (
            <li key={error.path}>
              {error.path ? <a href={`#${fieldId(error.path)}`}>{error.message}</a> : error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const GENERIC_MESSAGE = 'Some fields need attention.';

/** One message per field, as the field shows only its first. */
function firstPerField(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.path) && seen.add(error.path));
}

/**
 * A form that changes something: posted with its CSRF token, its error summary first, browser validation
 * off (the server's messages are the ones people read). With `confirm`, the irreversible action asks first
 * (see `confirm.tsx`).
 *
 * @example
 * <Form ctx={ctx} action="/contact" form={form} submit="Send your question">
 *   <TextField form={form} name="name" label="Your name" />
 * </Form>
 */
export function Form(props: {
  ctx: PageContext;
  action: string;
  form?: FormState<never> | FormState<unknown>;
  /** The main button's text; leave it out to put buttons in the children. */
  submit?: string;
  /** How the main button looks: `warning` for something destructive. */
  variant?: ButtonVariant;
  confirm?: Confirmation;
  multipart?: boolean;
  class?: string;
  /** Names the form for screen readers where a page has several (e.g. by its heading's id). */
  labelledBy?: string;
  children?: ComponentChildren;
}) {
  return (
    <form
      method="post"
      action={props.action}
      class={props.class ?? 'stack'}
      noValidate
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      aria-labelledby={props.labelledBy}
      {...confirmAttributes(props.confirm)}
    >
      <input type="hidden" name="_csrf" value={props.ctx.csrf()} />
      {props.form && <ErrorSummary form={props.form} />}
      {props.children}
      {props.submit !== undefined && (
        <div class="button-row">
          <Button variant={props.variant}>{props.submit}</Button>
        </div>
      )}
    </form>
  );
}

export type ButtonVariant = 'primary' | 'secondary' | 'warning';

/** @example <Button variant="secondary">Save as draft</Button> */
export function Button(props: {
  variant?: ButtonVariant | undefined;
  name?: string;
  value?: string;
  children: ComponentChildren;
}) {
  const variant = props.variant ?? 'primary';
  return (
    <button
      type="submit"
      class={variant === 'primary' ? undefined : variant}
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  );
}

/**
 * One button that posts one action, e.g. "Close this inquiry"; irreversible ones carry their confirmation.
 *
 * @example <ActionButton ctx={ctx} action={`/applications/${id}/withdraw`} label="Withdraw" variant="warning" confirm={WITHDRAW} />
 */
export function ActionButton(props: {
  ctx: PageContext;
  action: string;
  label: string;
  variant?: ButtonVariant;
  confirm?: Confirmation;
  /** Fields the action sends besides the token (e.g. which region to remove). */
  fields?: Record<string, string>;
}) {
  return (
    <form method="post" action={props.action} class="inline-form" {...confirmAttributes(props.confirm)}>
      <input type="hidden" name="_csrf" value={props.ctx.csrf()} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button variant={props.variant}>{props.label}</Button>
    </form>
  );
}

/** The data the enhancing script reads to ask in a dialog instead of on a page of its own. */
function confirmAttributes(confirm: Confirmation | undefined) {
  if (!confirm) return {};
  return {
    'data-confirm-title': confirm.title,
    'data-confirm-message': confirm.message,
    'data-confirm-label': confirm.confirmLabel,
  };
}
