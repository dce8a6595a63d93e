import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './auth.js';

const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter an email address like name@example.org.'));

const newPassword = z
  .string({ error: 'Choose a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

export const signInSchema = z.object({
  email,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
});

export const signUpSchema = z.object({
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, 'Enter your name.')
    .max(120, 'Keep your name under 120 characters.'),
  email,
  password: newPassword,
});

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z.object({
  token: z.string().min(1, 'This reset link is incomplete. Ask for a new one.').max(500),
  password: newPassword,
});

export const accountCreateSchema = z.object({
  email,
  password: newPassword,
  name: z.string().trim().min(1).max(120).default('Program staff'),
});

/** Where to go after signing in: only a path on this site, never another origin. */
export const nextPathSchema = z
  .string()
  .regex(/^\/(?![/\\])[^\s]*$/)
  .max(500)
  .catch('/');
