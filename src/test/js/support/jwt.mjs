// ID tokens for the page's checks, signed with node:crypto, independently of the page's own
// WebCrypto code; at_hash is computed with node:crypto too.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';

const HASH_OF = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };
const CURVE_OF = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

function part(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

// A token with a placeholder signature, for checks that come before the signature's.
export function jwt(header, payload) {
  return `${part(header)}.${part(payload)}.c2lnbmF0dXJl`;
}

// A provider's signing key. The JWK is published as Keycloak publishes its keys (kid, use, alg);
// signatures are JOSE's: PKCS #1 v1.5 for RS*, raw r||s (ieee-p1363) for ES*, unless told otherwise.
export function signingKey(alg, kid = `${alg}-key`) {
  const { privateKey, publicKey } = alg.startsWith('RS')
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: CURVE_OF[alg] });
  return {
    alg,
    kid,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg },
    sign(payload, header = {}, { dsaEncoding = 'ieee-p1363' } = {}) {
      const input = `${part({ alg, typ: 'JWT', kid, ...header })}.${part(payload)}`;
      const signature = sign(HASH_OF[alg], Buffer.from(input), { key: privateKey, dsaEncoding });
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}

// A jwks_uri behind a stub of fetch: each fetch answers the next of the given key sets (the last one
// again once they run out), and every fetched URL is recorded.
export function serveJwks(url, ...keySets) {
  const fetched = [];
  globalThis.fetch = async (target) => {
    fetched.push(String(target));
    if (String(target) !== url) {
      return new Response('not found', { status: 404 });
    }
    const keys = keySets[Math.min(fetched.filter((f) => f === url).length, keySets.length) - 1];
    return Response.json({ keys: keys.map((key) => key.jwk ?? key) });
  };
  return fetched;
}

export function atHash(alg, accessToken) {
  const hash = createHash(HASH_OF[alg]).update(accessToken).digest();
  return hash.subarray(0, hash.length / 2).toString('base64url');
}

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
