import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const applicationError = defineErrors({
  APPLICATION_NOT_FOUND: 404,
  APPLICATION_LOCKED: 409,
  APPLICATION_INCOMPLETE: 422,
  APPLICATION_TRANSITION_NOT_ALLOWED: 409,
  OUTSIDE_US: 422,
});
