import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('accepts 12 to 128 characters with no composition rules', () => {
    expect(checkPassword('une phrase toute simple')).toBeNull();
    expect(checkPassword('a'.repeat(11))).toBe('v.passwordTooShort');
    expect(checkPassword('x'.repeat(129))).toBe('v.passwordTooLong');
    expect(checkPassword('éèàùç€ßøñ¿¡ü')).toBeNull(); // 13 characters, not bytes
  });

  it('refuses common passwords (international and French) and repeated characters', () => {
    for (const p of ['123456789012', 'qwertyuiop123', 'azertyuiop123', 'motdepasse123', 'aaaaaaaaaaaaaa', 'abababababab']) {
      expect(checkPassword(p), p).toBe('v.passwordCommon');
    }
  });

  it('refuses a password built on the e-mail address', () => {
    expect(checkPassword('camille.martin2026', 'camille.martin@example.org')).toBe('v.passwordLikeEmail');
  });

  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('une phrase toute simple');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'une phrase toute simple')).toBe(true);
    expect(await verifyPassword(hash, 'une autre phrase')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
