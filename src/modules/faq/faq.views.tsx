import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import type { FaqView } from './faq.schemas.js';

export function FaqPage({ ctx, faq }: { ctx: PageContext; faq: FaqView }) {
  const canEdit = ctx.actor?.roles.includes('staff') ?? false;
  return (
    <Layout ctx={ctx} title={faq.title}>
      <h1 id="top" tabIndex={-1}>
        {faq.title}
      </h1>
      {canEdit && (
        <p>
          <a href="/staff/faq">Edit the FAQ</a>
        </p>
      )}
      <div class="prose" dangerouslySetInnerHTML={{ __html: faq.introHtml }} />
      {faq.sections.length === 0 ? (
        <p>No questions have been published yet.</p>
      ) : (
        <nav aria-labelledby="faq-index" class="faq-index">
          <h2 id="faq-index">Questions on this page</h2>
          {faq.sections.map((section) => (
            <div key={section.id}>
              <h3>{section.title}</h3>
              <ul>
                {section.questions.map((q) => (
                  <li key={q.anchor}>
                    <a href={`#${q.anchor}`}>{q.question}</a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      )}
      {faq.sections.map((section) => (
        <section key={section.id} class="faq-section" aria-labelledby={`section-${section.id}`}>
          <h2 id={`section-${section.id}`}>{section.title}</h2>
          {section.questions.map((q) => (
            <article
              key={q.anchor}
              id={q.anchor}
              class="faq-question"
              tabIndex={-1}
              aria-labelledby={`${q.anchor}-q`}
            >
              <h3 id={`${q.anchor}-q`}>{q.question}</h3>
              <div class="prose" dangerouslySetInnerHTML={{ __html: q.answerHtml }} />
              <p class="back-to-top">
                <a href="#top">Back to the top</a>
                {canEdit && (
                  <>
                    {' · '}
                    <a href={`/staff/faq/${q.anchor}/edit`}>
                      Edit<span class="visually-hidden"> “{q.question}”</span>
                    </a>
                  </>
                )}
              </p>
            </article>
          ))}
        </section>
      ))}
    </Layout>
  );
}

export function StaffFaqPage({ ctx, faq }: { ctx: PageContext; faq: FaqView }) {
  return (
    <Layout ctx={ctx} title="Edit the FAQ">
      <h1>Edit the FAQ</h1>
      <p>
        <a class="button" href="/staff/faq/new">
          Add a question
        </a>{' '}
        <a href="/staff/faq/history">Change history</a> · <a href="/faq">View the public page</a>
      </p>
      {faq.sections.map((section) => (
        <section key={section.id} aria-labelledby={`s-${section.id}`}>
          <h2 id={`s-${section.id}`}>{section.title}</h2>
          {section.questions.length === 0 ? (
            <p>This section has no questions yet.</p>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Anchor</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {section.questions.map((q, index) => (
                  <tr key={q.anchor}>
                    <td>{q.question}</td>
                    <td>
                      <code>#{q.anchor}</code>
                    </td>
                    <td class="actions">
                      <a href={`/staff/faq/${q.anchor}/edit`}>
                        Edit<span class="visually-hidden"> “{q.question}”</span>
                      </a>
                      <MoveButton
                        ctx={ctx}
                        anchor={q.anchor}
                        question={q.question}
                        direction="up"
                        disabled={index === 0}
                      />
                      <MoveButton
                        ctx={ctx}
                        anchor={q.anchor}
                        question={q.question}
                        direction="down"
                        disabled={index === section.questions.length - 1}
                      />
                      <a href={`/staff/faq/${q.anchor}/remove`}>
                        Remove<span class="visually-hidden"> “{q.question}”</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </Layout>
  );
}

function MoveButton(props: {
  ctx: PageContext;
  anchor: string;
  question: string;
  direction: 'up' | 'down';
  disabled: boolean;
}) {
  return (
    <form method="post" action={`/staff/faq/${props.anchor}/move`} class="inline-form">
      <input type="hidden" name="_csrf" value={props.ctx.csrf()} />
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="small" disabled={props.disabled}>
        {props.direction === 'up' ? 'Move up' : 'Move down'}
        <span class="visually-hidden"> “{props.question}”</span>
      </button>
    </form>
  );
}

export interface QuestionFormValues {
  sectionId?: string;
  anchor?: string;
  question: string;
  answerMarkdown: string;
}

export function FaqQuestionFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  anchor?: string;
  values: QuestionFormValues;
  sections?: { id: string; title: string }[];
  errors?: FieldError[];
  previewHtml?: string;
}) {
  const { ctx, mode, values, errors = [] } = props;
  const title = mode === 'new' ? 'Add a question' : 'Edit a question';
  const action = mode === 'new' ? '/staff/faq/new' : `/staff/faq/${props.anchor ?? ''}/edit`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FieldErrorSummary errors={errors} />
      <form method="post" action={action} class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        {mode === 'new' && (
          <>
            <FormField name="sectionId" label="Section" errors={errors}>
              {(attrs) => (
                <select {...attrs}>
                  {(props.sections ?? []).map((section) => (
                    <option key={section.id} value={section.id} selected={section.id === values.sectionId}>
                      {section.title}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              name="anchor"
              label="Anchor (optional)"
              hint="The address of the question, as in /faq#anchor. Leave empty to make one from the question."
              errors={errors}
            >
              {(attrs) => <input {...attrs} type="text" value={values.anchor ?? ''} />}
            </FormField>
          </>
        )}
        <FormField name="question" label="Question" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.question} required />}
        </FormField>
        <FormField
          name="answerMarkdown"
          label="Answer"
          hint="Markdown: **bold**, *italic*, [link text](https://…), blank line for a new paragraph."
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={12} required>
              {values.answerMarkdown}
            </textarea>
          )}
        </FormField>
        <div class="button-row">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            Save
          </button>
          <a href="/staff/faq">Cancel</a>
        </div>
      </form>
      {props.previewHtml !== undefined && (
        <section aria-labelledby="preview-title" class="preview">
          <h2 id="preview-title">Preview</h2>
          <h3>{values.question}</h3>
          <div class="prose" dangerouslySetInnerHTML={{ __html: props.previewHtml }} />
        </section>
      )}
    </Layout>
  );
}

export function RemoveQuestionPage({
  ctx,
  anchor,
  question,
}: {
  ctx: PageContext;
  anchor: string;
  question: string;
}) {
  return (
    <Layout ctx={ctx} title="Remove a question">
      <h1>Remove this question?</h1>
      <p>
        “{question}” will no longer appear on the FAQ, and links to <code>/faq#{anchor}</code> will stop
        landing on it.
      </p>
      <form method="post" action={`/staff/faq/${anchor}/remove`} class="button-row">
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <button type="submit" class="danger">
          Remove the question
        </button>
        <a href="/staff/faq">Keep it</a>
      </form>
    </Layout>
  );
}

export function FaqHistoryPage(props: {
  ctx: PageContext;
  changes: { anchor: string; action: string; actorEmail: string; summary: string; at: string }[];
}) {
  return (
    <Layout ctx={props.ctx} title="FAQ change history">
      <h1>FAQ change history</h1>
      {props.changes.length === 0 ? (
        <p>No changes have been recorded yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Question</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {props.changes.map((change, index) => (
              <tr key={index}>
                <td>
                  <time dateTime={change.at}>{change.at.replace('T', ' ').slice(0, 16)}</time>
                </td>
                <td>{change.actorEmail}</td>
                <td>{change.anchor === '*' ? 'All' : <code>#{change.anchor}</code>}</td>
                <td>{change.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href="/staff/faq">Back to editing the FAQ</a>
      </p>
    </Layout>
  );
}
