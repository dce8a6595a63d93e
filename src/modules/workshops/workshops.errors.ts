import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const workshopError = defineErrors({
  WORKSHOP_NOT_FOUND: 404,
  WORKSHOP_STATUS_CONFLICT: 409,
  ZIP_NOT_FOUND: 404,
  PRESENTER_NOT_FOUND: 404,
});

export const enrollmentError = defineErrors({
  ALREADY_ENROLLED: 409,
  REGISTRATION_NOT_OPEN: 409,
  ENROLLMENT_NOT_FOUND: 404,
  ENROLLMENT_ATTENDED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
});

export const certificateError = defineErrors({
  // Not (yet) earned: the workshop has not ended, or the person attended no session. Said as a 404 with why.
  CERTIFICATE_NOT_AVAILABLE: 404,
  CERTIFICATE_NOT_FOUND: 404,
});

export const attendanceError = defineErrors({
  SESSION_NOT_FOUND: 404,
  NOT_ENROLLED: 409,
  CHECK_IN_CODE_WRONG: 400,
  CHECK_IN_CLOSED: 409,
});
