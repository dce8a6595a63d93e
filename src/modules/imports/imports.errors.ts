import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const importError = defineErrors({
  IMPORT_INVALID: 422,
});
