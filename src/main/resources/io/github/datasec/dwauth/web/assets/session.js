// Confidential mode: the server runs the code flow and keeps every token. This page holds nothing but
// the HttpOnly session cookie, which its script cannot read; it signs in and out by navigating to the
// server's endpoints and calls the API with the cookie, from this origin only.

export function serverSession(appRoot) {
  return {
    signIn() {
      const back = location.pathname + location.search;
      location.assign(new URL(`api/v1/auth/login?redirectUri=${encodeURIComponent(back)}`, appRoot));
    },
    signOut() {
      location.assign(new URL('api/v1/auth/logout', appRoot));
    },
    fetch(path) {
      return fetch(new URL(path, appRoot), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
    },
  };
}
