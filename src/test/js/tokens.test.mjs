import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSETS } from './support/assets.mjs';
import { atHash, jwt, nowSeconds } from './support/jwt.mjs';

const { accessTokenHash, validateIdToken } = await import(new URL('tokens.js', ASSETS));

const ISSUER = 'https://idp.example/realms/demo';
const CLIENT = 'login-page';
const NONCE = 'nonce-of-this-attempt';
const ACCESS_TOKEN = 'access-token-of-this-attempt';

function claims(overrides = {}) {
  return {
    iss: ISSUER, aud: CLIENT, exp: nowSeconds() + 300, iat: nowSeconds(), nonce: NONCE,
    at_hash: atHash('RS256', ACCESS_TOKEN), ...overrides,
  };
}

function validate(payload, { alg = 'RS256', ...expected } = {}) {
  return validateIdToken(jwt({ alg, typ: 'JWT' }, payload), {
    issuer: ISSUER, clientId: CLIENT, nonce: NONCE, accessToken: ACCESS_TOKEN, requireAtHash: true, ...expected,
  });
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
    test(`refuses alg ${alg}`, async () => {
      assert.equal(await refusal(validate(claims(), { alg })),
        'The ID token uses a signing algorithm this page does not accept.');
    });
  }

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

  test('accepts several audiences when azp is this client', async () => {
    assert.deepEqual((await validate(claims({ aud: [CLIENT, 'account'], azp: CLIENT }))).aud, [CLIENT, 'account']);
  });

  test('refuses an audience without this client', async () => {
    assert.equal(await refusal(validate(claims({ aud: ['account'] }))),
      'The ID token was issued for a different application.');
  });

  test('refuses several audiences without azp', async () => {
    assert.equal(await refusal(validate(claims({ aud: [CLIENT, 'account'] }))),
      'The ID token was issued to a different application (azp).');
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
