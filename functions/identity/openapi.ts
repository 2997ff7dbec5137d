import type { ApiRoute } from '#platform/http/openapi';
import { AuthResult, LoginBody, RegisterBody, UpdateMeBody, UserView } from './schemas.js';

export const identityRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/auth/register',
    tag: 'identity',
    summary: 'Create an account',
    description: 'Role defaults to client. Returns an access token. A welcome notification follows.',
    auth: false,
    body: RegisterBody,
    responses: { 201: AuthResult },
    problems: [409],
  },
  {
    method: 'post',
    path: '/auth/login',
    tag: 'identity',
    summary: 'Sign in',
    description:
      'Failed attempts are limited per account (5 per 15 min) and attempts per IP (30 per 15 min): 429 with Retry-After.',
    auth: false,
    body: LoginBody,
    responses: { 200: AuthResult },
    problems: [401, 429],
  },
  {
    method: 'get',
    path: '/me',
    tag: 'identity',
    summary: 'The caller',
    auth: true,
    responses: { 200: UserView },
    problems: [404],
  },
  {
    method: 'patch',
    path: '/me',
    tag: 'identity',
    summary: 'Change name or time zone',
    auth: true,
    body: UpdateMeBody,
    responses: { 200: UserView },
    problems: [404],
  },
];

/** Every stable code this context answers with (one class each in domain/errors.ts), with its status. */
export const identityErrorCodes: Record<string, number> = {
  'IDENTITY.EMAIL_TAKEN': 409,
  'IDENTITY.INVALID_CREDENTIALS': 401,
  'IDENTITY.USER_NOT_FOUND': 404,
  'IDENTITY.LOGIN_THROTTLED': 429,
  'IDENTITY.REGISTRATION_THROTTLED': 429,
};
