import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSETS } from './support/assets.mjs';

const { createProof } = await import(new URL('dpop.js', ASSETS));

const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function key() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } };
}

describe('DPoP proofs of the login page', () => {
  test('are ES256 JWTs of type dpop+jwt carrying only the public key, verifiable with it', async () => {
    const k = await key();
    const proof = await createProof(k, 'GET', 'https://api.example/api/v1/users/loggedInUser?x=1#f', 'the-token');
    const [header, payload, signature] = proof.split('.');

    assert.deepEqual(decode(header), { typ: 'dpop+jwt', alg: 'ES256', jwk: k.jwk });
    assert.equal(decode(header).jwk.d, undefined);
    const verified = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k.publicKey,
      Buffer.from(signature, 'base64url'), new TextEncoder().encode(`${header}.${payload}`));
    assert.equal(verified, true);
  });

  test('name the method, the URL without query and fragment, the hash of the token and a fresh jti', async () => {
    const k = await key();
    const first = decode((await createProof(k, 'GET', 'https://api.example/a/b?x=1#f', 'the-token')).split('.')[1]);
    const second = decode((await createProof(k, 'GET', 'https://api.example/a/b', 'the-token')).split('.')[1]);

    assert.equal(first.htm, 'GET');
    assert.equal(first.htu, 'https://api.example/a/b');
    // base64url(SHA-256("the-token")), computed independently.
    assert.equal(first.ath, (await import('node:crypto')).createHash('sha256').update('the-token').digest('base64url'));
    assert.ok(Math.abs(first.iat - Date.now() / 1000) < 5);
    assert.match(first.jti, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.jti, second.jti);
    assert.equal(first.nonce, undefined);
  });

  test('on a token request carry no ath, and a nonce when the server asked for one', async () => {
    const k = await key();
    const claims = decode((await createProof(k, 'POST', 'https://idp.example/token', null, 'server-nonce')).split('.')[1]);

    assert.equal(claims.ath, undefined);
    assert.equal(claims.nonce, 'server-nonce');
    assert.equal(claims.htm, 'POST');
  });
});
