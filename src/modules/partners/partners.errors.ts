import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const partnerError = defineErrors({
  PARTNER_NOT_FOUND: 404,
  INVITATION_INVALID: 404,
  INVITATION_REVOKED: 404,
  INVITATION_EXPIRED: 404,
  INVITATION_NOT_FOUND: 404,
  INVITATION_CLOSED: 409,
  INVITATION_FOR_ANOTHER_ADDRESS: 403,
  REGION_NOT_HELD: 404,
});
