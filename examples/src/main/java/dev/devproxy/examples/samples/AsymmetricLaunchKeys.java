package dev.devproxy.examples.samples;

import dev.devproxy.DevProxy;
import dev.devproxy.Routing;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.TargetResolver;
import dev.devproxy.token.JwtTokens;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * ES256 launch tokens when the API that decides who may open a workspace is not the node that runs the
 * tunnel: the API holds the private key and signs; gateway nodes hold only the public key and can verify
 * launch tokens but never mint one.
 *
 * <p>Host routing gives the split its shape. The application's host ({@code app.example.com}) is the API: its
 * devproxy serves the token endpoint and the launch's middle step, where the browser's binding is checked and the
 * token spent. Every workspace host ({@code {id}.ide.example-ide.net}, a wildcard DNS record pointing at the
 * gateways) is a gateway: it verifies the launch token, takes the API's one-minute handoff ticket, sets the session
 * cookie and runs the tunnel.
 *
 * <pre>{@code
 * // once, offline: a P-256 key pair; the private key goes to the API's secret store, the public key
 * // (X.509 DER, e.g. from "openssl ec -pubout -outform DER") to every gateway
 * KeyPair keys = AsymmetricLaunchKeys.generateKeyPair();
 * Routing routing = Routing.hosts("{id}.ide.example-ide.net", "app.example.com");
 *
 * // on the API:      JettyDevProxy.install(context, apiProxy(keys, routing, authorizer, sessionSecret));
 * // on a gateway:    JettyDevProxy.install(context, gatewayProxy(publicKeyDer, routing, resolver, sessionSecret));
 * }</pre>
 *
 * <p>A leaked public key, or a gateway's configuration, mints no launch token. The API and the gateways do share
 * {@code sessionSecret} (32+ bytes), which signs session cookies and the handoff tickets: it stays a secret on
 * every node.
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
     * On the API, the application's host: devproxy's token endpoint ({@code POST /api/dev/{id}/ide-token}, asking
     * {@code authorizer}), signing with the private key, and the launch's middle step. It serves no workspace (DNS
     * sends workspace hosts to the gateways), so its resolver finds none. Several API nodes share a
     * {@code ReplayStore} (Redis, say), or a token could be spent once on each.
     */
    public static DevProxy apiProxy(KeyPair keys, Routing routing, LaunchAuthorizer authorizer, byte[] sessionSecret) {
        return DevProxy.builder()
                .routing(routing)
                .tokens(signer(keys))
                .launchAuthorizer(authorizer)
                .resolver((workspace, caller) -> Optional.empty())
                .sessionSecret(sessionSecret)
                .build();
    }

    /**
     * On a gateway node, a workspace host: a proxy that verifies launch tokens with the public key only. It has no
     * token endpoint and cannot issue. Gateways behind one load balancer share {@code sessionSecret} with each other
     * and the API, so a session cookie set by one is accepted by the others.
     */
    public static DevProxy gatewayProxy(byte[] publicKeyDer, Routing routing, TargetResolver resolver,
            byte[] sessionSecret) throws GeneralSecurityException {
        ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(publicKeyDer));
        return DevProxy.builder()
                .routing(routing)
                .tokens(JwtTokens.es256Verifier(publicKey))
                .resolver(resolver)
                .sessionSecret(sessionSecret)
                .build();
    }
}
