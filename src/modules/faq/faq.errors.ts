import { defineErrors } from '../../platform/errors.js';

/** The errors of this module, with their HTTP statuses; `server.tsx` maps them like every other. */
export const faqError = defineErrors({
  FAQ_QUESTION_NOT_FOUND: 404,
  FAQ_ANCHOR_TAKEN: 409,
  FAQ_SECTION_NOT_FOUND: 404,
  /** A change that replaced no text, or whose question is gone, has nothing to restore. */
  FAQ_VERSION_NOT_FOUND: 404,
  /** The question already reads as the version asked for. */
  FAQ_VERSION_IS_CURRENT: 409,
});
