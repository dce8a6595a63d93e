import {
  ActionButton,
  DataTable,
  EmptyState,
  Form,
  Layout,
  SelectField,
  tableQueryOf,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import {
  COURSE_KIND_LABELS,
  type CourseCreateInput,
  type StaffCourse,
  type SubjectInput,
} from './courses.schemas.js';

export type CourseCreateForm = FormState<CourseCreateInput>;
export type SubjectForm = FormState<SubjectInput>;

const COURSES_TABLE = { sorts: ['position'], defaultSort: 'position', defaultDirection: 'asc' } as const;

/** Removing a subject asks first; workshops that carry it keep the label. */
export function removeSubjectConfirmation(course: StaffCourse, subject: { name: string }): Confirmation {
  return {
    title: `Remove the subject ${subject.name} from ${course.name}?`,
    message: `New workshops of ${course.name} can no longer choose ${subject.name}. Workshops that already have it keep it as their label.`,
    confirmLabel: 'Remove the subject',
  };
}

export function CoursesPage(props: {
  ctx: PageContext;
  courses: StaffCourse[];
  createForm: CourseCreateForm;
  /** A refused subject, shown again in a form of its own below the table. */
  subject?: { course: StaffCourse; form: SubjectForm } | undefined;
}) {
  const { ctx, courses, createForm } = props;
  const page = {
    rows: courses,
    total: courses.length,
    query: tableQueryOf(COURSES_TABLE, { q: '', sort: 'position', dir: undefined, page: 1 }),
  };
  return (
    <Layout ctx={ctx} title="Courses">
      <h1>Courses</h1>
      <p>
        The program’s courses and their subjects. Workshops teach a course (and one of its subjects), and
        facilitators are approved per course.
      </p>
      <DataTable
        ctx={ctx}
        id="courses"
        caption="Courses"
        page={page}
        rowKey={(course) => course.id}
        columns={[
          { label: 'Course', cell: (course) => course.name },
          { label: 'Kind', cell: (course) => COURSE_KIND_LABELS[course.kind] },
          {
            label: 'Subjects',
            cell: (course) =>
              course.subjects.length === 0 ? (
                <span class="muted">No subjects</span>
              ) : (
                <ul class="link-list">
                  {course.subjects.map((subject) => (
                    <li key={subject.id}>
                      <a href={`/staff/courses/${course.id}/subjects/${subject.id}`}>
                        {subject.name}
                        <span class="visually-hidden"> ({course.name}): rename or remove</span>
                      </a>
                    </li>
                  ))}
                </ul>
              ),
          },
          {
            label: 'Add a subject',
            cell: (course) => (
              <Form ctx={ctx} action={`/staff/courses/${course.id}/subjects`} class="button-row">
                <label class="visually-hidden" for={`subject-${course.id}`}>
                  New subject of {course.name}
                </label>
                <input id={`subject-${course.id}`} name="name" type="text" maxLength={100} />
                <button type="submit" class="small secondary">
                  Add<span class="visually-hidden"> the subject to {course.name}</span>
                </button>
              </Form>
            ),
          },
        ]}
        empty={<EmptyState title="No courses yet">Add the first one below.</EmptyState>}
      />
      {props.subject && (
        <>
          <h2 id="subject-heading">Add a subject to {props.subject.course.name}</h2>
          <Form
            ctx={ctx}
            action={`/staff/courses/${props.subject.course.id}/subjects`}
            form={props.subject.form}
            submit="Add the subject"
            labelledBy="subject-heading"
          >
            <TextField form={props.subject.form} name="name" label="Subject" hint="Like 5-day Summer." />
          </Form>
        </>
      )}
      <h2 id="create-heading">Add a course</h2>
      <Form
        ctx={ctx}
        action="/staff/courses"
        form={createForm}
        submit="Add the course"
        labelledBy="create-heading"
      >
        <TextField
          form={createForm}
          name="name"
          label="Name"
          hint="Like CS Principles."
          maxLength={100}
          required
        />
        <SelectField
          form={createForm}
          name="kind"
          label="Kind"
          options={Object.entries(COURSE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Form>
    </Layout>
  );
}

export function SubjectPage(props: {
  ctx: PageContext;
  course: StaffCourse;
  subject: { id: string; name: string };
  form: SubjectForm;
}) {
  const { ctx, course, subject, form } = props;
  const action = `/staff/courses/${course.id}/subjects/${subject.id}`;
  return (
    <Layout ctx={ctx} title={`${subject.name} (${course.name})`}>
      <p>
        <a href="/staff/courses">Courses</a>
      </p>
      <h1>
        {subject.name} <span class="muted">({course.name})</span>
      </h1>
      <h2 id="rename-heading">Rename the subject</h2>
      <Form ctx={ctx} action={action} form={form} submit="Rename the subject" labelledBy="rename-heading">
        <TextField form={form} name="name" label="Subject" maxLength={100} required />
      </Form>
      <h2>Remove the subject</h2>
      <p>Workshops that already have this subject keep it as their label.</p>
      <ActionButton
        ctx={ctx}
        action={`${action}/remove`}
        label="Remove the subject"
        variant="warning"
        confirm={removeSubjectConfirmation(course, subject)}
      />
    </Layout>
  );
}
