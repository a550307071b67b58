package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedToken;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.token.JwtTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;

/**
 * ES256 launch tokens when the API that decides who may open a workspace is not the node that runs the
 * tunnel: the API holds the private key and signs; gateway nodes hold only the public key and can verify
 * tokens but never mint one. A leaked gateway config opens nothing.
 *
 * <pre>{@code
 * // once, offline: a P-256 key pair; the private key goes to the API's secret store, the public key
 * // (X.509 DER, e.g. from "openssl ec -pubout -outform DER") to every gateway
 * KeyPair keys = AsymmetricLaunchKeys.generateKeyPair();
 *
 * // on the API:     String url = AsymmetricLaunchKeys.launchUrl(signer(keys), "ada", id);
 * // on a gateway:   JettyDevProxy.install(context, gatewayProxy(publicKeyDer, resolver, sessionSecret));
 * }</pre>
 */
public final class AsymmetricLaunchKeys {
    private AsymmetricLaunchKeys() {
    }

    /** A new P-256 key pair, as {@code openssl ecparam -name prime256v1 -genkey} would make. */
    public static KeyPair generateKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** On the API: tokens signed with the private key. */
    public static JwtTokens signer(KeyPair keys) {
        return JwtTokens.es256((ECPublicKey) keys.getPublic(), (ECPrivateKey) keys.getPrivate());
    }

    /**
     * On the API: a bootstrap URL for {@code subject} that the front end opens on the gateway's origin.
     * The path matches devproxy's default bootstrap prefix.
     */
    public static String launchUrl(JwtTokens signer, String subject, WorkspaceId workspace) {
        IssuedToken token = signer.issue(subject, workspace, Duration.ofMinutes(2));
        return "/api/dev/" + workspace.value() + "/ide?token=" + URLEncoder.encode(token.token(), StandardCharsets.UTF_8);
    }

    /**
     * On a gateway node: a proxy that verifies with the public key only. It has no token endpoint and cannot
     * issue. Gateways behind one load balancer share {@code sessionSecret} (32+ bytes) so a session cookie
     * set by one is accepted by the others; they should also share a {@code ReplayStore} (Redis, say), or a
     * token spent on one node could be spent once more on another.
     */
    public static DevProxy gatewayProxy(byte[] publicKeyDer, TargetResolver resolver, byte[] sessionSecret)
            throws GeneralSecurityException {
        ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(publicKeyDer));
        return DevProxy.builder()
                .tokens(JwtTokens.es256Verifier(publicKey))
                .resolver(resolver)
                .sessionSecret(sessionSecret)
                .build();
    }
}
