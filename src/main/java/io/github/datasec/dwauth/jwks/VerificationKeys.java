package io.github.datasec.dwauth.jwks;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one key set that may verify a signature, indexed by kid. Everything else in the
 * set is skipped with a reason, and one broken entry never spoils the others.
 */
public final class VerificationKeys {
    private static final int MIN_RSA_BITS = 2048;
    private static final Set<String> RSA_PRIVATE_PARTS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

    private final List<PublicJsonWebKey> keys;
    private final Map<String, List<PublicJsonWebKey>> byKid;
    private final List<String> skipped;

    private VerificationKeys(List<PublicJsonWebKey> keys, List<String> skipped) {
        this.keys = List.copyOf(keys);
        this.skipped = List.copyOf(skipped);
        final Map<String, List<PublicJsonWebKey>> index = new HashMap<>();
        for (PublicJsonWebKey key : keys) {
            if (key.getKeyId() != null) {
                index.computeIfAbsent(key.getKeyId(), k -> new ArrayList<>()).add(key);
            }
        }
        index.replaceAll((kid, list) -> List.copyOf(list));
        this.byKid = Collections.unmodifiableMap(index);
    }

    /** Parses a JWKS document; throws only when the document as a whole is not a key set. */
    public static VerificationKeys parse(String json) throws JoseException {
        final Object keyList = JsonUtil.parseJson(json).get("keys");
        if (!(keyList instanceof List<?> entries)) {
            throw new JoseException("not a JWK set: no \"keys\" array");
        }
        final List<PublicJsonWebKey> usable = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                skipped.add("entry that is not a JSON object");
                continue;
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> params = (Map<String, Object>) map;
            final String why = unusableBecause(params);
            if (why != null) {
                skipped.add("kid " + printable(params.get("kid")) + ": " + why);
                continue;
            }
            try {
                final JsonWebKey jwk = JsonWebKey.Factory.newJwk(params);
                final String weakness = weakness(jwk);
                if (weakness != null) {
                    skipped.add("kid " + printable(params.get("kid")) + ": " + weakness);
                } else {
                    usable.add((PublicJsonWebKey) jwk);
                }
            } catch (JoseException | RuntimeException e) {
                skipped.add("kid " + printable(params.get("kid")) + ": malformed (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new VerificationKeys(usable, skipped);
    }

    public static VerificationKeys empty() {
        return new VerificationKeys(List.of(), List.of());
    }

    private static String unusableBecause(Map<String, Object> params) {
        final Object kty = params.get("kty");
        if (!"RSA".equals(kty) && !"EC".equals(kty)) {
            return "key type " + printable(kty) + " cannot verify an asymmetric signature";
        }
        final Object use = params.get("use");
        if (use != null && !"sig".equals(use)) {
            return "use is " + printable(use) + ", not sig";
        }
        final Object ops = params.get("key_ops");
        if (ops != null && !(ops instanceof List<?> list && list.contains("verify"))) {
            return "key_ops does not allow verify";
        }
        if (params.containsKey("d") || ("RSA".equals(kty) && params.keySet().stream().anyMatch(RSA_PRIVATE_PARTS::contains))) {
            return "publishes private key material";
        }
        final Object alg = params.get("alg");
        if (alg != null && !(alg instanceof String)) {
            return "alg is not a string";
        }
        return null;
    }

    private static String weakness(JsonWebKey jwk) {
        if (jwk instanceof RsaJsonWebKey rsa) {
            final int bits = ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength();
            return bits < MIN_RSA_BITS ? "RSA key of " + bits + " bits is below " + MIN_RSA_BITS : null;
        }
        if (jwk instanceof EllipticCurveJsonWebKey) {
            return null;
        }
        return "unsupported key";
    }

    private static String printable(Object value) {
        final String text = String.valueOf(value);
        final String clipped = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return "'" + clipped.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    /** Keys published under this kid, or every key when the token names no kid. */
    public List<PublicJsonWebKey> candidates(String kid) {
        if (kid == null) {
            return keys;
        }
        return byKid.getOrDefault(kid, List.of());
    }

    public boolean containsKid(String kid) {
        return byKid.containsKey(kid);
    }

    public Set<String> kids() {
        return byKid.keySet();
    }

    /** Kids of this set that the next one drops, or publishes with other key material. */
    public Set<String> kidsRetiredBy(VerificationKeys next) {
        final Set<String> retired = new java.util.HashSet<>();
        byKid.forEach((kid, published) -> {
            if (!publicKeys(published).equals(publicKeys(next.candidates(kid)))) {
                retired.add(kid);
            }
        });
        return retired;
    }

    /** True when a key published without a kid is missing from the next set. */
    public boolean keyWithoutKidRetiredBy(VerificationKeys next) {
        final Set<java.security.PublicKey> nextKeys = publicKeys(next.keys);
        return keys.stream().filter(key -> key.getKeyId() == null)
                .anyMatch(key -> !nextKeys.contains(key.getPublicKey()));
    }

    private static Set<java.security.PublicKey> publicKeys(List<PublicJsonWebKey> keys) {
        final Set<java.security.PublicKey> publicKeys = new java.util.HashSet<>();
        keys.forEach(key -> publicKeys.add(key.getPublicKey()));
        return publicKeys;
    }

    public int size() {
        return keys.size();
    }

    /** Why entries were left out, for logs and the health check. */
    public List<String> skipped() {
        return skipped;
    }
}
