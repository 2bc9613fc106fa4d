package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** OpenMetadata's provider names. Only the OIDC providers are implemented by this bundle. */
public enum AuthProvider {
    BASIC("basic", false),
    AZURE("azure", true),
    GOOGLE("google", true),
    OKTA("okta", true),
    AUTH0("auth0", true),
    AWS_COGNITO("aws-cognito", true),
    CUSTOM_OIDC("custom-oidc", true),
    LDAP("ldap", false),
    SAML("saml", false),
    OPENMETADATA("openmetadata", false);

    private final String value;
    private final boolean oidc;

    AuthProvider(String value, boolean oidc) {
        this.value = value;
        this.oidc = oidc;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** True for providers that issue OIDC bearer tokens, the only kind this bundle verifies. */
    public boolean isOidc() {
        return oidc;
    }

    @JsonCreator
    public static AuthProvider of(String text) {
        final String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AuthProvider provider : values()) {
            if (provider.value.equals(wanted) || provider.value.replace("-", "").equals(wanted)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown provider; expected one of "
                + Arrays.stream(values()).map(AuthProvider::value).collect(Collectors.joining(", ")));
    }
}
