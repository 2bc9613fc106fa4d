// When the page renews its tokens: a little before expiry, a minute ahead, or a quarter of the
// lifetime for short-lived tokens; never sooner than a few seconds, so that an odd token lifetime
// cannot make the page hammer the provider.

const MIN_RENEWAL_DELAY_MS = 5_000;
const MAX_LEAD_MS = 60_000;

export function renewalDelay(remainingMs) {
  const lead = Math.min(MAX_LEAD_MS, remainingMs / 4);
  return Math.max(MIN_RENEWAL_DELAY_MS, remainingMs - lead);
}
