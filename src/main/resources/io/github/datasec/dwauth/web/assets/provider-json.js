// A JSON document of the identity provider (discovery, keys): fetched without cookies and past any
// cache, and every way it can fail (no answer, an error status, a body that is not JSON) ends in the
// one error the caller chose, so a page never shows a network detail.
export async function fetchProviderJson(url, unreachable) {
  const response = await fetch(url, { credentials: 'omit', cache: 'no-store' }).catch(() => {
    throw unreachable;
  });
  if (!response.ok) {
    throw unreachable;
  }
  return response.json().catch(() => {
    throw unreachable;
  });
}
