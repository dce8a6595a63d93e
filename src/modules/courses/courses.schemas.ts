import { z } from 'zod';

const courseName = z
  .string({ error: 'Enter the course’s name.' })
  .trim()
  .min(1, 'Enter the course’s name.')
  .max(100, 'Keep the name to 100 characters.');

const subjectName = z
  .string({ error: 'Enter the subject’s name, like 5-day Summer.' })
  .trim()
  .min(1, 'Enter the subject’s name, like 5-day Summer.')
  .max(100, 'Keep the subject to 100 characters.');

export const courseCreateSchema = z.object({
  name: courseName,
  kind: z
    .enum(['course', 'counselor_admin'], {
      error: 'Choose whether it is a course or counselor and administrator professional development.',
    })
    .default('course'),
});
export type CourseCreateInput = z.input<typeof courseCreateSchema>;

export const subjectInputSchema = z.object({ name: subjectName });
export type SubjectInput = z.input<typeof subjectInputSchema>;

export const courseSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['course', 'counselor_admin']),
  subjects: z.array(z.string()),
});
export type Course = z.infer<typeof courseSchema>;

export const courseListSchema = z.object({ courses: z.array(courseSchema) });

/** A course as staff's page shows it: its subjects with their ids, to rename or remove one. */
export interface StaffCourse {
  id: string;
  name: string;
  kind: Course['kind'];
  subjects: { id: string; name: string }[];
}

export const courseIdParamsSchema = z.object({ id: z.string().max(100) });
export const subjectParamsSchema = z.object({ id: z.string().max(100), subjectId: z.string().max(100) });

/** A course's kind in words, for lists and forms. */
export const COURSE_KIND_LABELS = {
  course: 'Course',
  counselor_admin: 'Counselor and administrator professional development',
} as const;
