import { renderMarkdown } from '../markdown.js';
import { Button } from './form.js';

/** The hint under a Markdown field: the little of the syntax people need. */
export const MARKDOWN_HINT =
  'Markdown: **bold**, *italic*, [link text](https://…), a blank line for a new paragraph.';

/**
 * The two buttons of a form whose text is Markdown: "Preview" shows the text rendered under the form and
 * saves nothing (the route answers `intent=preview` with the same form and `preview`); the other saves.
 *
 * @example <MarkdownFormButtons save="Save the draft" cancelHref="/partner/press-releases" />
 */
export function MarkdownFormButtons(props: { save: string; cancelHref: string }) {
  return (
    <div class="button-row">
      <Button variant="secondary" name="intent" value="preview">
        Preview
      </Button>
      <Button name="intent" value="save">
        {props.save}
      </Button>
      <a href={props.cancelHref}>Cancel</a>
    </div>
  );
}

/** Whether a Markdown form was sent to be previewed rather than saved (see `MarkdownFormButtons`). */
export function isPreview(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>).intent === 'preview';
}

/**
 * What a Markdown text will look like once saved, as the public will read it (rendered and sanitized by the
 * same rule as the published page), under its title.
 *
 * @example <MarkdownPreview title={values.title} markdown={values.bodyMarkdown} />
 */
export function MarkdownPreview({ title, markdown }: { title: string; markdown: string }) {
  return (
    <section aria-labelledby="preview-title" class="preview">
      <h2 id="preview-title">Preview</h2>
      <h3>{title}</h3>
      <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(markdown) }} />
    </section>
  );
}
