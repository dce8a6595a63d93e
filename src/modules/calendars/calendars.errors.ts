import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const calendarError = defineErrors({
  // A feed address that is malformed, forged or reset: all look the same, so none tells more than another.
  CALENDAR_FEED_NOT_FOUND: 404,
});
