import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSETS } from './support/assets.mjs';

const { renewalDelay } = await import(new URL('renewal.js', ASSETS));

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

test('renews a one-hour token a minute before it expires', () => {
  assert.equal(renewalDelay(60 * MINUTE), 59 * MINUTE);
});

test('renews a five-minute token, Keycloak\'s default, a minute before it expires', () => {
  assert.equal(renewalDelay(5 * MINUTE), 4 * MINUTE);
});

test('renews a token of up to four minutes when three quarters of its lifetime are over', () => {
  assert.equal(renewalDelay(4 * MINUTE), 3 * MINUTE);
  assert.equal(renewalDelay(2 * MINUTE), 90 * SECOND);
  assert.equal(renewalDelay(20 * SECOND), 15 * SECOND);
});

test('never renews sooner than five seconds ahead, however short the token', () => {
  assert.equal(renewalDelay(6 * SECOND), 5 * SECOND);
  assert.equal(renewalDelay(1 * SECOND), 5 * SECOND);
  assert.equal(renewalDelay(-30 * SECOND), 5 * SECOND);
});
