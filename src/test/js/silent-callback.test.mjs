import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ASSETS } from './support/assets.mjs';

const ORIGIN = 'https://app.example';
// The script imports nothing and runs once per page load; each test loads its own copy as a module.
const SOURCE = await readFile(new URL('silent-callback.js', ASSETS), 'utf8');
let loads = 0;

async function runSilentCallback({ hash, search = '', framed = true }) {
  const posted = [];
  const addressBar = [];
  globalThis.location = { origin: ORIGIN, pathname: '/silent-callback', hash, search };
  globalThis.history = { replaceState: (state, title, url) => addressBar.push(url) };
  globalThis.window = {};
  window.parent = framed ? { postMessage: (data, targetOrigin) => posted.push({ data, targetOrigin }) } : window;
  loads += 1;
  await import(`data:text/javascript,${encodeURIComponent(`${SOURCE}\n// load ${loads}`)}`);
  return { posted, addressBar };
}

test('hands the response only to a window of its own origin and clears the address bar', async () => {
  const { posted, addressBar } = await runSilentCallback({ hash: '#state=s&access_token=t' });
  assert.deepEqual(posted, [{
    data: { type: 'dwauth:silent-callback', fragment: 'state=s&access_token=t', query: '' },
    targetOrigin: ORIGIN,
  }]);
  assert.deepEqual(addressBar, ['/silent-callback']);
});

test('hands an answer in the query over apart from the fragment, for the page to refuse, and clears it too', async () => {
  const { posted, addressBar } = await runSilentCallback({ hash: '', search: '?error=login_required&state=s' });
  assert.deepEqual(posted[0].data, { type: 'dwauth:silent-callback', fragment: '', query: 'error=login_required&state=s' });
  assert.deepEqual(addressBar, ['/silent-callback']);
});

test('posts nothing when the page is not framed', async () => {
  const { posted, addressBar } = await runSilentCallback({ hash: '#state=s', framed: false });
  assert.deepEqual(posted, []);
  assert.deepEqual(addressBar, ['/silent-callback']);
});
