/**
 * Domain operations throw AppError with a code; `server.ts` maps every code to an HTTP status, a page and a
 * problem+json body in one place.
 */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  FAQ_QUESTION_NOT_FOUND: 404,
  FAQ_ANCHOR_TAKEN: 409,
  FAQ_SECTION_NOT_FOUND: 404,
  FAQ_IMPORT_INVALID: 422,
  IMPORT_INVALID: 422,
  PROGRAM_YEAR_NOT_FOUND: 404,
  PARTNER_NOT_FOUND: 404,
  REGION_ALREADY_ASSIGNED: 409,
  REGION_NOT_FOUND: 404,
  ZIP_NOT_FOUND: 404,
  INVITATION_INVALID: 404,
  INQUIRY_NOT_FOUND: 404,
  FOREIGN_ORIGIN: 403,
  CSRF_TOKEN_INVALID: 403,
  PRESS_RELEASE_NOT_FOUND: 404,
  PRESS_RELEASE_WRONG_STATUS: 409,
  RESOURCE_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  APPLICATION_LOCKED: 409,
  APPLICATION_INCOMPLETE: 422,
  APPLICATION_TRANSITION_NOT_ALLOWED: 409,
  OUTSIDE_US: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Dotted path of the field, as the form and the JSON body name it. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[];

  constructor(code: ErrorCode, message: string, fieldErrors: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function invalidInput(fieldErrors: FieldError[], message = 'Some fields need attention.'): AppError {
  return new AppError('INVALID_INPUT', message, fieldErrors);
}
