import type { z } from 'zod';
import {
  Form,
  Layout,
  TextArea,
  formState,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import type { questionsConfigSchema } from './applications.config.schemas.js';
import type { Criterion, Question } from './applications.schemas.js';

export type ConfigForm = FormState<z.input<typeof questionsConfigSchema>>;

/** The year's questions and rubric as the form's two text boxes show them. */
export function configForm(questions: Question[], criteria: Criterion[]): ConfigForm {
  return formState<z.input<typeof questionsConfigSchema>>({
    questions: questions.map((q) => q.prompt).join('\n'),
    criteria: criteria.map((c) => `${c.title} | ${c.maxScore}`).join('\n'),
  });
}

export function ConfigPage(props: { ctx: PageContext; programYear: string; form: ConfigForm }) {
  const { ctx, programYear, form } = props;
  return (
    <Layout ctx={ctx} title="Application questions and rubric">
      <p>
        <a href={`/staff/applications?year=${programYear}`}>Applications of {programYear}</a>
      </p>
      <h1>Application questions and rubric {programYear}</h1>
      <Form ctx={ctx} action={`/staff/applications/settings?year=${programYear}`} form={form} submit="Save">
        <TextArea
          form={form}
          name="questions"
          label="Narrative questions"
          hint="One question per line, in order. Answers already given to a question you keep stay with it."
          rows={8}
        />
        <TextArea
          form={form}
          name="criteria"
          label="Rubric criteria"
          hint="One per line, as “Title | maximum score”, e.g. “Capacity and staffing | 5”."
          rows={8}
        />
      </Form>
    </Layout>
  );
}
