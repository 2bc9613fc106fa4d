// Small byte helpers shared by the OIDC code. Randomness comes only from crypto.getRandomValues.

export function base64UrlEncode(bytes) {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    throw new Error('not base64url');
  }
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// 32 bytes = 256 bits, well above the 128 bits asked of state and nonce; as base64url it is also a
// 43-character PKCE code_verifier, the shortest RFC 7636 allows, with all 256 bits of entropy.
export function randomToken() {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

export async function digest(hashName, text) {
  if (!crypto.subtle) {
    throw new Error('This page must be served over HTTPS (or from localhost) to sign in securely.');
  }
  return new Uint8Array(await crypto.subtle.digest(hashName, new TextEncoder().encode(text)));
}
