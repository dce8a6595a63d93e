import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const pressReleaseError = defineErrors({
  PRESS_RELEASE_NOT_FOUND: 404,
  PRESS_RELEASE_WRONG_STATUS: 409,
  /** Submitted again after staff asked for changes, with none made: it would be the same version twice. */
  PRESS_RELEASE_UNCHANGED: 422,
});
