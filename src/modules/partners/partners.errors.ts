import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const partnerError = defineErrors({
  PARTNER_NOT_FOUND: 404,
  INVITATION_INVALID: 404,
});
