// The ID token checks of OIDC Core 3.1.3.7 and 3.2.2.11, in the browser: the signature with a key
// of the provider (only the algorithm the API accepts), then the claims that bind the tokens to this
// client (iss, aud, azp) and to this sign-in attempt (nonce, at_hash).

import { base64UrlDecode, base64UrlEncode, digest } from './encoding.js';
import { SignInError } from './errors.js';
import { signatureHash } from './keyset.js';

// A user's clock may be off; the API enforces expiry strictly, this is only a sanity check.
const CLOCK_SKEW_SECONDS = 300;


export function decodeJwt(jwt) {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3) {
    throw new SignInError('The identity provider sent a malformed ID token.');
  }
  try {
    const decode = (part) => JSON.parse(new TextDecoder().decode(base64UrlDecode(part)));
    return {
      header: decode(parts[0]),
      payload: decode(parts[1]),
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: base64UrlDecode(parts[2]),
    };
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
  const { header, payload, signingInput, signature } = decodeJwt(idToken);
  // Exactly the algorithm the API accepts (tokenValidationAlgorithm), never one the token picks.
  const hashName = header.alg === expected.algorithm ? signatureHash(header.alg) : null;
  if (!hashName) {
    throw new SignInError('The ID token uses a signing algorithm this page does not accept.');
  }
  await expected.keys.verify(header, signingInput, signature);
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new SignInError('The ID token does not say who signed in.');
  }
  if (payload.iss !== expected.issuer) {
    throw new SignInError('The ID token was issued by a different identity provider.');
  }
  // OIDC Core 3.1.3.7 step 3: this client must be an audience, and no other audience is trusted here.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(expected.clientId)) {
    throw new SignInError('The ID token was issued for a different application.');
  }
  if (audiences.some((audience) => audience !== expected.clientId)) {
    throw new SignInError('The ID token was also issued for other applications, so this page does not trust it.');
  }
  if (payload.azp !== undefined && payload.azp !== expected.clientId) {
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
