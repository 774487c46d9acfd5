import { createDemoWorld, DEMO_TENANT_PASSWORD } from '../../src/emulator/world/demo-world';
import * as secrets from '../../src/emulator/world/secrets';

describe('World.verifyPassword with the check cache', () => {
  const world = createDemoWorld();
  const acme = world.findOrgByName('acme')!;
  const automation = () => world.findUser(acme.id, 'automation')!;

  it('runs scrypt once for repeated logins with the same credentials', () => {
    const spy = jest.spyOn(secrets, 'verifyPasswordHash');
    try {
      for (let i = 0; i < 5; i++) expect(world.verifyPassword(automation(), DEMO_TENANT_PASSWORD)).toBe(true);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('still refuses a wrong password after a cached success', () => {
    expect(world.verifyPassword(automation(), DEMO_TENANT_PASSWORD)).toBe(true);
    expect(world.verifyPassword(automation(), `${DEMO_TENANT_PASSWORD}x`)).toBe(false);
  });

  it('forgets the old password once it is changed', () => {
    const user = automation();
    expect(world.verifyPassword(user, DEMO_TENANT_PASSWORD)).toBe(true);
    world.setUserPassword(user.id, 'a-new-password-1');
    expect(world.verifyPassword(automation(), DEMO_TENANT_PASSWORD)).toBe(false);
    expect(world.verifyPassword(automation(), 'a-new-password-1')).toBe(true);
  });
});
