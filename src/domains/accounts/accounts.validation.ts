import { z } from '@hono/zod-openapi';
import { plainText } from '../../lib/validation.ts';
import { PASSWORD_MAX } from './passwords.ts';

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'v.required')
  .max(254, 'v.tooLong')
  .pipe(z.email({ message: 'v.email' }));

// Strength (length, common passwords) is checked by checkPassword(), which knows the e-mail.
const passwordField = z.string().min(1, 'v.required').max(PASSWORD_MAX, 'v.passwordTooLong');

export const SignUpInput = z
  .object({
    displayName: plainText({ min: 2, max: 80 }),
    email: emailField,
    password: passwordField,
    acceptCharter: z.literal('on', { message: 'v.mustAccept' }),
  })
  .strict();

export const SignInInput = z.object({ email: emailField, password: passwordField, next: z.string().max(300).optional() }).strict();

export const EmailOnlyInput = z.object({ email: emailField }).strict();

export const ResetPasswordInput = z.object({ token: z.string().min(10).max(200), password: passwordField }).strict();

export const ChangeEmailInput = z.object({ newEmail: emailField, currentPassword: passwordField }).strict();

export const ChangePasswordInput = z.object({ currentPassword: passwordField, newPassword: passwordField }).strict();

export const DeleteAccountInput = z
  .object({
    currentPassword: passwordField,
    confirm: z.literal('on', { message: 'v.mustConfirm' }),
    removeContributions: z.literal('on').optional(),
  })
  .strict();

export const ProfileBasicsInput = z.object({ displayName: plainText({ min: 2, max: 80 }) }).strict();

export const ApiTokenInput = z.object({ name: plainText({ min: 1, max: 60 }) }).strict();

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNextPath(next: string | undefined): string {
  if (next && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/deconnexion')) {
    return next;
  }
  return '/';
}
