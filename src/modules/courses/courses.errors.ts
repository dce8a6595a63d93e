import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const courseError = defineErrors({
  COURSE_NOT_FOUND: 404,
  SUBJECT_NOT_FOUND: 404,
});
