import { ForbiddenError, NotFoundError } from '../errors.js';
import { ownedBy, requireRole } from './access.js';

const ann = { id: 'ann', role: 'client' as const };

class ThingNotFoundError extends NotFoundError {
  constructor() {
    super('TEST.THING_NOT_FOUND', 'No thing with this id.');
  }
}
const otto = { id: 'otto', role: 'hotelier' as const };

describe('access helpers', () => {
  it('requireRole lets the right roles through and answers 403 otherwise', () => {
    expect(() => requireRole(otto, 'hotelier')).not.toThrow();
    expect(() => requireRole(ann, 'client', 'hotelier')).not.toThrow();
    expect(() => requireRole(ann, 'hotelier')).toThrow(ForbiddenError);
  });

  it("ownedBy returns the caller's own resource and makes missing and foreign ones look alike (404)", () => {
    const event = { id: 'e1', ownerId: 'ann' };
    expect(ownedBy(event, (e) => e.ownerId, ann, ThingNotFoundError)).toBe(event);
    const foreign = (() => {
      try {
        ownedBy(event, (e) => e.ownerId, otto, ThingNotFoundError);
      } catch (error) {
        return error as NotFoundError;
      }
    })();
    const missing = (() => {
      try {
        ownedBy(undefined, (e: typeof event) => e.ownerId, otto, ThingNotFoundError);
      } catch (error) {
        return error as NotFoundError;
      }
    })();
    expect(foreign).toBeInstanceOf(ThingNotFoundError);
    expect(foreign).toMatchObject({ status: 404, code: 'TEST.THING_NOT_FOUND' });
    expect(missing).toBeInstanceOf(ThingNotFoundError);
    expect(missing?.message).toBe(foreign?.message);
  });
});
