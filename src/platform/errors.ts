/**
 * Domain operations throw AppError with a code and its HTTP status; `server.tsx` turns every one into a page
 * for people and a problem+json body for the API in one place. The codes every module shares are here; a
 * module names its own with `defineErrors`, beside its service, instead of editing this file.
 */
const PLATFORM_ERRORS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FOREIGN_ORIGIN: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
} as const;

export type PlatformErrorCode = keyof typeof PLATFORM_ERRORS;

export interface FieldError {
  /** Dotted path of the field, as the form names it and the JSON body nests it (`organizations.0.name`). */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fieldErrors: FieldError[];

  constructor(code: PlatformErrorCode, message: string, fieldErrors?: FieldError[]);
  constructor(code: string, message: string, fieldErrors: FieldError[], status: number);
  constructor(code: string, message: string, fieldErrors: FieldError[] = [], status?: number) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.status = status ?? PLATFORM_ERRORS[code as PlatformErrorCode];
  }
}

/**
 * A module's own error codes with their statuses, and the function that raises them:
 * `const applicationError = defineErrors({ APPLICATION_LOCKED: 409 });`
 * `throw applicationError('APPLICATION_LOCKED', 'This application is submitted and can no longer be edited.');`
 */
export function defineErrors<const Codes extends Record<string, number>>(codes: Codes) {
  return (code: keyof Codes & string, message: string, fieldErrors: FieldError[] = []): AppError =>
    new AppError(code, message, fieldErrors, codes[code] as number);
}

export function invalidInput(fieldErrors: FieldError[], message = 'Some fields need attention.'): AppError {
  return new AppError('INVALID_INPUT', message, fieldErrors);
}

/** Whether a failure is about what the person sent, so the form they sent it from is shown again. */
export function isFormError(error: unknown): error is AppError {
  if (!(error instanceof AppError) || error.status < 400 || error.status >= 500) return false;
  // Not signed in, not allowed, or not there: no form can fix that, so those get their own page. A 404 that
  // names a field (a ZIP code the dataset lacks) is about what was typed, though.
  if (error.status === 401 || error.status === 403) return false;
  return error.status !== 404 || error.fieldErrors.length > 0;
}
