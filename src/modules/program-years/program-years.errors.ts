import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const programYearError = defineErrors({
  PROGRAM_YEAR_NOT_FOUND: 404,
});
