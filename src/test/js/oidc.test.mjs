import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSETS } from './support/assets.mjs';
import { installBrowser } from './support/browser.mjs';
import { atHash, jwt, nowSeconds } from './support/jwt.mjs';

const ORIGIN = 'https://app.example';
const browser = installBrowser(ORIGIN);
const { completeSignIn, rememberAttempt, silentSignIn, takeAttempt } = await import(new URL('oidc.js', ASSETS));

const PROVIDER = {
  issuer: 'https://idp.example/realms/demo',
  authorizationEndpoint: 'https://idp.example/realms/demo/protocol/openid-connect/auth',
  tokenEndpoint: null,
  endSessionEndpoint: null,
};
const CLIENT = {
  clientId: 'login-page', scope: 'openid', flow: 'implicit',
  silentCallbackUrl: `${ORIGIN}/silent-callback`,
};
const TEN_MINUTES_MS = 600_000;

function attempt(overrides = {}) {
  return {
    flow: 'implicit', state: 'state-of-this-attempt', nonce: 'nonce-of-this-attempt', codeVerifier: null,
    redirectUri: `${ORIGIN}/callback`, createdAt: Date.now(), ...overrides,
  };
}

function implicitResponse({ state, nonce }, accessToken = 'access-token') {
  const idToken = jwt({ alg: 'RS256' }, {
    iss: PROVIDER.issuer, aud: CLIENT.clientId, exp: nowSeconds() + 300, iat: nowSeconds(), nonce,
    at_hash: atHash('RS256', accessToken),
  });
  return new URLSearchParams({ state, access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: '300' });
}

async function message(promise) {
  const error = await promise.then(() => assert.fail('signed in'), (e) => e);
  assert.equal(error.constructor.name, 'SignInError');
  return error.message;
}

const FOREIGN_RESPONSE = 'This sign-in response does not belong to a sign-in started on this page, so nobody was signed in. Please sign in again.';

describe('completeSignIn', () => {
  test('returns the tokens of a response that matches the attempt', async () => {
    const pending = attempt();
    const tokens = await completeSignIn(implicitResponse(pending), pending, PROVIDER, CLIENT);
    assert.equal(tokens.accessToken, 'access-token');
    assert.ok(Math.abs(tokens.expiresAt - (Date.now() + 300_000)) < 5_000);
  });

  test('refuses a response whose state is not the attempt\'s', async () => {
    const response = implicitResponse(attempt({ state: 'state-of-another-attempt' }));
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)), FOREIGN_RESPONSE);
  });

  test('refuses a response without state', async () => {
    const response = implicitResponse(attempt());
    response.delete('state');
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)), FOREIGN_RESPONSE);
  });

  test('refuses a response when no attempt is pending', async () => {
    assert.equal(await message(completeSignIn(implicitResponse(attempt()), null, PROVIDER, CLIENT)), FOREIGN_RESPONSE);
  });

  test('refuses an ID token whose nonce is not the attempt\'s', async () => {
    const response = implicitResponse(attempt({ nonce: 'nonce-of-another-attempt' }));
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)),
      'The ID token does not belong to this sign-in attempt.');
  });

  test('refuses a token type other than Bearer', async () => {
    const response = implicitResponse(attempt());
    response.set('token_type', 'DPoP');
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)),
      'The identity provider did not send the expected tokens.');
  });
});

describe('pending attempt', () => {
  test('is handed out once', () => {
    rememberAttempt(attempt());
    assert.equal(takeAttempt().state, 'state-of-this-attempt');
    assert.equal(takeAttempt(), null);
  });

  test('is still valid just under ten minutes old', () => {
    rememberAttempt(attempt({ createdAt: Date.now() - TEN_MINUTES_MS + 5_000 }));
    assert.equal(takeAttempt().state, 'state-of-this-attempt');
  });

  test('has expired at ten minutes old, and is gone afterwards', () => {
    rememberAttempt(attempt({ createdAt: Date.now() - TEN_MINUTES_MS }));
    assert.equal(takeAttempt(), null);
    assert.equal(sessionStorage.getItem('dwauth.pending'), null);
  });
});

describe('silent sign-in', () => {
  async function startSilentSignIn() {
    const signIn = silentSignIn(PROVIDER, CLIENT);
    const frame = await waitForFrame();
    const url = new URL(frame.src);
    assert.equal(url.searchParams.get('prompt'), 'none');
    const response = implicitResponse({ state: url.searchParams.get('state'), nonce: url.searchParams.get('nonce') })
      .toString();
    return { signIn, frame, response };
  }

  async function waitForFrame() {
    const index = browser.frames.length;
    for (let turn = 0; turn < 100; turn++) {
      if (browser.frames[index]?.src) {
        return browser.frames[index];
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return assert.fail('silentSignIn opened no frame');
  }

  async function isPending(promise) {
    const marker = Symbol('pending');
    return (await Promise.race([promise.catch((e) => e), new Promise((resolve) => setImmediate(() => resolve(marker)))])) === marker;
  }

  test('takes the answer posted by its own frame from its own origin', async () => {
    const { signIn, frame, response } = await startSilentSignIn();
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', response } });
    assert.equal((await signIn).accessToken, 'access-token');
    assert.ok(frame.removed);
    assert.ok(!browser.listening());
  });

  test('ignores answers from another origin, another window or of another type', async () => {
    const { signIn, frame, response } = await startSilentSignIn();
    const data = { type: 'dwauth:silent-callback', response };
    browser.deliver({ origin: 'https://evil.example', source: frame.contentWindow, data });
    browser.deliver({ origin: ORIGIN, source: { name: 'another window' }, data });
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { ...data, type: 'other' } });
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', response: 42 } });
    assert.ok(await isPending(signIn));
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data });
    assert.equal((await signIn).accessToken, 'access-token');
  });

  test('gives up after ten seconds without an answer', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { signIn, frame } = await startSilentSignIn();
    t.mock.timers.tick(9_999);
    assert.ok(await isPending(signIn));
    t.mock.timers.tick(1);
    assert.equal(await message(signIn), 'The identity provider did not answer the session renewal in time.');
    assert.ok(frame.removed);
  });
});
