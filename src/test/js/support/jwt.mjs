// ID tokens for the page's checks. The page does not verify signatures, so the signature part is a
// placeholder; at_hash is computed with node:crypto, independently of the page's own code.
import { createHash } from 'node:crypto';

const HASH_OF = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

function part(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function jwt(header, payload) {
  return `${part(header)}.${part(payload)}.c2lnbmF0dXJl`;
}

export function atHash(alg, accessToken) {
  const hash = createHash(HASH_OF[alg]).update(accessToken).digest();
  return hash.subarray(0, hash.length / 2).toString('base64url');
}

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
