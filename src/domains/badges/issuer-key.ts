import fs from 'node:fs';
import path from 'node:path';

/** The instance's Ed25519 key as Multikey strings (multibase, base58btc). */
export interface IssuerKey {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  createdAt: string;
}

/**
 * The signing key, read from its file or created there at first start (readable by this user
 * only). Written with "wx": two processes starting at once never write two keys; the loser reads
 * the winner's.
 */
export async function ensureIssuerKey(file: string): Promise<IssuerKey> {
  const existing = readIssuerKey(file);
  if (existing) {
    return existing;
  }
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const pair = await Ed25519Multikey.generate();
  const exported = await pair.export({ publicKey: true, secretKey: true });
  const key: IssuerKey = {
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase,
    createdAt: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${JSON.stringify(key, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return readIssuerKey(file) ?? key;
    }
    throw err;
  }
  return key;
}

export function readIssuerKey(file: string): IssuerKey | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw err;
  }
  const key = JSON.parse(text) as IssuerKey;
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(key.publicKeyMultibase) || !key.secretKeyMultibase?.startsWith('z')) {
    throw new Error(`${file} does not hold an Ed25519 Multikey`);
  }
  return key;
}

/**
 * The instance's DID (did:web) from its public address: https://tisserin.example.org →
 * did:web:tisserin.example.org; a port is percent-encoded, a path becomes more segments.
 */
export function didOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...segments].join(':');
}

/** The DID document served at /.well-known/did.json: the public key, for assertions. */
export function didDocument(did: string, publicKeyMultibase: string) {
  const keyId = `${did}#key-1`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id: keyId, type: 'Multikey', controller: did, publicKeyMultibase }],
    assertionMethod: [keyId],
    authentication: [keyId],
  };
}
