import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth.js';

/** An email address as the portal keeps it: trimmed and lower-cased. */
export const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter an email address like name@example.org.'));

export const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

/**
 * Where to go after signing in: a path on this site only (never another origin, `//host`, a backslash that
 * browsers read as a slash, or an encoded slash), in printable ASCII as a Location header needs. Anything
 * else is dropped, and the person goes to their own home page instead.
 */
export const nextPathSchema = z
  .string()
  .max(500)
  .refine((path) => {
    if (!/^\/(?!\/)[!-[\]-~]*$/.test(path)) return false;
    if (/%2f|%5c/i.test(path.split(/[?#]/)[0] ?? '')) return false;
    return new URL(path, 'http://portal.invalid').origin === 'http://portal.invalid';
  })
  .optional()
  .catch(undefined);

export const password = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(MAX_PASSWORD_LENGTH, 'That password is too long.');

export const signInSchema = z.object({ email, password, next: nextPathSchema });

export const name = z
  .string({ error: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .max(120, 'Keep your name under 120 characters.')
  .refine((value) => !/\p{Cc}/u.test(value), 'Write your name on one line.');

export const signUpSchema = z.object({ name, email, password: newPassword, next: nextPathSchema });

export const forgotPasswordSchema = z.object({ email });

/** The token comes in the emailed link, not from the person: a bad one is the link's fault, not a field's. */
export const resetTokenSchema = z.string().min(1).max(500);

export const resetPasswordSchema = z.object({ password: newPassword });

export const accountCreateSchema = z.object({
  email,
  password: newPassword,
  name: z.string().trim().min(1).max(120).default('Program staff'),
});

export const accountNameSchema = z.object({ name });

export const changeEmailSchema = z.object({
  newEmail: z
    .string({ error: 'Enter the new email address.' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter the new email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email('Enter an email address like name@example.org.')),
});

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
  newPassword,
});

/** Where a verification link lands (better-auth adds `error` when the link did not work). */
export const emailVerifiedQuerySchema = z
  .object({
    error: z.string().max(100).optional(),
    change: z.literal('yes').optional(),
    /** Where a new account was going when it signed up. */
    next: nextPathSchema,
  })
  .catch({});
