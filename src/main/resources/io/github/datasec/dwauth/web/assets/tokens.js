// Checks of the ID token that a browser can make. The browser does NOT verify the token's signature:
// that would need the provider's keys and buys nothing here, because the page trusts no claim for
// access decisions. The API verifies the access token's signature on every call, and the checks
// below bind the tokens to this sign-in attempt (nonce, at_hash) and to this client (iss, aud, azp).

import { base64UrlDecode, base64UrlEncode, digest } from './encoding.js';

// A user's clock may be off; the API enforces expiry strictly, this is only a sanity check.
const CLOCK_SKEW_SECONDS = 300;

const HASH_FOR_ALG = {
  RS256: 'SHA-256', PS256: 'SHA-256', ES256: 'SHA-256',
  RS384: 'SHA-384', PS384: 'SHA-384', ES384: 'SHA-384',
  RS512: 'SHA-512', PS512: 'SHA-512', ES512: 'SHA-512',
};

export class SignInError extends Error {}

export function decodeJwt(jwt) {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3) {
    throw new SignInError('The identity provider sent a malformed ID token.');
  }
  try {
    const decode = (part) => JSON.parse(new TextDecoder().decode(base64UrlDecode(part)));
    return { header: decode(parts[0]), payload: decode(parts[1]) };
  } catch {
    throw new SignInError('The identity provider sent an ID token that cannot be read.');
  }
}

// at_hash: the left half of the hash of the access token, base64url-encoded (OIDC Core 3.2.2.9),
// with the hash that matches the ID token's signing algorithm.
export async function accessTokenHash(hashName, accessToken) {
  const hash = await digest(hashName, accessToken);
  return base64UrlEncode(hash.slice(0, hash.length / 2));
}

export async function validateIdToken(idToken, expected) {
  const { header, payload } = decodeJwt(idToken);
  const hashName = HASH_FOR_ALG[header.alg];
  if (!hashName) {
    throw new SignInError('The ID token uses a signing algorithm this page does not accept.');
  }
  if (payload.iss !== expected.issuer) {
    throw new SignInError('The ID token was issued by a different identity provider.');
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(expected.clientId)) {
    throw new SignInError('The ID token was issued for a different application.');
  }
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== expected.clientId) {
    throw new SignInError('The ID token was issued to a different application (azp).');
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp + CLOCK_SKEW_SECONDS < now) {
    throw new SignInError('The ID token has expired. If this keeps happening, check this computer\'s clock.');
  }
  if (typeof payload.iat === 'number' && payload.iat - CLOCK_SKEW_SECONDS > now) {
    throw new SignInError('The ID token was issued in the future. Check this computer\'s clock.');
  }
  if (typeof payload.nonce !== 'string' || payload.nonce !== expected.nonce) {
    throw new SignInError('The ID token does not belong to this sign-in attempt.');
  }
  if (payload.at_hash !== undefined || expected.requireAtHash) {
    const actual = await accessTokenHash(hashName, expected.accessToken);
    if (payload.at_hash !== actual) {
      throw new SignInError('The access token does not belong to the ID token it came with.');
    }
  }
  return payload;
}
