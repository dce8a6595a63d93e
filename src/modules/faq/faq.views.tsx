import type { z } from 'zod';
import {
  ActionButton,
  DataTable,
  DateTime,
  EmptyState,
  ErrorSummary,
  FilterBar,
  Form,
  Layout,
  MARKDOWN_HINT,
  MarkdownFormButtons,
  MarkdownPreview,
  SelectField,
  TextArea,
  TextField,
  type Confirmation,
  type FormState,
  renderPage,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import type { FaqChange, faqQuestionCreateSchema, FaqView } from './faq.schemas.js';

/** The question form, new or editing; editing sends the same fields but the anchor. */
export type QuestionForm = FormState<z.input<typeof faqQuestionCreateSchema>>;
/** A move that was refused (a list button, without fields of its own to show the message beside). */
export type MoveRefusal = FormState<Record<string, never>>;

/** Removing a question takes it off the public page, and its address stops working. */
export function removeQuestion(question: { anchor: string; question: string }): Confirmation {
  return {
    title: 'Remove this question?',
    message: `“${question.question}” will no longer appear on the FAQ, and links to /faq#${question.anchor} will stop landing on it.`,
    confirmLabel: 'Remove the question',
  };
}

/** Restoring replaces what the question says now; that stays in the history, so it can be restored too. */
export function restoreVersion(change: { previousQuestion: string | null; at: string }): Confirmation {
  return {
    title: 'Restore this earlier text?',
    message:
      `The question and its answer go back to what they said before this change: “${change.previousQuestion ?? ''}”. ` +
      'The text they have now stays in the history, so you can restore it again.',
    confirmLabel: 'Restore the earlier text',
  };
}

export function FaqPage({ ctx, faq, canEdit }: { ctx: PageContext; faq: FaqView; canEdit: boolean }) {
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
        <EmptyState title="No questions have been published yet." />
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

/**
 * The FAQ as every anonymous visitor sees it, the same for all of them (no notice, no query, no form token), so
 * that it can be rendered once and kept with the FAQ.
 */
export function renderAnonymousFaqPage(programName: string, faq: FaqView): string {
  const ctx: PageContext = {
    programName,
    path: '/faq',
    query: {},
    actor: null,
    csrf: () => {
      throw new Error('The anonymous FAQ page has no form.');
    },
    notice: undefined,
  };
  return renderPage(<FaqPage ctx={ctx} faq={faq} canEdit={false} />);
}

/**
 * The editor: each section's questions in their order, as a list rather than a table, so that a long
 * question or anchor wraps on a phone instead of pushing the page sideways.
 */
export function StaffFaqPage({
  ctx,
  faq,
  refusal,
}: {
  ctx: PageContext;
  faq: FaqView;
  refusal?: MoveRefusal | undefined;
}) {
  return (
    <Layout ctx={ctx} title="Edit the FAQ">
      <h1>Edit the FAQ</h1>
      <p>
        <a class="button" href="/staff/faq/new">
          Add a question
        </a>{' '}
        <a href="/staff/faq/history">Change history</a> · <a href="/faq">View the public page</a>
      </p>
      {refusal && <ErrorSummary form={refusal} />}
      {faq.sections.map((section) => (
        <section key={section.id} aria-labelledby={`s-${section.id}`}>
          <h2 id={`s-${section.id}`}>{section.title}</h2>
          {section.questions.length === 0 ? (
            <EmptyState title="This section has no questions yet.">
              <a href="/staff/faq/new">Add one</a>, or move one here from another section.
            </EmptyState>
          ) : (
            <ol class="faq-editor-list">
              {section.questions.map((q, index) => (
                <li key={q.anchor} id={`edit-${q.anchor}`}>
                  <p class="faq-editor-question" id={`edit-${q.anchor}-q`}>
                    {q.question}
                  </p>
                  <p class="faq-editor-anchor">
                    <code>#{q.anchor}</code>
                  </p>
                  {/* Named by its question, so that "Move up" and "Remove" say which one to a screen reader. */}
                  <div class="faq-editor-actions" role="group" aria-labelledby={`edit-${q.anchor}-q`}>
                    <a href={`/staff/faq/${q.anchor}/edit`}>
                      Edit<span class="visually-hidden"> “{q.question}”</span>
                    </a>
                    {index > 0 && (
                      <ActionButton
                        ctx={ctx}
                        action={`/staff/faq/${q.anchor}/move`}
                        label="Move up"
                        variant="secondary"
                        fields={{ direction: 'up' }}
                      />
                    )}
                    {index < section.questions.length - 1 && (
                      <ActionButton
                        ctx={ctx}
                        action={`/staff/faq/${q.anchor}/move`}
                        label="Move down"
                        variant="secondary"
                        fields={{ direction: 'down' }}
                      />
                    )}
                    <ActionButton
                      ctx={ctx}
                      action={`/staff/faq/${q.anchor}/remove`}
                      label="Remove"
                      variant="warning"
                      confirm={removeQuestion(q)}
                    />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </Layout>
  );
}

export function FaqQuestionFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  anchor?: string;
  form: QuestionForm;
  sections: { id: string; title: string }[];
  /** Show the answer as it will read, under the form (nothing is saved). */
  preview?: boolean;
}) {
  const { ctx, mode, form } = props;
  const title = mode === 'new' ? 'Add a question' : 'Edit a question';
  const action = mode === 'new' ? '/staff/faq/new' : `/staff/faq/${props.anchor ?? ''}/edit`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {mode === 'edit' && (
        <p>
          <a href={`/staff/faq/history?anchor=${props.anchor ?? ''}`}>Earlier versions of this question</a>
        </p>
      )}
      <Form ctx={ctx} action={action} form={form}>
        <SelectField
          form={form}
          name="sectionId"
          label="Section"
          hint={mode === 'edit' ? 'Another section moves the question to its end.' : undefined}
          options={props.sections.map((section) => ({ value: section.id, label: section.title }))}
        />
        {mode === 'new' && (
          <TextField
            form={form}
            name="anchor"
            label="Anchor (optional)"
            hint="The address of the question, as in /faq#anchor. Leave empty to make one from the question."
          />
        )}
        <TextField form={form} name="question" label="Question" maxLength={300} required />
        <TextArea
          form={form}
          name="answerMarkdown"
          label="Answer"
          hint={MARKDOWN_HINT}
          rows={12}
          maxLength={20_000}
          required
        />
        <MarkdownFormButtons save="Save" cancelHref="/staff/faq" />
      </Form>
      {props.preview && (
        <MarkdownPreview
          title={String(form.values.question ?? '')}
          markdown={String(form.values.answerMarkdown ?? '')}
        />
      )}
    </Layout>
  );
}

export function FaqHistoryPage(props: {
  ctx: PageContext;
  page: Paged<FaqChange>;
  anchor?: string | undefined;
}) {
  const { ctx, page, anchor } = props;
  return (
    <Layout ctx={ctx} title="FAQ change history">
      <h1>FAQ change history</h1>
      <p>
        {anchor ? (
          <>
            The changes of <a href={`/faq#${anchor}`}>#{anchor}</a> ·{' '}
            <a href="/staff/faq/history">every change</a> ·{' '}
          </>
        ) : null}
        <a href="/staff/faq">Back to editing the FAQ</a>
      </p>
      <FilterBar ctx={ctx} label="Search the history" search="Search changes, questions and people">
        {anchor && <input type="hidden" name="anchor" value={anchor} />}
      </FilterBar>
      <div class="faq-history">
        <DataTable
          ctx={ctx}
          id="faq-history"
          caption="Changes"
          page={page}
          rowKey={(change) => change.id}
          columns={[
            { label: 'When', sort: 'when', cell: (change) => <DateTime iso={change.at} /> },
            { label: 'Who', sort: 'who', cell: (change) => change.actorEmail },
            {
              label: 'Question',
              cell: (change) =>
                change.anchor === '*' ? (
                  'All'
                ) : (
                  <a href={`/staff/faq/history?anchor=${change.anchor}`}>#{change.anchor}</a>
                ),
            },
            { label: 'Change', cell: (change) => change.summary },
            {
              label: 'Earlier text',
              cell: (change) =>
                change.restorable ? (
                  <ActionButton
                    ctx={ctx}
                    action={`/staff/faq/history/${change.id}/restore`}
                    label="Restore the text before this change"
                    variant="secondary"
                    confirm={restoreVersion(change)}
                  />
                ) : (
                  <span class="muted">—</span>
                ),
            },
          ]}
          empty={
            <EmptyState title="No changes match">
              <a href="/staff/faq/history">Show every change</a>.
            </EmptyState>
          }
        />
      </div>
    </Layout>
  );
}
