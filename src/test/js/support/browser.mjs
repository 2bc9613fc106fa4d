// The few browser objects oidc.js touches, as plain objects the tests can inspect and drive.
export function installBrowser(origin) {
  const storage = new Map();
  globalThis.sessionStorage = {
    getItem: (key) => (storage.has(key) ? storage.get(key) : null),
    setItem: (key, value) => storage.set(key, String(value)),
    removeItem: (key) => storage.delete(key),
  };
  const listeners = new Set();
  const frames = [];
  globalThis.location = { origin };
  globalThis.window = {
    addEventListener: (type, listener) => type === 'message' && listeners.add(listener),
    removeEventListener: (type, listener) => type === 'message' && listeners.delete(listener),
  };
  globalThis.document = {
    createElement: () => {
      const frame = { contentWindow: { name: `frame ${frames.length}` }, removed: false };
      frame.remove = () => { frame.removed = true; };
      frames.push(frame);
      return frame;
    },
    body: { append: () => {} },
  };
  return {
    frames,
    deliver: (event) => [...listeners].forEach((listener) => listener(event)),
    listening: () => listeners.size > 0,
  };
}
