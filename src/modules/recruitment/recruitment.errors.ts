import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const recruitmentError = defineErrors({
  TARGET_NOT_FOUND: 404,
  // Said beside the field that named it (a 404 with a field error is the form's to show).
  DIRECTORY_ENTRY_NOT_FOUND: 404,
  TARGET_ALREADY_IN_PIPELINE: 409,
});
