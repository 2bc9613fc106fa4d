// The authorization response as it arrives: where the page reads it from, and who sent it.

import { SignInError } from './errors.js';

// The parameters an authorization response can carry (RFC 6749 4.1.2, 4.2.2, OIDC Core 3.2.2.5, RFC 9207).
const RESPONSE_PARAMETERS = ['state', 'code', 'error', 'access_token', 'id_token', 'iss'];

// The page asks for response_mode=fragment in both flows, so a response is read from the fragment
// only. One in the query was not sent by the provider the page asked, or has been through server
// logs and Referer headers on its way: it is refused, not read. Null when there is no response.
export function authorizationResponse(fragment, query) {
  const inQuery = new URLSearchParams(query);
  if (RESPONSE_PARAMETERS.some((name) => inQuery.has(name))) {
    throw new SignInError('The sign-in response arrived in the address\'s query instead of its fragment, so nobody was signed in. Please sign in again.');
  }
  const params = new URLSearchParams(fragment);
  return params.toString() ? params : null;
}

// RFC 9207: a provider that announces authorization_response_iss_parameter_supported names itself in
// every response, errors included, so a response without iss was not made by it; a present iss must
// be the configured issuer in any case. This check comes before anything else is read.
export function checkResponseIssuer(params, provider) {
  const issuers = params.getAll('iss');
  if (issuers.length === 0 && provider.issInResponses) {
    throw new SignInError('The sign-in response does not say which identity provider sent it, so nobody was signed in. Please sign in again.');
  }
  if (issuers.length > 1 || issuers.some((iss) => iss !== provider.issuer)) {
    throw new SignInError('The sign-in response came from a different identity provider, so nobody was signed in.');
  }
}
