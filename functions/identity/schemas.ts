import { z } from 'zod';
import { Role } from '#platform/auth/tokens';
import { TimeZone } from '#platform/validation/common';
import { DefaultReminders, WorkingHours } from './contract.js';

const Email = z
  .email({ message: 'Expected an email address.' })
  .max(254)
  .transform((email) => email.toLowerCase());

export const RegisterBody = z.strictObject({
  email: Email,
  password: z.string().min(10, 'Use at least 10 characters.').max(200),
  name: z.string().trim().min(1).max(100),
  role: Role.default('client'),
  timeZone: TimeZone.optional(),
});

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(200),
});

export const UpdateMeBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    timeZone: TimeZone.optional(),
    workingHours: WorkingHours.optional(),
    defaultReminders: DefaultReminders.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change.' });

export const UserView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  timeZone: z.string(),
  workingHours: WorkingHours,
  defaultReminders: z.array(z.number().int()).nullable(),
  createdAt: z.iso.datetime(),
});

export const AuthResult = z.object({ user: UserView, token: z.string(), expiresAt: z.iso.datetime() });

export type RegisterInput = z.infer<typeof RegisterBody>;
export type LoginInput = z.infer<typeof LoginBody>;
export type UpdateMeInput = z.infer<typeof UpdateMeBody>;
export type UserView = z.infer<typeof UserView>;
