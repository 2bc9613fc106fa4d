import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSETS } from './support/assets.mjs';
import { installBrowser } from './support/browser.mjs';
import { atHash, nowSeconds, serveJwks, signingKey } from './support/jwt.mjs';

const ORIGIN = 'https://app.example';
const browser = installBrowser(ORIGIN);
const { completeSignIn, rememberAttempt, silentSignIn, takeAttempt, takeCallback } = await import(new URL('oidc.js', ASSETS));
const { keySet } = await import(new URL('keyset.js', ASSETS));

const ISSUER = 'https://idp.example/realms/demo';
const JWKS_URI = `${ISSUER}/protocol/openid-connect/certs`;
const TOKEN_ENDPOINT = `${ISSUER}/protocol/openid-connect/token`;
const KEY = signingKey('RS256');
const PROVIDER = {
  issuer: ISSUER,
  issInResponses: true,
  authorizationEndpoint: `${ISSUER}/protocol/openid-connect/auth`,
  tokenEndpoint: null,
  endSessionEndpoint: null,
  keys: keySet(JWKS_URI),
};
const CLIENT = {
  clientId: 'login-page', scope: 'openid', flow: 'implicit', algorithm: 'RS256',
  silentCallbackUrl: `${ORIGIN}/silent-callback`,
};
const SUBJECT = 'subject-of-the-user';
const TEN_MINUTES_MS = 600_000;

function attempt(overrides = {}) {
  return {
    flow: 'implicit', state: 'state-of-this-attempt', nonce: 'nonce-of-this-attempt', codeVerifier: null,
    redirectUri: `${ORIGIN}/callback`, createdAt: Date.now(), ...overrides,
  };
}

function idToken(nonce, { sub = SUBJECT, accessToken = 'access-token' } = {}) {
  return KEY.sign({
    iss: ISSUER, sub, aud: CLIENT.clientId, exp: nowSeconds() + 300, iat: nowSeconds(), nonce,
    at_hash: atHash('RS256', accessToken),
  });
}

// As Keycloak answers: with iss (RFC 9207) after the tokens.
function implicitResponse({ state, nonce }, { sub } = {}) {
  serveJwks(JWKS_URI, [KEY]);
  return new URLSearchParams({
    state, access_token: 'access-token', id_token: idToken(nonce, { sub }), token_type: 'Bearer', expires_in: '300', iss: ISSUER,
  });
}

async function message(promise) {
  const error = await promise.then(() => assert.fail('signed in'), (e) => e);
  assert.equal(error.constructor.name, 'SignInError');
  return error.message;
}

const ANSWERED_IN_QUERY = 'The sign-in response arrived in the address\'s query instead of its fragment, so nobody was signed in. Please sign in again.';
const WITHOUT_ISS = 'The sign-in response does not say which identity provider sent it, so nobody was signed in. Please sign in again.';
const OTHER_ISS = 'The sign-in response came from a different identity provider, so nobody was signed in.';
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
  async function startSilentSignIn({ signedIn, sub } = {}) {
    const signIn = silentSignIn(PROVIDER, CLIENT, signedIn);
    const frame = await waitForFrame();
    const url = new URL(frame.src);
    assert.equal(url.searchParams.get('prompt'), 'none');
    const response = implicitResponse({ state: url.searchParams.get('state'), nonce: url.searchParams.get('nonce') }, { sub })
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
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', fragment: response, query: '' } });
    assert.equal((await signIn).accessToken, 'access-token');
    assert.ok(frame.removed);
    assert.ok(!browser.listening());
  });

  test('keeps the person signed in when the renewal answers for the same subject', async () => {
    const { signIn, frame, response } = await startSilentSignIn({ signedIn: SUBJECT, sub: SUBJECT });
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', fragment: response, query: '' } });
    assert.equal((await signIn).subject, SUBJECT);
  });

  test('refuses a renewal that answers for another subject than the one signed in', async () => {
    const { signIn, frame, response } = await startSilentSignIn({ signedIn: SUBJECT, sub: 'subject-of-another-user' });
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', fragment: response, query: '' } });
    const error = await signIn.then(() => assert.fail('switched users'), (e) => e);
    assert.equal(error.constructor.name, 'AnotherUserError');
    assert.equal(error.message, 'Someone else is now signed in at the identity provider, so this page signed you out. Please sign in again.');
  });

  test('refuses an answer that came in the query', async () => {
    const { signIn, frame, response } = await startSilentSignIn();
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', fragment: '', query: response } });
    assert.equal(await message(signIn), ANSWERED_IN_QUERY);
    assert.ok(frame.removed);
  });

  test('ignores answers from another origin, another window or of another type', async () => {
    const { signIn, frame, response } = await startSilentSignIn();
    const data = { type: 'dwauth:silent-callback', fragment: response, query: '' };
    browser.deliver({ origin: 'https://evil.example', source: frame.contentWindow, data });
    browser.deliver({ origin: ORIGIN, source: { name: 'another window' }, data });
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { ...data, type: 'other' } });
    browser.deliver({ origin: ORIGIN, source: frame.contentWindow, data: { type: 'dwauth:silent-callback', fragment: 42, query: '' } });
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

describe('iss in the authorization response (RFC 9207)', () => {
  const WITHOUT_FLAG = { ...PROVIDER, issInResponses: false };

  function without(params, name) {
    params.delete(name);
    return params;
  }

  test('refuses a response without iss when discovery announces it, before looking at the state', async () => {
    const response = without(implicitResponse(attempt({ state: 'state-of-another-attempt' })), 'iss');
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)), WITHOUT_ISS);
  });

  test('refuses an error response without iss before showing the error', async () => {
    const response = new URLSearchParams({ error: 'login_required', state: attempt().state });
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)), WITHOUT_ISS);
  });

  test('shows an error response that names the issuer', async () => {
    const response = new URLSearchParams({ error: 'login_required', state: attempt().state, iss: ISSUER });
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)),
      'You are not signed in at the identity provider.');
  });

  test('refuses another iss before looking at the state or the error', async () => {
    const response = new URLSearchParams({ error: 'access_denied', iss: 'https://idp.example/realms/other' });
    assert.equal(await message(completeSignIn(response, null, PROVIDER, CLIENT)), OTHER_ISS);
  });

  test('refuses a second iss beside the right one', async () => {
    const response = implicitResponse(attempt());
    response.append('iss', 'https://idp.example/realms/other');
    assert.equal(await message(completeSignIn(response, attempt(), PROVIDER, CLIENT)), OTHER_ISS);
  });

  test('refuses a code response without iss before any token request', async () => {
    const requests = [];
    globalThis.fetch = async (url) => requests.push(String(url));
    const pending = attempt({ flow: 'code', codeVerifier: 'verifier' });
    const response = new URLSearchParams({ code: 'the-code', state: pending.state });
    assert.equal(await message(completeSignIn(response, pending, { ...PROVIDER, tokenEndpoint: TOKEN_ENDPOINT },
      { ...CLIENT, flow: 'code' })), WITHOUT_ISS);
    assert.deepEqual(requests, []);
  });

  test('takes a response without iss when discovery does not announce it', async () => {
    const pending = attempt();
    const tokens = await completeSignIn(without(implicitResponse(pending), 'iss'), pending, WITHOUT_FLAG, CLIENT);
    assert.equal(tokens.subject, SUBJECT);
  });

  test('refuses another iss even when discovery does not announce it', async () => {
    const pending = attempt();
    const response = implicitResponse(pending);
    response.set('iss', 'https://idp.example/realms/other');
    assert.equal(await message(completeSignIn(response, pending, WITHOUT_FLAG, CLIENT)), OTHER_ISS);
  });
});

describe('callback page', () => {
  function visit(hash, search) {
    const addressBar = [];
    globalThis.location = { origin: ORIGIN, pathname: '/callback', hash, search };
    globalThis.history = { replaceState: (state, title, url) => addressBar.push(url) };
    return addressBar;
  }

  test('takes the answer out of the address bar and the pending attempt out of storage at once', () => {
    rememberAttempt(attempt());
    const addressBar = visit('#state=s&code=c', '');
    const callback = takeCallback();
    assert.equal(callback.fragment, 'state=s&code=c');
    assert.equal(callback.attempt.state, 'state-of-this-attempt');
    assert.deepEqual(addressBar, ['/callback']);
    assert.equal(sessionStorage.getItem('dwauth.pending'), null);
  });

  test('leaves nothing pending for a second visit with the same answer', () => {
    rememberAttempt(attempt());
    visit('#state=s&code=c', '');
    takeCallback();
    visit('#state=s&code=c', '');
    assert.equal(takeCallback().attempt, null);
  });
});

describe('authorization response', async () => {
  const { authorizationResponse } = await import(new URL('response.js', ASSETS));

  test('is read from the fragment', () => {
    assert.equal(authorizationResponse('state=s&code=c', '').get('code'), 'c');
  });

  for (const name of ['state', 'code', 'error', 'access_token', 'id_token', 'iss']) {
    test(`is refused when the query carries ${name}, even beside a fragment`, () => {
      assert.throws(() => authorizationResponse('state=s&code=c', `${name}=x`),
        (error) => error.constructor.name === 'SignInError' && error.message === ANSWERED_IN_QUERY);
    });
  }

  test('is absent when the fragment is empty and the query carries none of its parameters', () => {
    assert.equal(authorizationResponse('', 'utm_source=mail'), null);
  });
});

describe('discovery', async () => {
  const { discover } = await import(new URL('oidc.js', ASSETS));
  const HTTPS = 'https://idp.example/realms/demo';
  const LOOPBACK = 'http://localhost:8081/realms/demo';

  function metadata(issuer, overrides = {}) {
    return {
      issuer,
      authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
      token_endpoint: `${issuer}/protocol/openid-connect/token`,
      jwks_uri: `${issuer}/protocol/openid-connect/certs`,
      end_session_endpoint: `${issuer}/protocol/openid-connect/logout`,
      authorization_response_iss_parameter_supported: true,
      ...overrides,
    };
  }

  function serve(document) {
    globalThis.fetch = async (url) => (String(url) === `${document.issuer}/.well-known/openid-configuration`
      ? Response.json(document) : new Response('not found', { status: 404 }));
  }

  test('reads the endpoints and whether every response names its issuer', async () => {
    serve(metadata(HTTPS));
    const provider = await discover(HTTPS);
    assert.equal(provider.tokenEndpoint, `${HTTPS}/protocol/openid-connect/token`);
    assert.equal(provider.issInResponses, true);
  });

  test('takes iss as optional when the document does not announce it', async () => {
    serve(metadata(HTTPS, { authorization_response_iss_parameter_supported: undefined }));
    assert.equal((await discover(HTTPS)).issInResponses, false);
  });

  for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) {
    test(`refuses a plain http ${name} behind an https authority`, async () => {
      serve(metadata(HTTPS, { [name]: `http://idp.example/realms/demo/${name}` }));
      const error = await discover(HTTPS).then(() => assert.fail('discovered'), (e) => e);
      assert.equal(error.message, `The identity provider announced a plain http endpoint (${name}) although it is itself reached over https, so signing in is refused. Please tell an administrator.`);
    });
  }

  test('takes plain http endpoints behind a loopback http authority', async () => {
    serve(metadata(LOOPBACK));
    assert.equal((await discover(LOOPBACK)).authorizationEndpoint, `${LOOPBACK}/protocol/openid-connect/auth`);
  });

  test('refuses a document without jwks_uri, as the ID token could not be verified', async () => {
    serve(metadata(HTTPS, { jwks_uri: undefined }));
    const error = await discover(HTTPS).then(() => assert.fail('discovered'), (e) => e);
    assert.equal(error.message, 'The identity provider announced an endpoint (jwks_uri) that is not a web address.');
  });
});
