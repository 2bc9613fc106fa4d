// The login page: shows who is signed in, signs in and out, keeps the session alive.
// Tokens live only in this script's memory. sessionStorage holds the one pending sign-in attempt
// (state, nonce, PKCE verifier) and a flag saying this tab was signed in, never a token; a reload
// gets fresh tokens from the provider's session through the hidden iframe instead.

import { AnotherUserError, SignInError } from './errors.js';
import {
  authorizeUrl, completeSignIn, createAttempt, discover, endSessionUrl,
  rememberAttempt, silentSignIn, takeCallback,
} from './oidc.js';
import { authorizationResponse } from './response.js';
import { renewalDelay } from './renewal.js';
import { serverSession } from './session.js';
import { createProof, dpopKey, forgetDpopKey, serverOffersDpop } from './dpop.js';

const SIGNED_IN_KEY = 'dwauth.signedIn';
const page = document.body.dataset.page;

// Read the callback's answer, take it out of the address bar and the pending attempt out of storage
// before anything else happens, the first request included.
const callback = page === 'callback' ? takeCallback() : null;

const appRoot = new URL('../', import.meta.url);
const view = {
  app: document.getElementById('app'),
  title: document.getElementById('title'),
  status: document.getElementById('status'),
  error: document.getElementById('error'),
  signedOut: document.getElementById('signed-out'),
  signedIn: document.getElementById('signed-in'),
  signIn: document.getElementById('sign-in'),
  signOut: document.getElementById('sign-out'),
  adminCheck: document.getElementById('admin-check'),
  adminResult: document.getElementById('admin-result'),
  userName: document.getElementById('user-name'),
  userEmail: document.getElementById('user-email'),
  userAdmin: document.getElementById('user-admin'),
  userRoles: document.getElementById('user-roles'),
};

let signInTitle = 'Sign in';
let client = null;
let provider = null;
let session = null;
let renewTimer = null;
let server = null;

async function start() {
  view.signIn.addEventListener('click', () => run(signIn));
  view.signOut.addEventListener('click', () => run(signOut));
  view.adminCheck.addEventListener('click', () => run(checkAdmin));

  const config = await fetchJson(new URL('api/v1/system/config/auth', appRoot));
  client = clientFrom(config);
  signInTitle = config.providerName ? `Sign in with ${config.providerName}` : 'Sign in';
  view.title.textContent = signInTitle;
  if (config.clientType === 'confidential') {
    server = serverSession(appRoot);
    await showServerSession(config);
    return;
  }
  if (page === 'callback') {
    history.replaceState(null, '', client.homeUrl);
  }
  if (new URL(client.callbackUrl).origin !== location.origin) {
    throw new SignInError('This page is configured with a callback URL on another site, so signing in cannot work. Please tell an administrator.');
  }
  provider = await discover(config.authority);
  // The implicit flow has no token request to carry a proof, so only code + PKCE can bind tokens.
  if (client.flow === 'code' && await serverOffersDpop(new URL('.well-known/oauth-protected-resource', appRoot))) {
    client.dpopKey = await dpopKey();
  }

  // A visit to the callback page without any answer is treated as a visit to the page itself.
  const response = callback ? authorizationResponse(callback.fragment, callback.query) : null;
  if (response) {
    showBusy('Signing you in…');
    await signedIn(await completeSignIn(response, callback.attempt, provider, client));
  } else if (sessionStorage.getItem(SIGNED_IN_KEY)) {
    showBusy('Restoring your session…');
    await restore();
  } else if (config.enableAutoRedirect) {
    await signIn();
  } else {
    showSignedOut('You are not signed in.');
  }
}

// The cookie, if any, is sent along; whether it is still a session only the server can say.
async function showServerSession(config) {
  const user = await callApi('api/v1/users/loggedInUser');
  if (user) {
    showSignedIn(user);
  } else if (config.enableAutoRedirect) {
    server.signIn();
  }
}

function clientFrom(config) {
  const underRoot = (path) => new URL(path.replace(/^\//, ''), appRoot).href;
  return {
    clientId: config.clientId,
    scope: config.scope,
    flow: config.responseType === 'code' ? 'code' : 'implicit',
    algorithm: config.tokenValidationAlgorithm,
    callbackUrl: config.callbackUrl || underRoot(config.loginPage.callbackPath),
    silentCallbackUrl: underRoot(config.loginPage.silentCallbackPath),
    homeUrl: underRoot(config.loginPage.path),
  };
}

async function signIn() {
  if (server) {
    showBusy('Taking you to the sign-in page…');
    server.signIn();
    return;
  }
  showBusy('Taking you to the sign-in page…');
  const attempt = createAttempt(client, client.callbackUrl);
  const url = await authorizeUrl(provider, client, attempt, null);
  rememberAttempt(attempt);
  location.assign(url);
}

// The tab remembers whom it had signed in, so a reload, too, never switches to another person.
async function restore() {
  try {
    await signedIn(await silentSignIn(provider, client, sessionStorage.getItem(SIGNED_IN_KEY)));
  } catch (error) {
    if (!(error instanceof SignInError)) {
      throw error;
    }
    forget();
    showSignedOut(error instanceof AnotherUserError ? error.message : 'You are not signed in.');
  }
}

// The view shows the server's answer about the caller, never the ID token's claims: what the API
// accepts is what counts.
async function signedIn(tokens) {
  session = tokens;
  sessionStorage.setItem(SIGNED_IN_KEY, tokens.subject);
  scheduleRenewal();
  let user;
  try {
    user = await callApi('api/v1/users/loggedInUser');
  } catch (error) {
    forget();
    throw error;
  }
  if (user) {
    showSignedIn(user);
  }
}

function scheduleRenewal() {
  clearTimeout(renewTimer);
  renewTimer = setTimeout(() => run(renew), renewalDelay(session.expiresAt - Date.now()));
}

async function renew() {
  let tokens;
  try {
    tokens = await silentSignIn(provider, client, session.subject);
  } catch (error) {
    if (!(error instanceof SignInError) || !session) {
      throw error;
    }
    if (error instanceof AnotherUserError) {
      forget();
      showSignedOut(error.message);
      return;
    }
    // The current token is still good until it expires; only then is the person told.
    clearTimeout(renewTimer);
    renewTimer = setTimeout(expire, Math.max(0, session.expiresAt - Date.now()));
    return;
  }
  await signedIn(tokens);
}

function expire() {
  forget();
  showSignedOut('Your session has expired. Please sign in again.', 'expired');
}

function forget() {
  clearTimeout(renewTimer);
  session = null;
  sessionStorage.removeItem(SIGNED_IN_KEY);
}

async function signOut() {
  if (server) {
    showBusy('Signing you out…');
    server.signOut();
    return;
  }
  // Busy at once, before the key store is cleared: the signed-in view must not linger meanwhile.
  showBusy('Signing you out…');
  const idToken = session?.idToken;
  forget();
  await forgetDpopKey();
  const url = endSessionUrl(provider, client, idToken);
  if (url) {
    location.assign(url);
  } else {
    showSignedOut('You are signed out of this page. The identity provider offers no way to end its own session.');
  }
}

async function checkAdmin() {
  view.adminResult.textContent = 'Checking…';
  const response = await authorizedFetch('api/v1/admin/ping');
  if (!response) {
    return;
  }
  view.adminResult.textContent = response.ok
    ? 'Access granted: the admin endpoint answered.'
    : response.status === 403
      ? 'Access denied (403): you are not an administrator.'
      : `The admin endpoint answered with HTTP ${response.status}.`;
  view.adminResult.dataset.status = String(response.status);
}

async function callApi(path) {
  const response = await authorizedFetch(path);
  if (!response) {
    return null;
  }
  if (!response.ok) {
    throw new Error(`The server answered ${path} with HTTP ${response.status}.`);
  }
  return response.json();
}

// Any 401 means the token is no longer accepted: the person is told to sign in again.
async function authorizedFetch(path) {
  if (server) {
    const response = await server.fetch(path);
    if (response.status === 401) {
      showSignedOut('You are not signed in.');
      return null;
    }
    return response;
  }
  if (!session) {
    expire();
    return null;
  }
  const url = new URL(path, appRoot);
  let response = await fetch(url, await requestOptions(url, null));
  const nonce = response.headers.get('DPoP-Nonce');
  if (response.status === 401 && nonce && session.tokenType === 'DPoP') {
    response = await fetch(url, await requestOptions(url, nonce));
  }
  if (response.status === 401) {
    expire();
    return null;
  }
  return response;
}

// A DPoP-bound token goes with a fresh proof for this very request; a bearer token alone.
async function requestOptions(url, nonce) {
  const headers = { Authorization: `${session.tokenType} ${session.accessToken}`, Accept: 'application/json' };
  if (session.tokenType === 'DPoP') {
    headers.DPoP = await createProof(client.dpopKey, 'GET', url.href, session.accessToken, nonce);
  }
  return { headers, credentials: 'omit', cache: 'no-store' };
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`The server answered ${url.pathname} with HTTP ${response.status}.`);
  }
  return response.json();
}

function showBusy(message) {
  setState('busy', message);
}

function showSignedOut(message, state = 'signed-out') {
  setState(state, message);
  view.signedOut.hidden = false;
  view.userName.textContent = '';
  view.userEmail.textContent = '';
  view.userAdmin.textContent = '';
  view.userRoles.textContent = '';
  view.adminResult.textContent = '';
  delete view.adminResult.dataset.status;
}

function showSignedIn(user) {
  setState('signed-in', 'You are signed in.');
  view.error.hidden = true;
  view.signedIn.hidden = false;
  view.userName.textContent = user.name ?? '';
  view.userEmail.textContent = user.email ?? '';
  view.userAdmin.textContent = user.isAdmin ? 'Yes' : 'No';
  view.userRoles.textContent = Array.isArray(user.roles) && user.roles.length ? user.roles.join(', ') : 'none';
}

function setState(state, message) {
  view.app.dataset.state = state;
  view.title.textContent = state === 'signed-in' ? 'Your account' : signInTitle;
  document.title = view.title.textContent;
  // Rewriting an unchanged live region would make screen readers repeat it at every renewal.
  if (view.status.textContent !== message) {
    view.status.textContent = message;
  }
  view.signedOut.hidden = true;
  view.signedIn.hidden = true;
}

function showError(error) {
  view.error.textContent = error instanceof SignInError
    ? error.message
    : 'Something went wrong. Please reload the page and try again.';
  view.error.hidden = false;
  if (!(error instanceof SignInError)) {
    console.error(error);
  }
  if (session) {
    return;
  }
  if (client && provider) {
    forget();
    showSignedOut('You are not signed in.', 'error');
  } else {
    setState('error', 'The sign-in page could not start.');
  }
}

async function run(action) {
  view.error.hidden = true;
  try {
    await action();
  } catch (error) {
    showError(error);
  }
}

run(start);
