import { checkRemoval, checkRoleChange } from './roles.js';

describe('group roles', () => {
  it('lets only owners make or unmake owners, and never removes the last one', () => {
    expect(() =>
      checkRoleChange({ actor: 'admin', currentRole: 'member', newRole: 'admin', owners: 1 }),
    ).not.toThrow();
    expect(() =>
      checkRoleChange({ actor: 'admin', currentRole: 'member', newRole: 'owner', owners: 1 }),
    ).toThrow(expect.objectContaining({ code: 'MEETINGS.ROLE_ESCALATION' }));
    expect(() =>
      checkRoleChange({ actor: 'admin', currentRole: 'owner', newRole: 'member', owners: 2 }),
    ).toThrow(expect.objectContaining({ code: 'MEETINGS.ROLE_ESCALATION' }));
    expect(() =>
      checkRoleChange({ actor: 'member', currentRole: 'member', newRole: 'admin', owners: 1 }),
    ).toThrow(expect.objectContaining({ code: 'MEETINGS.NOT_ALLOWED' }));
    expect(() =>
      checkRoleChange({ actor: 'owner', currentRole: 'owner', newRole: 'admin', owners: 1 }),
    ).toThrow(expect.objectContaining({ code: 'MEETINGS.LAST_OWNER' }));
    expect(() =>
      checkRoleChange({ actor: 'owner', currentRole: 'owner', newRole: 'admin', owners: 2 }),
    ).not.toThrow();
  });

  it('lets anyone leave but the last owner, and only managers remove others', () => {
    expect(() =>
      checkRemoval({ actor: 'member', targetRole: 'member', self: true, owners: 1 }),
    ).not.toThrow();
    expect(() => checkRemoval({ actor: 'owner', targetRole: 'owner', self: true, owners: 1 })).toThrow(
      expect.objectContaining({ code: 'MEETINGS.LAST_OWNER' }),
    );
    expect(() => checkRemoval({ actor: 'member', targetRole: 'member', self: false, owners: 1 })).toThrow(
      expect.objectContaining({ code: 'MEETINGS.NOT_ALLOWED' }),
    );
    expect(() => checkRemoval({ actor: 'admin', targetRole: 'owner', self: false, owners: 2 })).toThrow(
      expect.objectContaining({ code: 'MEETINGS.ROLE_ESCALATION' }),
    );
    expect(() => checkRemoval({ actor: 'owner', targetRole: 'owner', self: false, owners: 2 })).not.toThrow();
  });
});
