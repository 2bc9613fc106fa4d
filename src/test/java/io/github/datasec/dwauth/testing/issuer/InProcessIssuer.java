package io.github.datasec.dwauth.testing.issuer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A fake, Keycloak-shaped OpenID Connect issuer served from this JVM, for tests that a real Keycloak
 * cannot set up: hostile tokens, key rotation, JWKS outages, and fast tests in general.
 *
 * <p>It serves realm {@code test} on {@code http://127.0.0.1:<free port>}: the discovery document at
 * {@code /realms/test/.well-known/openid-configuration} and the JWKS (public keys only) at
 * {@code /realms/test/protocol/openid-connect/certs}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final InProcessIssuer ISSUER = InProcessIssuer.create();
 *
 * @RegisterExtension
 * static final DropwizardAppExtension<MyConfiguration> APP = new DropwizardAppExtension<>(
 *         MyApplication.class, ResourceHelpers.resourceFilePath("config.yml"), ISSUER.configOverrides());
 *
 * @Test
 * void adminsMayPing() {
 *     String token = ISSUER.token().username("alice").realmRoles("admin").sign();
 *     Response response = APP.client().target(...).register(BearerTokens.of(token)).request().get();
 * }
 * }</pre>
 *
 * <p>The server starts on first need: {@link #start()}, the JUnit callbacks, or any accessor that
 * needs its address, so {@link #configOverrides()} works in a static field initializer whatever
 * order JUnit runs the extensions in. As a JUnit extension it stops after the test class (or after
 * the test, when registered on an instance field) and, unless disabled in the {@link Builder}, calls
 * {@link #reset()} after each test so one test's outage does not leak into the next.
 *
 * <p>Without JUnit: {@code try (InProcessIssuer issuer = InProcessIssuer.create().start()) { ... }}.
 */
public final class InProcessIssuer
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

    /** The Keycloak client id tokens are minted for unless the {@link Builder} says otherwise. */
    public static final String DEFAULT_CLIENT_ID = "test-client";

    private static final String REALM = "test";
    private static final String REALM_PATH = "/realms/" + REALM;
    private static final String DISCOVERY_PATH = REALM_PATH + "/.well-known/openid-configuration";
    private static final String OIDC_PATH = REALM_PATH + "/protocol/openid-connect";
    private static final String JWKS_PATH = OIDC_PATH + "/certs";
    private static final String CONFIG_PREFIX = "authenticationConfiguration.";
    // Keycloak marks its certs endpoint no-cache; tests of caching set their own value.
    private static final String DEFAULT_CACHE_CONTROL = "no-cache";
    private static final List<String> SUPPORTED_ALGORITHMS = List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private final String clientId;
    private final String algorithm;
    private final boolean resetAfterEachTest;

    private final Object keyLock = new Object();
    private volatile List<PublicJsonWebKey> publishedKeys;
    private volatile PublicJsonWebKey currentKey;
    private final List<String> extraJwks = new CopyOnWriteArrayList<>();

    private final AtomicInteger fetchCount = new AtomicInteger();
    private volatile boolean serving = true;
    private volatile Duration jwksDelay = Duration.ZERO;
    private volatile String cacheControl = DEFAULT_CACHE_CONTROL;

    // Lifecycle state, guarded by this.
    private HttpServer server;
    private ExecutorService executor;
    private String owningContextId;
    // Zero until first bound; volatile so request handlers read it without the lifecycle lock.
    private volatile int port;

    private InProcessIssuer(Builder builder) {
        this.clientId = builder.clientId;
        this.algorithm = builder.algorithm;
        this.resetAfterEachTest = builder.resetAfterEachTest;
        this.currentKey = generateKey();
        this.publishedKeys = List.of(currentKey);
    }

    /** An issuer with the defaults: client {@value #DEFAULT_CLIENT_ID}, RS256 with an RSA 2048 key. */
    public static InProcessIssuer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts serving if not already serving. After {@link #shutdown()} it binds the same port again,
     * so {@link #issuer()} and {@link #jwksUrl()} stay valid across an outage.
     */
    public synchronized InProcessIssuer start() {
        if (server != null) {
            return this;
        }
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the in-process issuer to 127.0.0.1:" + port, e);
        }
        // A pool rather than one thread: a slowed-down JWKS response must not hold up discovery.
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "in-process-issuer");
            thread.setDaemon(true);
            return thread;
        });
        created.setExecutor(pool);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        executor = pool;
        port = created.getAddress().getPort();
        return this;
    }

    /** Stops the HTTP server: connections are refused until {@link #start()}. Keys and counters are kept. */
    public synchronized void shutdown() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /**
     * Back to normal service: serving, no delay, the default {@code Cache-Control}, no extra JWKs,
     * and started again if it was shut down after having run. Keys and the fetch count are kept.
     */
    public void reset() {
        serving = true;
        jwksDelay = Duration.ZERO;
        cacheControl = DEFAULT_CACHE_CONTROL;
        extraJwks.clear();
        synchronized (this) {
            if (port != 0) {
                start();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        takeOwnership(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        takeOwnership(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (resetAfterEachTest) {
            reset();
        }
        release(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        release(context);
    }

    // The outermost context that sees the issuer owns it, so @Nested classes don't stop it early.
    private synchronized void takeOwnership(ExtensionContext context) {
        if (owningContextId == null) {
            owningContextId = context.getUniqueId();
            start();
        }
    }

    private synchronized void release(ExtensionContext context) {
        if (context.getUniqueId().equals(owningContextId)) {
            owningContextId = null;
            close();
        }
    }

    // ---------------------------------------------------------------- addresses and configuration

    /** The issuer identifier, {@code http://127.0.0.1:PORT/realms/test}: the expected {@code iss} and {@code authority}. */
    public String issuer() {
        return "http://127.0.0.1:" + boundPort() + REALM_PATH;
    }

    /** The JWKS URL, as published in the discovery document's {@code jwks_uri}. */
    public String jwksUrl() {
        return "http://127.0.0.1:" + boundPort() + JWKS_PATH;
    }

    /** The discovery document's URL. */
    public String discoveryUrl() {
        return "http://127.0.0.1:" + boundPort() + DISCOVERY_PATH;
    }

    public String clientId() {
        return clientId;
    }

    /** The JWS algorithm of the issuer's keys and tokens, e.g. {@code RS256}. */
    public String algorithm() {
        return algorithm;
    }

    /**
     * The bundle's settings that point it at this issuer, keyed by their field names under
     * {@code authenticationConfiguration}: {@code provider}, {@code authority}, {@code clientId},
     * {@code publicKeyUrls} and {@code tokenValidationAlgorithm}.
     */
    public Map<String, String> authenticationProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("provider", "custom-oidc");
        properties.put("authority", issuer());
        properties.put("clientId", clientId);
        properties.put("publicKeyUrls", jwksUrl());
        properties.put("tokenValidationAlgorithm", algorithm);
        return Collections.unmodifiableMap(properties);
    }

    /** {@link #authenticationProperties()} as overrides of {@code authenticationConfiguration.*}, for {@code DropwizardAppExtension}. */
    public ConfigOverride[] configOverrides() {
        return authenticationProperties().entrySet().stream()
                .map(property -> ConfigOverride.config(CONFIG_PREFIX + property.getKey(), property.getValue()))
                .toArray(ConfigOverride[]::new);
    }

    private synchronized int boundPort() {
        if (port == 0) {
            start();
        }
        return port;
    }

    // ---------------------------------------------------------------- keys

    /**
     * The key tokens are signed with, private part included, so tests can sign variants themselves.
     * Treat it as read-only: the issuer publishes this very object.
     */
    public PublicJsonWebKey currentKey() {
        return currentKey;
    }

    /** The {@code kid}s of the issuer's keys in the JWKS, oldest first; extra JWKs are not included. */
    public List<String> publishedKeyIds() {
        return publishedKeys.stream().map(JsonWebKey::getKeyId).collect(Collectors.toUnmodifiableList());
    }

    /** Makes a new key, with a new {@code kid}, the current one. The previous keys stay published until retired. */
    public PublicJsonWebKey rotateKey() {
        PublicJsonWebKey next = generateKey();
        synchronized (keyLock) {
            List<PublicJsonWebKey> keys = new ArrayList<>(publishedKeys);
            keys.add(next);
            publishedKeys = List.copyOf(keys);
            currentKey = next;
        }
        return next;
    }

    /**
     * Removes a previous key from the JWKS; tokens it signed then no longer verify.
     *
     * @throws IllegalArgumentException if no published key has this {@code kid}, or it is the current key
     */
    public void retireKey(String kid) {
        synchronized (keyLock) {
            if (currentKey.getKeyId().equals(kid)) {
                throw new IllegalArgumentException("Cannot retire the current key; rotateKey() first");
            }
            List<PublicJsonWebKey> keys = publishedKeys.stream()
                    .filter(key -> !key.getKeyId().equals(kid))
                    .collect(Collectors.toUnmodifiableList());
            if (keys.size() == publishedKeys.size()) {
                throw new IllegalArgumentException("No published key has kid " + kid);
            }
            publishedKeys = keys;
        }
    }

    /** Removes every key but the current one from the JWKS. */
    public void retireOldKeys() {
        synchronized (keyLock) {
            publishedKeys = List.of(currentKey);
        }
    }

    /**
     * Publishes {@code jwkJson} in the JWKS after the issuer's own keys, verbatim and unchecked, so it
     * may be hostile: a duplicate {@code kid}, a symmetric key, a wrong {@code alg}, even invalid JSON.
     * {@link #reset()} removes it.
     */
    public void publishExtraJwk(String jwkJson) {
        extraJwks.add(Objects.requireNonNull(jwkJson, "jwkJson"));
    }

    private PublicJsonWebKey generateKey() {
        try {
            PublicJsonWebKey key = switch (algorithm) {
                case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
                case "ES384" -> EcJwkGenerator.generateJwk(EllipticCurves.P384);
                case "ES512" -> EcJwkGenerator.generateJwk(EllipticCurves.P521);
                case "EdDSA" -> OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
                default -> RsaJwkGenerator.generateJwk(2048);
            };
            key.setKeyId(key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            key.setUse("sig");
            key.setAlgorithm(algorithm);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate a key for " + algorithm, e);
        }
    }

    // ---------------------------------------------------------------- outage controls

    /** How many JWKS requests arrived since start or {@link #resetFetchCount()}, including those answered 503 or still delayed. */
    public int fetchCount() {
        return fetchCount.get();
    }

    public void resetFetchCount() {
        fetchCount.set(0);
    }

    /** Answers both the JWKS and the discovery document with {@code 503} until {@link #resumeServing()}. */
    public void stopServing() {
        serving = false;
    }

    public void resumeServing() {
        serving = true;
    }

    /** Delays every JWKS response (503s too) by {@code delay}; {@link Duration#ZERO} for none. */
    public void slowDown(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        jwksDelay = delay;
    }

    /** The {@code Cache-Control} header of JWKS responses; {@code null} sends none. Default {@value #DEFAULT_CACHE_CONTROL}. */
    public void setCacheControl(String value) {
        cacheControl = value;
    }

    // ---------------------------------------------------------------- tokens

    /** A Keycloak-like access token for {@link #clientId()}, valid for five minutes from now; see {@link TokenBuilder}. */
    public TokenBuilder token() {
        return new TokenBuilder(this);
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "{\"error\":\"method_not_allowed\"}", null);
            } else if (JWKS_PATH.equals(path)) {
                fetchCount.incrementAndGet();
                if (!waitOut(jwksDelay)) {
                    return;
                }
                if (serving) {
                    respond(exchange, 200, jwksJson(), cacheControl);
                } else {
                    respondUnavailable(exchange);
                }
            } else if (DISCOVERY_PATH.equals(path)) {
                if (serving) {
                    respond(exchange, 200, discoveryJson(), null);
                } else {
                    respondUnavailable(exchange);
                }
            } else {
                respond(exchange, 404, "{\"error\":\"not_found\"}", null);
            }
        }
    }

    // False when interrupted by shutdown: the exchange is then closed without an answer, like a dying server.
    private static boolean waitOut(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void respondUnavailable(HttpExchange exchange) throws IOException {
        respond(exchange, 503, "{\"error\":\"temporarily_unavailable\"}", "no-store");
    }

    private static void respond(HttpExchange exchange, int status, String json, String cacheControl)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // Assembled as text so that extra JWKs go out exactly as the test wrote them.
    private String jwksJson() {
        List<String> entries = new ArrayList<>();
        for (PublicJsonWebKey key : publishedKeys) {
            entries.add(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
        entries.addAll(extraJwks);
        return "{\"keys\":[" + String.join(",", entries) + "]}";
    }

    private String discoveryJson() {
        String base = "http://127.0.0.1:" + port;
        String issuer = base + REALM_PATH;
        String oidc = base + OIDC_PATH;
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", oidc + "/auth");
        document.put("token_endpoint", oidc + "/token");
        document.put("userinfo_endpoint", oidc + "/userinfo");
        document.put("end_session_endpoint", oidc + "/logout");
        document.put("jwks_uri", base + JWKS_PATH);
        document.put("response_types_supported", List.of("code", "id_token", "token", "id_token token", "code id_token"));
        document.put("grant_types_supported", List.of("authorization_code", "implicit", "refresh_token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(algorithm));
        document.put("scopes_supported", List.of("openid", "profile", "email"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        return JsonUtil.toJson(document);
    }

    // ---------------------------------------------------------------- builder

    /** Settings of an {@link InProcessIssuer}; every one has a default. */
    public static final class Builder {

        private String clientId = DEFAULT_CLIENT_ID;
        private String algorithm = "RS256";
        private boolean resetAfterEachTest = true;

        private Builder() {
        }

        /** The client tokens are issued to: their {@code azp}, and the {@code clientId} handed to the bundle. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * The signing algorithm, which also picks the key type: RSA 2048 for {@code RS*}/{@code PS*},
         * EC P-256/P-384/P-521 for {@code ES256}/{@code ES384}/{@code ES512}, Ed25519 for {@code EdDSA}.
         */
        public Builder algorithm(String algorithm) {
            if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException(
                        "Unsupported algorithm " + algorithm + "; one of " + SUPPORTED_ALGORITHMS);
            }
            this.algorithm = algorithm;
            return this;
        }

        /** Whether the JUnit extension calls {@link InProcessIssuer#reset()} after each test; default true. */
        public Builder resetAfterEachTest(boolean resetAfterEachTest) {
            this.resetAfterEachTest = resetAfterEachTest;
            return this;
        }

        /** A new issuer with freshly generated keys; it starts serving on first need. */
        public InProcessIssuer build() {
            return new InProcessIssuer(this);
        }
    }

    // ---------------------------------------------------------------- tokens

    /**
     * A token to mint, pre-filled like a Keycloak access token: {@code iss}, a random {@code sub},
     * {@code aud} "account", {@code azp} the client id, {@code typ} "Bearer", {@code iat} now,
     * {@code exp} in five minutes, no {@code nbf}, {@code jti}, {@code sid}, {@code acr},
     * {@code preferred_username} "test-user", {@code email} "test-user@example.com",
     * {@code email_verified}, Keycloak's default realm and account roles, and {@code scope}.
     *
     * <p>Every method returns a new builder and leaves this one as it was, so a test can keep a base
     * token and derive variants from it. {@link #sign()} signs with the issuer's key current at that
     * moment, unless {@link #signedWith} says otherwise.
     */
    public static final class TokenBuilder {

        private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
        private static final String DEFAULT_USERNAME = "test-user";
        private static final String EMAIL_DOMAIN = "@example.com";

        private final InProcessIssuer issuer;
        private final Map<String, Object> claims;
        // A null value removes a header the token would otherwise carry.
        private final Map<String, Object> headers;
        private final boolean emailFollowsUsername;
        private final boolean explicitSigning;
        private final PublicJsonWebKey signingKey;
        private final String signingAlgorithm;

        private TokenBuilder(InProcessIssuer issuer) {
            Instant now = Instant.now();
            Map<String, Object> defaults = new LinkedHashMap<>();
            defaults.put("exp", now.plus(DEFAULT_LIFETIME).getEpochSecond());
            defaults.put("iat", now.getEpochSecond());
            defaults.put("jti", UUID.randomUUID().toString());
            defaults.put("iss", issuer.issuer());
            defaults.put("aud", "account");
            defaults.put("sub", UUID.randomUUID().toString());
            defaults.put("typ", "Bearer");
            defaults.put("azp", issuer.clientId());
            defaults.put("sid", UUID.randomUUID().toString());
            defaults.put("acr", "1");
            defaults.put("realm_access", rolesObject(List.of("default-roles-" + REALM, "offline_access", "uma_authorization")));
            defaults.put("resource_access", Map.of("account",
                    rolesObject(List.of("manage-account", "manage-account-links", "view-profile"))));
            defaults.put("scope", "openid email profile");
            defaults.put("email_verified", true);
            defaults.put("preferred_username", DEFAULT_USERNAME);
            defaults.put("email", DEFAULT_USERNAME + EMAIL_DOMAIN);
            this.issuer = issuer;
            this.claims = defaults;
            this.headers = Map.of();
            this.emailFollowsUsername = true;
            this.explicitSigning = false;
            this.signingKey = null;
            this.signingAlgorithm = null;
        }

        private TokenBuilder(TokenBuilder from, Map<String, Object> claims, Map<String, Object> headers,
                boolean emailFollowsUsername, boolean explicitSigning, PublicJsonWebKey signingKey,
                String signingAlgorithm) {
            this.issuer = from.issuer;
            this.claims = claims;
            this.headers = headers;
            this.emailFollowsUsername = emailFollowsUsername;
            this.explicitSigning = explicitSigning;
            this.signingKey = signingKey;
            this.signingAlgorithm = signingAlgorithm;
        }

        public TokenBuilder subject(String subject) {
            return withClaims(c -> c.put("sub", subject));
        }

        /** Sets {@code preferred_username}, and {@code email} to {@code <username>@example.com} unless the email was set or removed. */
        public TokenBuilder username(String username) {
            return withClaims(c -> {
                c.put("preferred_username", username);
                if (emailFollowsUsername) {
                    c.put("email", username + EMAIL_DOMAIN);
                }
            });
        }

        public TokenBuilder email(String email) {
            return claim("email", email);
        }

        /** Replaces {@code realm_access.roles}. */
        public TokenBuilder realmRoles(String... roles) {
            return withClaims(c -> c.put("realm_access", rolesObject(List.of(roles))));
        }

        /** Replaces {@code resource_access.<clientId>.roles}; with no roles the client's entry is left out, as Keycloak does. */
        public TokenBuilder clientRoles(String... roles) {
            return clientRolesFor(issuer.clientId(), roles);
        }

        /** Replaces {@code resource_access.<client>.roles}, for a client other than the issuer's own. */
        public TokenBuilder clientRolesFor(String client, String... roles) {
            return withClaims(c -> {
                Map<String, Object> resourceAccess = new LinkedHashMap<>();
                if (c.get("resource_access") instanceof Map<?, ?> existing) {
                    existing.forEach((name, value) -> resourceAccess.put(String.valueOf(name), value));
                }
                if (roles.length == 0) {
                    resourceAccess.remove(client);
                } else {
                    resourceAccess.put(client, rolesObject(List.of(roles)));
                }
                if (resourceAccess.isEmpty()) {
                    c.remove("resource_access");
                } else {
                    c.put("resource_access", Collections.unmodifiableMap(resourceAccess));
                }
            });
        }

        /**
         * Sets any claim, replacing what was there. The value must be JSON-shaped: {@code String},
         * {@code Number}, {@code Boolean}, {@code List}, {@code Map} or {@code null} (a JSON null, unlike {@link #without}).
         */
        public TokenBuilder claim(String name, Object value) {
            Objects.requireNonNull(name, "name");
            return new TokenBuilder(this, changed(claims, c -> c.put(name, value)), headers,
                    emailFollowsUsername && !"email".equals(name), explicitSigning, signingKey, signingAlgorithm);
        }

        /** Leaves the claim out of the token altogether. */
        public TokenBuilder without(String name) {
            return new TokenBuilder(this, changed(claims, c -> c.remove(name)), headers,
                    emailFollowsUsername && !"email".equals(name), explicitSigning, signingKey, signingAlgorithm);
        }

        /** {@code exp} = now + {@code lifetime}; negative for an expired token. */
        public TokenBuilder expiresIn(Duration lifetime) {
            return expiresAt(Instant.now().plus(lifetime));
        }

        public TokenBuilder expiresAt(Instant expiry) {
            return withClaims(c -> c.put("exp", expiry.getEpochSecond()));
        }

        public TokenBuilder issuedAt(Instant issuedAt) {
            return withClaims(c -> c.put("iat", issuedAt.getEpochSecond()));
        }

        /** Adds {@code nbf}, which Keycloak does not send. */
        public TokenBuilder notBefore(Instant notBefore) {
            return withClaims(c -> c.put("nbf", notBefore.getEpochSecond()));
        }

        /** One audience is written as a string, several as an array, as Keycloak does. */
        public TokenBuilder audience(String... audiences) {
            if (audiences.length == 0) {
                throw new IllegalArgumentException("Give at least one audience, or use without(\"aud\")");
            }
            Object aud = audiences.length == 1 ? audiences[0] : List.of(audiences);
            return withClaims(c -> c.put("aud", aud));
        }

        /**
         * Binds the token to a DPoP key as Keycloak does for a token request with a proof:
         * {@code cnf.jkt} is the key's RFC 7638 thumbprint and {@code typ} is {@code DPoP}.
         * See {@code io.github.datasec.dwauth.testing.dpop.DpopKey} for the key and its proofs.
         */
        public TokenBuilder boundTo(String keyThumbprint) {
            Objects.requireNonNull(keyThumbprint, "keyThumbprint");
            return withClaims(c -> {
                c.put("cnf", Map.of("jkt", keyThumbprint));
                c.put("typ", "DPoP");
            });
        }

        /** Sets {@code azp}. */
        public TokenBuilder authorizedParty(String client) {
            return withClaims(c -> c.put("azp", client));
        }

        /** Sets the {@code typ} claim: Keycloak's {@code Bearer}, {@code ID}, {@code Refresh}... */
        public TokenBuilder type(String type) {
            return withClaims(c -> c.put("typ", type));
        }

        /**
         * Sets a JOSE header, or with {@code null} leaves out one the token would carry ({@code typ},
         * {@code kid}). {@code alg} comes from the signing algorithm: see {@link #signedWith}.
         */
        public TokenBuilder header(String name, Object value) {
            if ("alg".equals(name)) {
                throw new IllegalArgumentException("alg follows the signing algorithm; use signedWith(key, alg)");
            }
            Objects.requireNonNull(name, "name");
            return new TokenBuilder(this, claims, changed(headers, h -> h.put(name, value)),
                    emailFollowsUsername, explicitSigning, signingKey, signingAlgorithm);
        }

        /**
         * Sets the {@code kid} header only; the signing key stays the same. For a token that names a key
         * the JWKS doesn't have, or names one key while being signed by another.
         */
        public TokenBuilder keyId(String kid) {
            return header("kid", kid);
        }

        /**
         * Signs with any key and algorithm instead of the issuer's current key, skipping jose4j's key
         * checks so weak or mismatched keys can be used: for keys the JWKS doesn't have (or no longer
         * has), and hostile tokens. {@code key} may be {@code null} only with {@code alg} "none",
         * which yields an unsigned token. The {@code kid} header is the key's own unless set with {@link #keyId}.
         */
        public TokenBuilder signedWith(PublicJsonWebKey key, String alg) {
            Objects.requireNonNull(alg, "alg");
            if (key == null && !"none".equals(alg)) {
                throw new IllegalArgumentException("A key is needed for " + alg);
            }
            return new TokenBuilder(this, claims, headers, emailFollowsUsername, true, key, alg);
        }

        /** The claims as the JSON payload {@link #sign()} would sign, for tests that build the JWS themselves. */
        public String claimsJson() {
            return JsonUtil.toJson(claims);
        }

        /** The token in JWS compact serialization. */
        public String sign() {
            PublicJsonWebKey key = explicitSigning ? signingKey : issuer.currentKey();
            String alg = explicitSigning ? signingAlgorithm : issuer.algorithm();

            Map<String, Object> joseHeaders = new LinkedHashMap<>();
            joseHeaders.put("typ", "JWT");
            if (key != null && key.getKeyId() != null) {
                joseHeaders.put("kid", key.getKeyId());
            }
            headers.forEach((name, value) -> {
                if (value == null) {
                    joseHeaders.remove(name);
                } else {
                    joseHeaders.put(name, value);
                }
            });

            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(alg);
            joseHeaders.forEach(jws::setHeader);
            jws.setPayload(claimsJson());
            if (key != null) {
                jws.setKey(key.getPrivateKey());
            }
            if (explicitSigning) {
                jws.setDoKeyValidation(false);
                jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            }
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("Cannot sign the token with " + alg, e);
            }
        }

        private TokenBuilder withClaims(Consumer<Map<String, Object>> change) {
            return new TokenBuilder(this, changed(claims, change), headers, emailFollowsUsername,
                    explicitSigning, signingKey, signingAlgorithm);
        }

        private static Map<String, Object> changed(Map<String, Object> original, Consumer<Map<String, Object>> change) {
            Map<String, Object> copy = new LinkedHashMap<>(original);
            change.accept(copy);
            return Collections.unmodifiableMap(copy);
        }

        private static Map<String, Object> rolesObject(List<String> roles) {
            return Map.of("roles", roles);
        }
    }
}
