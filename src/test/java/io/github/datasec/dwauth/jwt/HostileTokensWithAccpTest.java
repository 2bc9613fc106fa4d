package io.github.datasec.dwauth.jwt;

import io.github.datasec.dwauth.config.AuthenticationConfiguration;
import io.github.datasec.dwauth.config.CryptoProvider;

import java.util.function.Consumer;

/** Every hostile-token case again, with Amazon Corretto Crypto Provider verifying the signatures. */
class HostileTokensWithAccpTest extends HostileTokensTest {
    @Override
    Consumer<AuthenticationConfiguration> signatureProvider() {
        return config -> config.getTokenValidation().setCryptoProvider(CryptoProvider.ACCP);
    }
}
