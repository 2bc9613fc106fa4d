// The login page's whole script (app.js) in node: the page's elements, address bar, storage, frames
// and network as plain objects the tests drive and inspect. Each load is a fresh copy of app.js.
import { ASSETS } from './assets.mjs';

const ELEMENT_IDS = ['app', 'title', 'status', 'error', 'signed-out', 'signed-in', 'sign-in', 'sign-out',
  'admin-check', 'admin-result', 'user-name', 'user-email', 'user-admin', 'user-roles'];
let loads = 0;

function element() {
  const listeners = {};
  return {
    textContent: '', hidden: true, dataset: {}, listeners,
    addEventListener: (type, listener) => { listeners[type] = listener; },
  };
}

// routes: (url, init) => Response | undefined, for every fetch the page makes; each fetch is
// recorded with what sessionStorage held at that moment.
export function installPage({ origin, page, hash = '', search = '', storage = {}, routes }) {
  const stored = new Map(Object.entries(storage));
  const elements = Object.fromEntries(ELEMENT_IDS.map((id) => [id, element()]));
  const fetches = [];
  const frames = [];
  const messageListeners = new Set();
  globalThis.sessionStorage = {
    getItem: (key) => (stored.has(key) ? stored.get(key) : null),
    setItem: (key, value) => stored.set(key, String(value)),
    removeItem: (key) => stored.delete(key),
  };
  globalThis.location = { origin, pathname: `/${page === 'callback' ? 'callback' : ''}`, hash, search, assign: () => {} };
  globalThis.history = { replaceState: () => {} };
  globalThis.window = {
    addEventListener: (type, listener) => type === 'message' && messageListeners.add(listener),
    removeEventListener: (type, listener) => type === 'message' && messageListeners.delete(listener),
  };
  globalThis.document = {
    title: '',
    body: { dataset: { page }, append: () => {} },
    getElementById: (id) => elements[id],
    createElement: () => {
      const frame = { contentWindow: {}, remove: () => {} };
      frames.push(frame);
      return frame;
    },
  };
  globalThis.fetch = async (url, init = {}) => {
    fetches.push({ url: String(url), method: init.method ?? 'GET', headers: init.headers ?? {}, storage: new Map(stored) });
    return routes(String(url), init) ?? new Response('not found', { status: 404 });
  };
  return {
    elements,
    fetches,
    frames,
    storage: stored,
    deliver: (event) => [...messageListeners].forEach((listener) => listener(event)),
    async load() {
      loads += 1;
      await import(new URL(`app.js?load=${loads}`, ASSETS));
    },
  };
}

// Bounded: a page that never gets there fails the test instead of hanging it.
export async function settle(condition) {
  for (let turn = 0; turn < 2_000; turn++) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the page did not get there');
}
