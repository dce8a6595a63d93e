import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const teacherApplicationError = defineErrors({
  TEACHER_APPLICATION_NOT_FOUND: 404,
  ALREADY_APPLIED: 409,
  APPLICATION_WITHDRAWN: 409,
  APPLICATION_STATUS_CONFLICT: 409,
  COHORT_FULL: 409,
  COHORT_CAPACITY_NOT_SET: 409,
  SCHOOL_NOT_FOUND: 404,
  COURSE_NOT_OFFERED: 404,
});
