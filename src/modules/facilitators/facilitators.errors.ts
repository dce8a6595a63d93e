import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const facilitatorError = defineErrors({
  /** No standing qualification at all. */
  FACILITATOR_NOT_APPROVED: 422,
  /** Approved, but not for the course in question. */
  FACILITATOR_NOT_QUALIFIED: 422,
  /** No standing contract with the partner for the program year. */
  FACILITATOR_NOT_CONTRACTED: 422,
  FACILITATOR_NOT_FOUND: 404,
  FACILITATOR_APPLICATION_NOT_FOUND: 404,
  FACILITATOR_COURSE_DECIDED: 409,
  QUALIFICATION_NOT_FOUND: 404,
  CONTRACT_NOT_FOUND: 404,
  ZIP_NOT_FOUND: 404,
});
