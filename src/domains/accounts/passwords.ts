import { createRequire } from 'node:module';

/** argon2id with the OWASP-recommended cost (19 MiB, 2 passes): ~15 ms a verify here. */
// algorithm 2 = Argon2id (the package exports it as a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// Frequent French choices on top of the 49,000 most common passwords of breach corpora.
const FRENCH_COMMON = [
  'motdepasse',
  'motdepasse1',
  'motdepasse123',
  'azertyuiop',
  'azertyuiop1',
  'azertyuiop123',
  'azerty123456',
  'soleil123456',
  'bonjour123456',
  'jetaime123456',
  'marseille1313',
  'allezlom1234',
  'doudou123456',
  'chocolat1234',
  'princesse123',
  'loulou123456',
  'tisserin1234',
  'tierslieux123',
  'fablab123456',
  'motdepassemotdepasse',
  'azertyazerty',
  'qwertzuiop12',
  '123456789azerty',
  'azerty1234567',
];

let commonSet: Set<string> | undefined;

/**
 * The 49,000 most common passwords of breach corpora (shipped offline by @zxcvbn-ts), loaded
 * on the first check. Only entries of 6+ characters can matter (shorter passwords, even with
 * digits added, are refused by length), so the set keeps those and the raw list is dropped.
 */
function commonPasswords(): Set<string> {
  if (!commonSet) {
    const require = createRequire(import.meta.url);
    const id = require.resolve('@zxcvbn-ts/language-common/dist/passwords.json.cjs');
    const list = require(id) as string[];
    commonSet = new Set([...list.filter((p) => p.length >= 6), ...FRENCH_COMMON]);
    delete require.cache[id];
  }
  return commonSet;
}

export type PasswordProblem = 'v.passwordTooShort' | 'v.passwordTooLong' | 'v.passwordCommon' | 'v.passwordLikeEmail';

/** Length 12–128, no composition rules, refused when common or built from the e-mail address. */
export function checkPassword(password: string, email?: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN) {
    return 'v.passwordTooShort';
  }
  if (password.length > PASSWORD_MAX) {
    return 'v.passwordTooLong';
  }
  const lower = password.toLowerCase();
  const squeezed = lower.replace(/(.)\1+/g, '$1');
  const common = commonPasswords();
  if (common.has(lower) || common.has(lower.replace(/[\d!?.]+$/, '')) || squeezed.length <= 3 || new Set(lower).size < 4) {
    return 'v.passwordCommon';
  }
  const local = email?.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) {
    return 'v.passwordLikeEmail';
  }
  return null;
}

/** The argon2 binding is loaded on the first sign-in or sign-up, not at start. */
const argon2 = () => import('@node-rs/argon2');

export const hashPassword = async (password: string) => (await argon2()).hash(password, OPTIONS);

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so both answers take the same time. */
let dummyHash: string | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= await hashPassword('tisserin-dummy-password-for-timing');
  await verifyPassword(dummyHash, password);
}
