// The OpenID Connect client of the login page: implicit flow (response_type "id_token token", as
// OpenMetadata uses it) or authorization code with PKCE (S256), both with the response in the URL
// fragment so that neither tokens nor codes reach any server log.

import { digest, base64UrlEncode, randomToken } from './encoding.js';
import { AnotherUserError, SignInError } from './errors.js';
import { validateIdToken } from './tokens.js';
import { createProof } from './dpop.js';
import { keySet } from './keyset.js';
import { fetchProviderJson } from './provider-json.js';
import { authorizationResponse, checkResponseIssuer } from './response.js';

const PENDING_KEY = 'dwauth.pending';
const ATTEMPT_LIFETIME_MS = 10 * 60 * 1000;
const SILENT_TIMEOUT_MS = 10 * 1000;
export const SILENT_MESSAGE_TYPE = 'dwauth:silent-callback';

export async function discover(authority) {
  const unreachable = new SignInError('The identity provider cannot be reached right now. Please try again in a moment.');
  const url = authority.replace(/\/+$/, '') + '/.well-known/openid-configuration';
  const metadata = await fetchProviderJson(url, unreachable);
  // OIDC Discovery 4.3: the issuer must be exactly the URL the document was found under.
  if (metadata.issuer !== authority) {
    throw new SignInError('The identity provider describes itself with a different issuer than configured.');
  }
  const endpoint = (name) => endpointUrl(metadata[name], name, new URL(authority).protocol);
  return {
    issuer: metadata.issuer,
    issInResponses: metadata.authorization_response_iss_parameter_supported === true,
    authorizationEndpoint: endpoint('authorization_endpoint'),
    tokenEndpoint: metadata.token_endpoint ? endpoint('token_endpoint') : null,
    endSessionEndpoint: metadata.end_session_endpoint ? endpoint('end_session_endpoint') : null,
    keys: keySet(endpoint('jwks_uri')),
  };
}

// Only http(s) addresses are ever navigated to or fetched, whatever the discovery document says; and
// behind an https authority only https ones, so that no code, token or key travels in the clear.
function endpointUrl(value, name, authorityProtocol) {
  const notWeb = new SignInError(`The identity provider announced an endpoint (${name}) that is not a web address.`);
  let url;
  try {
    url = new URL(value);
  } catch {
    throw notWeb;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw notWeb;
  }
  if (authorityProtocol === 'https:' && url.protocol !== 'https:') {
    throw new SignInError(`The identity provider announced a plain http endpoint (${name}) although it is itself reached over https, so signing in is refused. Please tell an administrator.`);
  }
  return url.href;
}

export function createAttempt(client, redirectUri) {
  return {
    flow: client.flow,
    state: randomToken(),
    nonce: randomToken(),
    codeVerifier: client.flow === 'code' ? randomToken() : null,
    redirectUri,
    createdAt: Date.now(),
  };
}

export async function authorizeUrl(provider, client, attempt, prompt) {
  const url = new URL(provider.authorizationEndpoint);
  const params = url.searchParams;
  params.set('client_id', client.clientId);
  params.set('redirect_uri', attempt.redirectUri);
  params.set('scope', client.scope);
  params.set('state', attempt.state);
  params.set('nonce', attempt.nonce);
  params.set('response_mode', 'fragment');
  if (attempt.flow === 'code') {
    params.set('response_type', 'code');
    params.set('code_challenge', base64UrlEncode(await digest('SHA-256', attempt.codeVerifier)));
    params.set('code_challenge_method', 'S256');
  } else {
    params.set('response_type', 'id_token token');
  }
  if (prompt) {
    params.set('prompt', prompt);
  }
  return url.href;
}

// The attempt survives the round trip to the provider in sessionStorage (this tab only) and is
// removed as soon as it is read, so each state is accepted at most once.
export function rememberAttempt(attempt) {
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(attempt));
}

// On the callback page, before the page makes any request: the answer leaves the address bar and the
// pending attempt leaves storage, so a replayed or racing callback finds neither.
export function takeCallback() {
  const callback = { fragment: location.hash.slice(1), query: location.search.slice(1) };
  history.replaceState(null, '', location.pathname);
  return { ...callback, attempt: takeAttempt() };
}

export function takeAttempt() {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) {
    return null;
  }
  const attempt = JSON.parse(stored);
  return Date.now() - attempt.createdAt < ATTEMPT_LIFETIME_MS ? attempt : null;
}

// Turns an authorization response into verified tokens, or throws a SignInError in plain words.
export async function completeSignIn(params, attempt, provider, client) {
  checkResponseIssuer(params, provider);
  if (!attempt || !params.get('state') || params.get('state') !== attempt.state) {
    throw new SignInError('This sign-in response does not belong to a sign-in started on this page, so nobody was signed in. Please sign in again.');
  }
  if (params.has('error')) {
    throw new SignInError(describeError(params.get('error'), params.get('error_description')));
  }
  const tokens = attempt.flow === 'code'
    ? await redeemCode(params.get('code'), attempt, provider, client)
    : { access_token: params.get('access_token'), id_token: params.get('id_token'),
        token_type: params.get('token_type'), expires_in: params.get('expires_in') };
  // With a DPoP key the provider may bind the token to it (token_type DPoP), or, not supporting DPoP, not.
  const tokenType = String(tokens.token_type).toLowerCase();
  if (!tokens.access_token || !tokens.id_token || !(tokenType === 'bearer' || (tokenType === 'dpop' && client.dpopKey))) {
    throw new SignInError('The identity provider did not send the expected tokens.');
  }
  const claims = await validateIdToken(tokens.id_token, {
    issuer: provider.issuer,
    algorithm: client.algorithm,
    keys: provider.keys,
    clientId: client.clientId,
    nonce: attempt.nonce,
    accessToken: tokens.access_token,
    requireAtHash: attempt.flow !== 'code',
  });
  const lifetimeSeconds = Number(tokens.expires_in);
  return {
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    subject: claims.sub,
    tokenType: tokenType === 'dpop' ? 'DPoP' : 'Bearer',
    expiresAt: Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0
      ? Date.now() + lifetimeSeconds * 1000
      : claims.exp * 1000,
  };
}

async function redeemCode(code, attempt, provider, client) {
  if (!code) {
    throw new SignInError('The identity provider did not send an authorization code.');
  }
  if (!provider.tokenEndpoint) {
    throw new SignInError('The identity provider has no token endpoint, so the code flow cannot be used.');
  }
  let response;
  try {
    // RFC 9449 section 5: a proof on the token request asks the provider to bind the tokens to the key.
    const headers = client.dpopKey ? { DPoP: await createProof(client.dpopKey, 'POST', provider.tokenEndpoint) } : {};
    response = await fetch(provider.tokenEndpoint, {
      method: 'POST',
      headers,
      credentials: 'omit',
      cache: 'no-store',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: attempt.redirectUri,
        client_id: client.clientId,
        code_verifier: attempt.codeVerifier,
      }),
    });
  } catch {
    throw new SignInError('The identity provider cannot be reached to finish signing in. Please try again.');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new SignInError(describeError(body.error || 'server_error', body.error_description));
  }
  return body;
}

// prompt=none in a hidden iframe: the provider answers at once from its own session, without any page.
// With the subject of the person signed in, an answer for anyone else is refused as AnotherUserError.
export async function silentSignIn(provider, client, subject) {
  const attempt = createAttempt(client, client.silentCallbackUrl);
  const url = await authorizeUrl(provider, client, attempt, 'none');
  const params = await new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.title = 'Session renewal';
    const timer = setTimeout(() => finish(() => {
      throw new SignInError('The identity provider did not answer the session renewal in time.');
    }), SILENT_TIMEOUT_MS);
    function onMessage(event) {
      const data = event.data;
      if (event.origin !== location.origin || event.source !== frame.contentWindow || data?.type !== SILENT_MESSAGE_TYPE
          || typeof data.fragment !== 'string' || typeof data.query !== 'string') {
        return;
      }
      finish(() => authorizationResponse(data.fragment, data.query) ?? new URLSearchParams());
    }
    function finish(read) {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      try {
        resolve(read());
      } catch (error) {
        reject(error);
      }
    }
    window.addEventListener('message', onMessage);
    frame.src = url;
    document.body.append(frame);
  });
  const tokens = await completeSignIn(params, attempt, provider, client);
  if (subject && tokens.subject !== subject) {
    throw new AnotherUserError('Someone else is now signed in at the identity provider, so this page signed you out. Please sign in again.');
  }
  return tokens;
}

export function endSessionUrl(provider, client, idToken) {
  if (!provider.endSessionEndpoint) {
    return null;
  }
  const url = new URL(provider.endSessionEndpoint);
  if (idToken) {
    url.searchParams.set('id_token_hint', idToken);
  }
  url.searchParams.set('post_logout_redirect_uri', client.homeUrl);
  url.searchParams.set('client_id', client.clientId);
  return url.href;
}

export function describeError(code, description) {
  const reasons = {
    access_denied: 'Sign-in was cancelled or refused.',
    login_required: 'You are not signed in at the identity provider.',
    interaction_required: 'The identity provider needs you to sign in again.',
    consent_required: 'The identity provider needs your consent before you can sign in.',
    temporarily_unavailable: 'The identity provider is busy. Please try again in a moment.',
    server_error: 'The identity provider ran into a problem. Please try again in a moment.',
    invalid_grant: 'The sign-in took too long or was already used. Please sign in again.',
  };
  const reason = reasons[code]
    || `Sign-in failed because this application is not set up correctly at the identity provider (${code}). Please tell an administrator.`;
  return description ? `${reason} The identity provider said: “${description}”` : reason;
}
