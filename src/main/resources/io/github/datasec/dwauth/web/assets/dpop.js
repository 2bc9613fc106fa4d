// DPoP (RFC 9449) for the login page: one ECDSA P-256 key per browser profile, created by WebCrypto
// as non-extractable, so no script (this page's included) can ever read the private key. IndexedDB
// keeps the CryptoKey object itself across reloads, so tokens stay bound to it; sign-out deletes it.

import { base64UrlEncode, digest, randomToken } from './encoding.js';

const DB_NAME = 'dwauth';
const STORE = 'keys';
const KEY_ID = 'dpop';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' };

// The server advertises DPoP in its RFC 9728 metadata; the page binds tokens only where it can keep
// the key safe (WebCrypto and IndexedDB present).
export async function serverOffersDpop(metadataUrl) {
  if (!globalThis.indexedDB || !crypto.subtle) {
    return false;
  }
  const response = await fetch(metadataUrl, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' })
    .catch(() => null);
  if (!response || !response.ok) {
    return false;
  }
  const metadata = await response.json().catch(() => ({}));
  return Array.isArray(metadata.dpop_signing_alg_values_supported)
    && metadata.dpop_signing_alg_values_supported.includes('ES256');
}

function openStore(mode, use) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction(STORE, mode);
      const request = use(transaction.objectStore(STORE));
      transaction.oncomplete = () => {
        db.close();
        resolve(request.result);
      };
      transaction.onerror = () => {
        db.close();
        reject(transaction.error);
      };
    };
  });
}

// The stored key pair, or a new one. Generated with extractable=false: exportKey on the private key fails.
export async function dpopKey() {
  const stored = await openStore('readonly', (store) => store.get(KEY_ID));
  if (stored && stored.privateKey && stored.publicKey) {
    return stored;
  }
  const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const key = {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    jwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y },
  };
  await openStore('readwrite', (store) => store.put(key, KEY_ID));
  return key;
}

export async function forgetDpopKey() {
  if (globalThis.indexedDB) {
    await openStore('readwrite', (store) => store.delete(KEY_ID)).catch(() => undefined);
  }
}

// A fresh proof for one request: htu is the URL without query and fragment; ath binds it to the
// access token when one is sent, nonce to the server's DPoP-Nonce when it asked for one.
export async function createProof(key, method, url, accessToken, nonce) {
  const target = new URL(url);
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk };
  const claims = { jti: randomToken(), htm: method, htu: target.origin + target.pathname, iat: Math.floor(Date.now() / 1000) };
  if (accessToken) {
    claims.ath = base64UrlEncode(await digest('SHA-256', accessToken));
  }
  if (nonce) {
    claims.nonce = nonce;
  }
  const encode = (value) => base64UrlEncode(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = await crypto.subtle.sign(SIGNATURE, key.privateKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64UrlEncode(new Uint8Array(signature))}`;
}
