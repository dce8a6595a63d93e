import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const regionError = defineErrors({
  REGION_ALREADY_ASSIGNED: 409,
  REGION_NOT_FOUND: 404,
  ZIP_NOT_FOUND: 404,
});
