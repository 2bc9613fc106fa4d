// The provider's signing keys (its jwks_uri) and the WebCrypto check of a JWS signature with them
// (OIDC Core 3.1.3.7 step 6, 3.2.2.11). Only the algorithms the API itself accepts are known here,
// so none and HS* can never be chosen, whatever a token's header says.

import { SignInError } from './errors.js';
import { fetchProviderJson } from './provider-json.js';

const ALGORITHMS = {
  RS256: rsa('SHA-256'), RS384: rsa('SHA-384'), RS512: rsa('SHA-512'),
  ES256: ec('P-256', 'SHA-256'), ES384: ec('P-384', 'SHA-384'), ES512: ec('P-521', 'SHA-512'),
};

function rsa(hash) {
  return { kty: 'RSA', hash, importAs: { name: 'RSASSA-PKCS1-v1_5', hash }, verifyAs: { name: 'RSASSA-PKCS1-v1_5' } };
}

function ec(crv, hash) {
  return { kty: 'EC', crv, hash, importAs: { name: 'ECDSA', namedCurve: crv }, verifyAs: { name: 'ECDSA', hash } };
}

function algorithmOf(alg) {
  return typeof alg === 'string' && Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : null;
}

// The hash of a known signing algorithm (at_hash uses it), or null for anything else, none and HS* included.
export function signatureHash(alg) {
  return algorithmOf(alg)?.hash ?? null;
}

// The keys are fetched on first use and kept for the page's lifetime; a kid the page has not seen
// (the provider rotated its keys) makes it fetch the set again, once per token.
export function keySet(jwksUri) {
  let keys = null;

  async function fetchKeys() {
    const unreachable = new SignInError('The identity provider\'s signing keys cannot be fetched right now. Please try again in a moment.');
    const body = await fetchProviderJson(jwksUri, unreachable);
    keys = Array.isArray(body?.keys) ? body.keys : [];
    return keys;
  }

  return {
    async verify(header, signingInput, signature) {
      const algorithm = algorithmOf(header.alg);
      if (!algorithm) {
        throw new SignInError('The ID token uses a signing algorithm this page does not accept.');
      }
      let jwk = signingKey(keys ?? await fetchKeys(), header, algorithm);
      if (!jwk) {
        jwk = signingKey(await fetchKeys(), header, algorithm);
      }
      if (!jwk) {
        throw new SignInError('The ID token is signed with a key the identity provider does not publish.');
      }
      const valid = await crypto.subtle.importKey('jwk', publicPart(jwk, algorithm), algorithm.importAs, false, ['verify'])
        .then((key) => crypto.subtle.verify(algorithm.verifyAs, key, signature, new TextEncoder().encode(signingInput)))
        .catch(() => false);
      if (!valid) {
        throw new SignInError('The ID token\'s signature is not valid.');
      }
    },
  };
}

// A key fits when its kid is the token's, its type and curve are those of the algorithm, and it is
// published for signatures: a key marked for encryption, or for another algorithm, is never used.
function signingKey(keys, header, algorithm) {
  const fits = keys.filter((jwk) => jwk && typeof jwk === 'object'
    && jwk.kid === header.kid
    && jwk.kty === algorithm.kty
    && (algorithm.crv === undefined || jwk.crv === algorithm.crv)
    && (jwk.use === undefined || jwk.use === 'sig')
    && (jwk.alg === undefined || jwk.alg === header.alg)
    && (jwk.key_ops === undefined || (Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))));
  return fits.length === 1 ? fits[0] : null;
}

// Only the public numbers go to importKey: no private member, no use or key_ops to conflict with.
function publicPart(jwk, algorithm) {
  return algorithm.kty === 'RSA'
    ? { kty: 'RSA', n: jwk.n, e: jwk.e }
    : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
}
