package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.CryptoProvider;
import org.junit.jupiter.api.Test;

import java.security.Provider;
import java.security.Security;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureProviderTest {
    private static final ClassLoader BOOTSTRAP_ONLY = new ClassLoader(null) { };

    @Test
    void refusesToStartNamingTheFieldWhenAccpIsAskedForButNotOnTheClassPath() {
        assertThatThrownBy(() -> SignatureProvider.configured(CryptoProvider.ACCP, BOOTSTRAP_ONLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authenticationConfiguration.tokenValidation.cryptoProvider is accp")
                .hasMessageContaining("not on the class path");
    }

    @Test
    void verifiesWithAccpWithoutChangingTheJvmWideProviderOrder() {
        final List<String> before = providerNames();

        final SignatureProvider accp = SignatureProvider.configured(CryptoProvider.ACCP, getClass().getClassLoader());

        assertThat(accp.newSignature(JwsAlgorithm.RS256).getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(accp.newSignature(JwsAlgorithm.ES256).getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(providerNames()).isEqualTo(before).doesNotContain("AmazonCorrettoCryptoProvider");
    }

    @Test
    void defaultUsesTheJvmsOwnProviders() {
        final SignatureProvider jdk = SignatureProvider.configured(CryptoProvider.DEFAULT, getClass().getClassLoader());

        assertThat(jdk.newSignature(JwsAlgorithm.RS256).getProvider().getName()).isEqualTo("SunRsaSign");
        assertThat(jdk.newSignature(JwsAlgorithm.ES256).getProvider().getName()).isEqualTo("SunEC");
    }

    private static List<String> providerNames() {
        return java.util.Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }
}
