import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, type PageContext } from '../../platform/ui/index.js';
import {
  courseCreateSchema,
  courseIdParamsSchema,
  courseListSchema,
  courseSchema,
  subjectInputSchema,
  subjectParamsSchema,
  type StaffCourse,
} from './courses.schemas.js';
import {
  addSubject,
  createCourse,
  getSubject,
  listCourses,
  listStaffCourses,
  removeSubject,
  renameSubject,
} from './courses.service.js';
import {
  CoursesPage,
  removeSubjectConfirmation,
  SubjectPage,
  type CourseCreateForm,
  type SubjectForm,
} from './courses.views.js';

const notices = defineNotices({
  'course-created': 'The course is added.',
  'subject-added': 'The subject is added.',
  'subject-renamed': 'The subject is renamed.',
  'subject-removed': 'The subject is removed. Workshops that had it keep it as their label.',
});

export function courseRoutes(deps: Pick<CoreDeps, 'db'>): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/courses',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Courses'],
          summary: 'The program’s courses and their subjects',
          response: { 200: courseListSchema },
        },
      },
      async () => ({ courses: await listCourses(db) }),
    );

    app.post(
      '/api/v1/courses',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Courses'],
          summary: 'Add a course (staff)',
          body: courseCreateSchema,
          response: { 201: courseSchema, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createCourse(deps, { actor: request.actor, input: request.body })),
    );

    app.post(
      '/api/v1/courses/:id/subjects',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Courses'],
          summary: 'Add a subject to a course (staff)',
          params: courseIdParamsSchema,
          body: subjectInputSchema,
          response: { 201: courseSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await addSubject(deps, {
            actor: request.actor,
            courseId: request.params.id,
            input: request.body,
          }),
        ),
    );

    async function coursesPage(
      request: FastifyRequest,
      forms: { createForm?: CourseCreateForm; subject?: { courseId: string; form: SubjectForm } } = {},
    ) {
      const courses = await listStaffCourses(db, { actor: request.actor });
      const subjectCourse = courses.find((course) => course.id === forms.subject?.courseId);
      return (ctx: PageContext) => (
        <CoursesPage
          ctx={ctx}
          courses={courses}
          createForm={forms.createForm ?? formState({ kind: 'course' })}
          subject={
            subjectCourse && forms.subject ? { course: subjectCourse, form: forms.subject.form } : undefined
          }
        />
      );
    }

    app.get(
      '/staff/courses',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await coursesPage(request)),
    );

    app.post('/staff/courses', { config: { access: ['staff'] }, schema: { hide: true } }, (request, reply) =>
      submitForm(request, reply, {
        run: (input) => createCourse(deps, { actor: request.actor, input }),
        done: () => notices.redirect(reply, '/staff/courses', 'course-created'),
        again: async (form, ctx) => (await coursesPage(request, { createForm: form }))(ctx),
      }),
    );

    app.post(
      '/staff/courses/:id/subjects',
      { config: { access: ['staff'] }, schema: { hide: true, params: courseIdParamsSchema } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => addSubject(deps, { actor: request.actor, courseId: request.params.id, input }),
          done: () => notices.redirect(reply, '/staff/courses', 'subject-added'),
          again: async (form, ctx) =>
            (await coursesPage(request, { subject: { courseId: request.params.id, form } }))(ctx),
          page: '/staff/courses',
        }),
    );

    const subjectPage = (course: StaffCourse, subject: { id: string; name: string }, form: SubjectForm) =>
      function render(ctx: PageContext) {
        return <SubjectPage ctx={ctx} course={course} subject={subject} form={form} />;
      };

    app.get(
      '/staff/courses/:id/subjects/:subjectId',
      { config: { access: ['staff'] }, schema: { hide: true, params: subjectParamsSchema } },
      async (request, reply) => {
        const { course, subject } = await getSubject(db, {
          actor: request.actor,
          courseId: request.params.id,
          subjectId: request.params.subjectId,
        });
        return reply.page(subjectPage(course, subject, formState({ name: subject.name })));
      },
    );

    app.post(
      '/staff/courses/:id/subjects/:subjectId',
      { config: { access: ['staff'] }, schema: { hide: true, params: subjectParamsSchema } },
      async (request, reply) => {
        const options = {
          actor: request.actor,
          courseId: request.params.id,
          subjectId: request.params.subjectId,
        };
        const { course, subject } = await getSubject(db, options);
        return submitForm(request, reply, {
          run: (input) => renameSubject(deps, { ...options, input }),
          done: () => notices.redirect(reply, '/staff/courses', 'subject-renamed'),
          again: (form, ctx) => subjectPage(course, subject, form)(ctx),
        });
      },
    );

    app.post(
      '/staff/courses/:id/subjects/:subjectId/remove',
      { config: { access: ['staff'] }, schema: { hide: true, params: subjectParamsSchema } },
      async (request, reply) => {
        const options = {
          actor: request.actor,
          courseId: request.params.id,
          subjectId: request.params.subjectId,
        };
        const { course, subject } = await getSubject(db, options);
        const back = `/staff/courses/${course.id}/subjects/${subject.id}`;
        return submitForm(request, reply, {
          confirm: { confirmation: removeSubjectConfirmation(course, subject), cancelHref: back },
          run: () => removeSubject(deps, options),
          done: () => notices.redirect(reply, '/staff/courses', 'subject-removed'),
          again: (form, ctx) => subjectPage(course, subject, form)(ctx),
          page: back,
        });
      },
    );
  };
}
