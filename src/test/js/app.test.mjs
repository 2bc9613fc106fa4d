import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { installPage, settle } from './support/page.mjs';
import { nowSeconds, signingKey } from './support/jwt.mjs';

const ORIGIN = 'https://app.example';
const ISSUER = 'https://idp.example/realms/demo';
const CLIENT_ID = 'login-page';
const KEY = signingKey('RS256');
const SUBJECT = 'subject-of-the-user';
const NONCE = 'nonce-of-this-attempt';
const STATE = 'state-of-this-attempt';
const TOKEN_ENDPOINT = `${ISSUER}/protocol/openid-connect/token`;
const JWKS_URI = `${ISSUER}/protocol/openid-connect/certs`;
const RENEWAL_DELAY_MS = 4 * 60_000;

function idToken(nonce, sub = SUBJECT) {
  return KEY.sign({ iss: ISSUER, sub, aud: CLIENT_ID, exp: nowSeconds() + 300, iat: nowSeconds(), nonce });
}

// The example application and Keycloak as the page sees them, for the code flow.
function routes({ tokens = () => ({ access_token: 'access-token', id_token: idToken(NONCE), token_type: 'Bearer', expires_in: 300 }) } = {}) {
  return (url) => {
    if (url.endsWith('/api/v1/system/config/auth')) {
      return Response.json({
        clientType: 'public', responseType: 'code', authority: ISSUER, clientId: CLIENT_ID, scope: 'openid',
        callbackUrl: `${ORIGIN}/callback`, tokenValidationAlgorithm: 'RS256',
        loginPage: { path: '/', callbackPath: '/callback', silentCallbackPath: '/silent-callback' },
      });
    }
    if (url === `${ISSUER}/.well-known/openid-configuration`) {
      return Response.json({
        issuer: ISSUER, authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`, token_endpoint: TOKEN_ENDPOINT,
        jwks_uri: JWKS_URI, authorization_response_iss_parameter_supported: true,
      });
    }
    if (url === TOKEN_ENDPOINT) {
      return Response.json(tokens());
    }
    if (url === JWKS_URI) {
      return Response.json({ keys: [KEY.jwk] });
    }
    if (url.endsWith('/api/v1/users/loggedInUser')) {
      return Response.json({ name: 'the user', email: 'user@example.test', isAdmin: false, roles: [] });
    }
    return undefined;
  };
}

const PENDING = JSON.stringify({
  flow: 'code', state: STATE, nonce: NONCE, codeVerifier: 'verifier-of-this-attempt',
  redirectUri: `${ORIGIN}/callback`, createdAt: Date.now(),
});

const ANSWER = `state=${STATE}&code=the-code&iss=${encodeURIComponent(ISSUER)}`;

// The callback page with this attempt pending and Keycloak's answer in the address; renewal timers are the test's.
async function callbackPage(t, address) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const page = installPage({ origin: ORIGIN, page: 'callback', ...address, storage: { 'dwauth.pending': PENDING }, routes: routes() });
  await page.load();
  return page;
}

describe('callback page', () => {
  test('takes the pending attempt out of storage before its first request', async (t) => {
    const page = await callbackPage(t, { hash: `#${ANSWER}` });
    await settle(() => page.elements.app.dataset.state === 'signed-in');
    assert.ok(page.fetches.some((fetched) => fetched.url === TOKEN_ENDPOINT), 'the code was redeemed');
    assert.deepEqual(page.fetches.filter((fetched) => fetched.storage.has('dwauth.pending')).map((fetched) => fetched.url), []);
  });

  test('refuses an answer in the query and redeems nothing', async (t) => {
    const page = await callbackPage(t, { search: `?${ANSWER}` });
    await settle(() => page.elements.app.dataset.state === 'error');
    assert.equal(page.elements.error.textContent,
      'The sign-in response arrived in the address\'s query instead of its fragment, so nobody was signed in. Please sign in again.');
    assert.deepEqual(page.fetches.filter((fetched) => fetched.url === TOKEN_ENDPOINT), []);
    assert.equal(page.storage.get('dwauth.pending'), undefined);
  });
});

describe('renewal', () => {
  async function signedInPage(t) {
    const page = await callbackPage(t, { hash: `#${ANSWER}` });
    await settle(() => page.elements.app.dataset.state === 'signed-in');
    return page;
  }

  async function renewAs(t, page, sub) {
    t.mock.timers.tick(RENEWAL_DELAY_MS);
    await settle(() => page.frames.length === 1 && page.frames[0].src);
    const nonce = new URL(page.frames[0].src).searchParams.get('nonce');
    const state = new URL(page.frames[0].src).searchParams.get('state');
    const renewed = { access_token: 'renewed-access-token', id_token: idToken(nonce, sub), token_type: 'Bearer', expires_in: 300 };
    const fragment = new URLSearchParams({ state, code: 'renewal-code', iss: ISSUER }).toString();
    page.fetches.length = 0;
    const redeem = routes({ tokens: () => renewed });
    globalThis.fetch = async (url, init = {}) => {
      page.fetches.push({ url: String(url), headers: init.headers ?? {} });
      return redeem(String(url), init) ?? new Response('not found', { status: 404 });
    };
    page.deliver({ origin: ORIGIN, source: page.frames[0].contentWindow, data: { type: 'dwauth:silent-callback', fragment, query: '' } });
  }

  test('keeps the person signed in with the renewed tokens when the subject is the same', async (t) => {
    const page = await signedInPage(t);
    await renewAs(t, page, SUBJECT);
    await settle(() => page.fetches.some((fetched) => fetched.url.endsWith('/api/v1/users/loggedInUser')));
    assert.equal(page.elements.app.dataset.state, 'signed-in');
    assert.equal(page.storage.get('dwauth.signedIn'), SUBJECT);
  });

  test('signs the page out when the renewal answers for another subject, and never calls the API as them', async (t) => {
    const page = await signedInPage(t);
    await renewAs(t, page, 'subject-of-another-user');
    await settle(() => page.elements.app.dataset.state === 'signed-out');
    assert.equal(page.elements.status.textContent,
      'Someone else is now signed in at the identity provider, so this page signed you out. Please sign in again.');
    assert.equal(page.storage.get('dwauth.signedIn'), undefined);
    assert.deepEqual(page.fetches.filter((fetched) => fetched.url.includes('/api/v1/')), []);
  });
});
