// Runs inside the hidden renewal iframe. It hands the provider's answer to the page that framed it
// and to nobody else: the target origin is this page's own origin, and the CSP's
// frame-ancestors 'self' already guarantees the framing page is of that origin too.

const MESSAGE_TYPE = 'dwauth:silent-callback';

const response = location.hash.length > 1 ? location.hash.slice(1) : location.search.slice(1);
history.replaceState(null, '', location.pathname);

if (window.parent !== window) {
  window.parent.postMessage({ type: MESSAGE_TYPE, response }, location.origin);
}
