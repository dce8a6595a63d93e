import type { ComponentChildren } from 'preact';
import type { PageContext } from './layout.js';
import { fieldId, type Option } from './form.js';

/**
 * The search and filters above a list: a GET form, so every filtered view has an address and works without
 * JavaScript. It keeps the list's sort and starts again from the first page.
 *
 * @example
 * <FilterBar ctx={ctx} label="Filter inquiries" search="Search by name, email or message">
 *   <FilterSelect ctx={ctx} name="status" label="Status" options={statuses} />
 * </FilterBar>
 */
export function FilterBar(props: {
  ctx: PageContext;
  /** Names the form for screen readers. */
  label: string;
  /** The search box's label; without it the bar has filters only. */
  search?: string;
  children?: ComponentChildren;
}) {
  const { ctx } = props;
  const sort = queryValue(ctx, 'sort');
  const dir = queryValue(ctx, 'dir');
  const filtered = Object.keys(ctx.query).some((key) => !['sort', 'dir', 'page', 'notice'].includes(key));
  return (
    <form method="get" action={ctx.path} class="filters" role="search" aria-label={props.label}>
      {props.search && (
        <div class="field">
          <label for="filter-q">{props.search}</label>
          <input id="filter-q" type="search" name="q" value={queryValue(ctx, 'q')} maxLength={100} />
        </div>
      )}
      {props.children}
      {sort && <input type="hidden" name="sort" value={sort} />}
      {dir && <input type="hidden" name="dir" value={dir} />}
      <div class="button-row">
        <button type="submit" class="secondary">
          Show
        </button>
        {filtered && <a href={ctx.path}>Clear</a>}
      </div>
    </form>
  );
}

/** One filter of a `FilterBar`: a labelled select whose value is in the page's address. */
export function FilterSelect(props: {
  ctx: PageContext;
  name: string;
  label: string;
  options: readonly Option[];
  /** The option meaning "no filter", e.g. "Any status"; its value is empty. */
  anyLabel?: string;
  /** What is selected when the address names nothing (a list's default view). */
  defaultValue?: string;
}) {
  const selected = queryValue(props.ctx, props.name) || (props.defaultValue ?? '');
  const id = `filter-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        {props.anyLabel !== undefined && (
          <option value="" selected={selected === ''}>
            {props.anyLabel}
          </option>
        )}
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={selected === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * One filter of a `FilterBar` typed rather than chosen (a ZIP code, a date), with the message of a refused
 * search beside it.
 *
 * @example <FilterInput ctx={ctx} name="near" label="Near ZIP code" inputMode="numeric" short error={nearError} />
 */
export function FilterInput(props: {
  ctx: PageContext;
  name: string;
  label: string;
  type?: 'text' | 'date';
  inputMode?: 'numeric';
  autoComplete?: string;
  maxLength?: number;
  short?: boolean;
  error?: string | undefined;
}) {
  // Named as a form's field is, so that an error summary above the list links to it.
  const id = fieldId(props.name);
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.error && (
        <p class="error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        class={props.short ? 'short-input' : undefined}
        value={queryValue(props.ctx, props.name)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
    </div>
  );
}

function queryValue(ctx: PageContext, name: string): string {
  const value = ctx.query[name];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}
