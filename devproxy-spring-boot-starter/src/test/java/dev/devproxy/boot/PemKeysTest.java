package dev.devproxy.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.VerificationResult;
import dev.devproxy.token.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/** Launch-token keys from PEM files as openssl writes them: the key's type picks RS256 or ES256. */
class PemKeysTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-1");

    @Test
    void rsaKeysSignAndVerifyRs256() {
        KeyPair pair = rsa();
        JwtTokens tokens = PemKeys.tokens(resource("PUBLIC KEY", pair.getPublic().getEncoded()),
                resource("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertThat(tokens.toString()).contains("RS256");
        assertRoundTrip(tokens);
    }

    @Test
    void ecKeysSignAndVerifyEs256AndAPublicKeyAloneOnlyVerifies() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        JwtTokens issuing = PemKeys.tokens(resource("PUBLIC KEY", pair.getPublic().getEncoded()),
                resource("PRIVATE KEY", pair.getPrivate().getEncoded()));
        assertThat(issuing.toString()).contains("ES256");
        assertRoundTrip(issuing);

        JwtTokens verifying = PemKeys.tokens(resource("PUBLIC KEY", pair.getPublic().getEncoded()), null);
        assertThat(verifying.canIssue()).isFalse();
        String token = issuing.issue("ada", WS, Duration.ofMinutes(1)).token();
        assertThat(verifying.verify(token, WS)).isInstanceOf(VerificationResult.Verified.class);
    }

    @Test
    void aPrivateKeyOfAnotherPairIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> PemKeys.tokens(resource("PUBLIC KEY", rsa().getPublic().getEncoded()),
                resource("PRIVATE KEY", rsa().getPrivate().getEncoded())))
                .isInstanceOf(DevProxyConfigurationException.class)
                .hasMessageStartingWith("devproxy.keys.private-key: publicKey and privateKey are not a key pair");
    }

    @Test
    void aFileWithoutTheBlockSaysWhichBlockIsMissing() {
        assertThatThrownBy(() -> PemKeys.tokens(new ByteArrayResource("ssh-rsa AAAA".getBytes(StandardCharsets.UTF_8)),
                null))
                .isInstanceOf(DevProxyConfigurationException.class)
                .hasMessageContaining("devproxy.keys.public-key")
                .hasMessageContaining("has no -----BEGIN PUBLIC KEY----- block");
    }

    private static void assertRoundTrip(JwtTokens tokens) {
        String token = tokens.issue("ada", WS, Duration.ofMinutes(1)).token();
        assertThat(tokens.verify(token, WS)).isInstanceOf(VerificationResult.Verified.class);
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static Resource resource(String label, byte[] der) {
        return new ByteArrayResource(pem(label, der).getBytes(StandardCharsets.US_ASCII));
    }
}
