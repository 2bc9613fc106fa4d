// Runs inside the hidden renewal iframe. It hands the provider's answer to the page that framed it
// and to nobody else: the target origin is this page's own origin, and the CSP's
// frame-ancestors 'self' already guarantees the framing page is of that origin too. The fragment and
// the query go separately, so that the page reads the fragment only and refuses an answer in the query.

const MESSAGE_TYPE = 'dwauth:silent-callback';

const fragment = location.hash.slice(1);
const query = location.search.slice(1);
history.replaceState(null, '', location.pathname);

if (window.parent !== window) {
  window.parent.postMessage({ type: MESSAGE_TYPE, fragment, query }, location.origin);
}
