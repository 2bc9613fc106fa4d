import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSETS } from './support/assets.mjs';
import { atHash, jwt, nowSeconds, serveJwks, signingKey } from './support/jwt.mjs';

const { accessTokenHash, validateIdToken } = await import(new URL('tokens.js', ASSETS));
const { keySet } = await import(new URL('keyset.js', ASSETS));

const ISSUER = 'https://idp.example/realms/demo';
const CLIENT = 'login-page';
const NONCE = 'nonce-of-this-attempt';
const ACCESS_TOKEN = 'access-token-of-this-attempt';
const JWKS_URI = `${ISSUER}/protocol/openid-connect/certs`;
const KEYS = Object.fromEntries(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'].map((alg) => [alg, signingKey(alg)]));
// Keycloak publishes an encryption key beside its signing keys.
const ENCRYPTION_KEY = { ...signingKey('RS256', 'encryption-key').jwk, use: 'enc', alg: 'RSA-OAEP' };

function claims(overrides = {}) {
  return {
    iss: ISSUER, sub: 'subject-of-the-user', aud: CLIENT, exp: nowSeconds() + 300, iat: nowSeconds(), nonce: NONCE,
    at_hash: atHash('RS256', ACCESS_TOKEN), ...overrides,
  };
}

function expectations(overrides = {}) {
  return {
    issuer: ISSUER, clientId: CLIENT, nonce: NONCE, accessToken: ACCESS_TOKEN, requireAtHash: true,
    algorithm: 'RS256', keys: keySet(JWKS_URI), ...overrides,
  };
}

function validate(payload, { alg = 'RS256', ...expected } = {}) {
  serveJwks(JWKS_URI, [...Object.values(KEYS), ENCRYPTION_KEY]);
  return validateIdToken(KEYS[alg].sign(payload), expectations({ algorithm: alg, ...expected }));
}

async function refusal(promise) {
  const error = await promise.then(() => assert.fail('the ID token was accepted'), (e) => e);
  assert.equal(error.constructor.name, 'SignInError');
  return error.message;
}

describe('at_hash', () => {
  test('matches the example of OpenID Connect Core for SHA-256', async () => {
    assert.equal(await accessTokenHash('SHA-256', 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y'),
      '77QmUPtjPfzWtF2AnpK9RQ');
  });

  for (const [alg, length] of [['RS256', 22], ['RS384', 32], ['RS512', 43]]) {
    test(`uses the left half of the ${alg} hash of the access token`, async () => {
      const expected = atHash(alg, ACCESS_TOKEN);
      assert.equal(expected.length, length);
      const payload = await validate(claims({ at_hash: expected }), { alg });
      assert.equal(payload.at_hash, expected);
    });

    test(`refuses an ${alg} ID token whose at_hash belongs to another access token`, async () => {
      assert.equal(await refusal(validate(claims({ at_hash: atHash(alg, 'another-access-token') }), { alg })),
        'The access token does not belong to the ID token it came with.');
    });
  }

  test('refuses an RS512 ID token that carries the SHA-256 at_hash', async () => {
    assert.equal(await refusal(validate(claims({ at_hash: atHash('RS256', ACCESS_TOKEN) }), { alg: 'RS512' })),
      'The access token does not belong to the ID token it came with.');
  });

  test('is required in the implicit flow', async () => {
    assert.equal(await refusal(validate(claims({ at_hash: undefined }))),
      'The access token does not belong to the ID token it came with.');
  });

  test('may be absent in the code flow', async () => {
    const payload = await validate(claims({ at_hash: undefined }), { requireAtHash: false });
    assert.equal(payload.nonce, NONCE);
  });
});

describe('algorithm, issuer and nonce', () => {
  for (const alg of ['none', 'HS256']) {
    test(`refuses alg ${alg}, even when it is the configured one`, async () => {
      const fetched = serveJwks(JWKS_URI, Object.values(KEYS));
      assert.equal(await refusal(validateIdToken(jwt({ alg, typ: 'JWT' }, claims()), expectations({ algorithm: alg }))),
        'The ID token uses a signing algorithm this page does not accept.');
      assert.deepEqual(fetched, []);
    });
  }

  test('refuses a signing algorithm other than the configured one, with a valid signature of the provider', async () => {
    assert.equal(await refusal(validate(claims(), { alg: 'RS256', algorithm: 'ES256' })),
      'The ID token uses a signing algorithm this page does not accept.');
  });

  test('refuses an ID token without sub', async () => {
    assert.equal(await refusal(validate(claims({ sub: undefined }))), 'The ID token does not say who signed in.');
  });

  test('refuses another issuer', async () => {
    assert.equal(await refusal(validate(claims({ iss: 'https://idp.example/realms/other' }))),
      'The ID token was issued by a different identity provider.');
  });

  test('refuses a nonce of another attempt', async () => {
    assert.equal(await refusal(validate(claims({ nonce: 'nonce-of-another-attempt' }))),
      'The ID token does not belong to this sign-in attempt.');
  });

  test('refuses an ID token without nonce', async () => {
    assert.equal(await refusal(validate(claims({ nonce: undefined }))),
      'The ID token does not belong to this sign-in attempt.');
  });
});

describe('aud and azp', () => {
  test('accepts this client as the only audience without azp', async () => {
    assert.equal((await validate(claims())).aud, CLIENT);
  });

  test('accepts this client as the one audience in a list, with azp this client', async () => {
    assert.deepEqual((await validate(claims({ aud: [CLIENT], azp: CLIENT }))).aud, [CLIENT]);
  });

  test('refuses another audience beside this client even when azp is this client', async () => {
    assert.equal(await refusal(validate(claims({ aud: [CLIENT, 'reports-api'], azp: CLIENT }))),
      'The ID token was also issued for other applications, so this page does not trust it.');
  });

  test('refuses an audience without this client', async () => {
    assert.equal(await refusal(validate(claims({ aud: ['account'] }))),
      'The ID token was issued for a different application.');
  });

  test('refuses several audiences without azp', async () => {
    assert.equal(await refusal(validate(claims({ aud: [CLIENT, 'account'] }))),
      'The ID token was also issued for other applications, so this page does not trust it.');
  });

  test('refuses an azp of another client even with this client as the only audience', async () => {
    assert.equal(await refusal(validate(claims({ azp: 'other-client' }))),
      'The ID token was issued to a different application (azp).');
  });
});

describe('time', () => {
  test('accepts an ID token that expired less than the 300 s allowance ago', async () => {
    assert.ok(await validate(claims({ exp: nowSeconds() - 290 })));
  });

  test('refuses an ID token that expired more than 300 s ago', async () => {
    assert.equal(await refusal(validate(claims({ exp: nowSeconds() - 310 }))),
      'The ID token has expired. If this keeps happening, check this computer\'s clock.');
  });

  test('refuses an ID token without exp', async () => {
    assert.equal(await refusal(validate(claims({ exp: undefined }))),
      'The ID token has expired. If this keeps happening, check this computer\'s clock.');
  });

  test('refuses an ID token issued more than 300 s in the future', async () => {
    assert.equal(await refusal(validate(claims({ iat: nowSeconds() + 310 }))),
      'The ID token was issued in the future. Check this computer\'s clock.');
  });
});

describe('shape', () => {
  for (const token of ['', 'a.b', 'a.b.c.d', 'not+base64.e30.c2ln']) {
    test(`refuses ${JSON.stringify(token)}`, async () => {
      const error = await validateIdToken(token, {}).then(() => assert.fail('accepted'), (e) => e);
      assert.match(error.message, /^The identity provider sent (a malformed ID token|an ID token that cannot be read)\.$/);
    });
  }
});

describe('signature (OIDC Core 3.1.3.7, 3.2.2.11)', () => {
  for (const alg of Object.keys(KEYS)) {
    test(`accepts an ${alg} ID token signed by the provider's ${alg} key`, async () => {
      const payload = await validate(claims({ at_hash: atHash(alg, ACCESS_TOKEN) }), { alg });
      assert.equal(payload.sub, 'subject-of-the-user');
    });
  }

  test('refuses an ID token whose claims were changed after signing', async () => {
    const [header, , signature] = KEYS.RS256.sign(claims()).split('.');
    const changed = Buffer.from(JSON.stringify(claims({ sub: 'subject-of-another-user' }))).toString('base64url');
    serveJwks(JWKS_URI, Object.values(KEYS));
    assert.equal(await refusal(validateIdToken(`${header}.${changed}.${signature}`, expectations())),
      'The ID token\'s signature is not valid.');
  });

  test('refuses an ID token signed by a key of its own that claims the provider\'s kid', async () => {
    const impostor = signingKey('RS256', KEYS.RS256.kid);
    serveJwks(JWKS_URI, Object.values(KEYS));
    assert.equal(await refusal(validateIdToken(impostor.sign(claims()), expectations())),
      'The ID token\'s signature is not valid.');
  });

  test('refuses an ES256 signature in DER form, which is not JOSE\'s r||s', async () => {
    serveJwks(JWKS_URI, Object.values(KEYS));
    const der = KEYS.ES256.sign(claims({ at_hash: atHash('ES256', ACCESS_TOKEN) }), {}, { dsaEncoding: 'der' });
    assert.equal(await refusal(validateIdToken(der, expectations({ algorithm: 'ES256' }))),
      'The ID token\'s signature is not valid.');
  });

  test('refuses the right key published with use enc', async () => {
    serveJwks(JWKS_URI, [{ ...KEYS.RS256.jwk, use: 'enc' }]);
    assert.equal(await refusal(validateIdToken(KEYS.RS256.sign(claims()), expectations())),
      'The ID token is signed with a key the identity provider does not publish.');
  });

  test('refuses the right key published for another algorithm', async () => {
    serveJwks(JWKS_URI, [{ ...KEYS.RS256.jwk, alg: 'RS512' }]);
    assert.equal(await refusal(validateIdToken(KEYS.RS256.sign(claims()), expectations())),
      'The ID token is signed with a key the identity provider does not publish.');
  });

  test('refuses a key of another type under the token\'s kid', async () => {
    serveJwks(JWKS_URI, [{ ...KEYS.ES256.jwk, kid: KEYS.RS256.kid, alg: undefined }]);
    assert.equal(await refusal(validateIdToken(KEYS.RS256.sign(claims()), expectations())),
      'The ID token is signed with a key the identity provider does not publish.');
  });

  test('fetches the keys once for several tokens', async () => {
    const fetched = serveJwks(JWKS_URI, Object.values(KEYS));
    const expected = expectations();
    await validateIdToken(KEYS.RS256.sign(claims()), expected);
    await validateIdToken(KEYS.RS256.sign(claims()), expected);
    assert.deepEqual(fetched, [JWKS_URI]);
  });

  test('fetches the keys again for an unknown kid and takes the rotated key', async () => {
    const rotated = signingKey('RS256', 'rotated-key');
    const fetched = serveJwks(JWKS_URI, [KEYS.RS256], [KEYS.RS256, rotated]);
    const expected = expectations();
    await validateIdToken(KEYS.RS256.sign(claims()), expected);
    assert.equal((await validateIdToken(rotated.sign(claims()), expected)).sub, 'subject-of-the-user');
    assert.deepEqual(fetched, [JWKS_URI, JWKS_URI]);
  });

  test('refuses a kid that is still unknown after fetching the keys once more', async () => {
    const fetched = serveJwks(JWKS_URI, [KEYS.RS256]);
    const expected = expectations();
    await validateIdToken(KEYS.RS256.sign(claims()), expected);
    assert.equal(await refusal(validateIdToken(signingKey('RS256', 'unknown-key').sign(claims()), expected)),
      'The ID token is signed with a key the identity provider does not publish.');
    assert.deepEqual(fetched, [JWKS_URI, JWKS_URI]);
  });

  test('refuses to sign in while the keys cannot be fetched', async () => {
    serveJwks('https://idp.example/elsewhere', []);
    assert.equal(await refusal(validateIdToken(KEYS.RS256.sign(claims()), expectations())),
      'The identity provider\'s signing keys cannot be fetched right now. Please try again in a moment.');
  });
});
