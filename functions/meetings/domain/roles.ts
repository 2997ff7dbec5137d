import { LastOwnerError, NotAllowedError, RoleEscalationError } from './errors.js';

export const ROLES = ['owner', 'admin', 'member'] as const;
export type GroupRole = (typeof ROLES)[number];

/**
 * The role a pending invitation by e-mail joins with when its address registers, whatever role the
 * inviter offered. Registration does not prove that the registrant controls the address, so anyone
 * could claim an invitation by registering it first: the claim must not grant more than a plain
 * member. An owner/admin who offered `admin` is told when the invitation attaches and promotes the
 * new member explicitly (PATCH /groups/{id}/members/{userId}) once they know who it is.
 */
export const INVITATION_JOINS_AS = 'member' as const satisfies GroupRole;

export const canManage = (role: GroupRole) => role === 'owner' || role === 'admin';

export function requireManager(role: GroupRole, what: string): void {
  if (!canManage(role)) throw new NotAllowedError(what);
}

export function requireOwner(role: GroupRole, what: string): void {
  if (role !== 'owner') throw new NotAllowedError(what);
}

/**
 * Who may give whom which role. Owners do anything (but the last owner cannot step down); admins may
 * add or change members and admins, never touch an owner or make one.
 */
export function checkRoleChange(input: {
  actor: GroupRole;
  currentRole: GroupRole | undefined;
  newRole: GroupRole;
  owners: number;
}): void {
  const { actor, currentRole, newRole, owners } = input;
  requireManager(actor, 'change roles');
  if (actor !== 'owner' && (newRole === 'owner' || currentRole === 'owner')) throw new RoleEscalationError();
  if (currentRole === 'owner' && newRole !== 'owner' && owners <= 1) throw new LastOwnerError();
}

/** Removing `target` (role `targetRole`) by `actor`; `self` when the caller leaves. */
export function checkRemoval(input: {
  actor: GroupRole;
  targetRole: GroupRole;
  self: boolean;
  owners: number;
}): void {
  const { actor, targetRole, self, owners } = input;
  if (targetRole === 'owner' && owners <= 1) throw new LastOwnerError();
  if (self) return;
  requireManager(actor, 'remove members');
  if (targetRole === 'owner' && actor !== 'owner') throw new RoleEscalationError();
}
