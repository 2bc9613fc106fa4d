// A reason, in plain words for the person at the screen, why nobody was signed in.
export class SignInError extends Error {}

// A renewal answered for another person than the one signed in: the page signs out instead of switching.
export class AnotherUserError extends SignInError {}
