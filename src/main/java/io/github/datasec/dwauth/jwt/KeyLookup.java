package io.github.datasec.dwauth.jwt;

import org.jose4j.lang.UnresolvableKeyException;

import java.security.PublicKey;

/** Finds the one configured key that may verify a token with this {@code kid} (null when it names none) and {@code alg}. */
@FunctionalInterface
public interface KeyLookup {
    PublicKey keyFor(String kid, String alg) throws UnresolvableKeyException;
}
