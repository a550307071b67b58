package dev.devproxy.boot;

import dev.devproxy.token.JwtTokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.springframework.core.io.Resource;

/**
 * Launch-token keys from PEM files: an X.509 {@code PUBLIC KEY} and, where this node issues, a PKCS #8
 * {@code PRIVATE KEY} (what {@code openssl genpkey} and {@code openssl pkey -pubout} write). The key's type picks the
 * algorithm: RSA is RS256, EC is ES256. Errors name the property and never include key material.
 */
final class PemKeys {
    static final String PUBLIC_KEY = "devproxy.keys.public-key";
    static final String PRIVATE_KEY = "devproxy.keys.private-key";

    private PemKeys() {
    }

    static JwtTokens tokens(Resource publicKeyFile, Resource privateKeyFile) {
        PublicKey publicKey = publicKey(publicKeyFile);
        PrivateKey privateKey = privateKeyFile == null ? null : privateKey(privateKeyFile, publicKey.getAlgorithm());
        try {
            if (publicKey instanceof RSAPublicKey rsa) {
                return privateKey == null ? JwtTokens.rs256Verifier(rsa) : JwtTokens.rs256(rsa, (RSAPrivateKey) privateKey);
            }
            if (publicKey instanceof ECPublicKey ec) {
                return privateKey == null ? JwtTokens.es256Verifier(ec) : JwtTokens.es256(ec, (ECPrivateKey) privateKey);
            }
        } catch (IllegalArgumentException e) {
            throw DevProxyConfigurationException.invalidProperty(privateKey == null ? PUBLIC_KEY : PRIVATE_KEY,
                    e.getMessage(), e);
        }
        throw DevProxyConfigurationException.invalidProperty(PUBLIC_KEY, "a " + publicKey.getAlgorithm()
                + " key; devproxy signs launch tokens with RSA (RS256) or EC P-256 (ES256) keys", null);
    }

    private static PublicKey publicKey(Resource file) {
        byte[] der = der(file, PUBLIC_KEY, "PUBLIC KEY");
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm; neither fitting is reported below
            }
        }
        throw DevProxyConfigurationException.invalidProperty(PUBLIC_KEY, describe(file)
                + " holds no RSA or EC public key", null);
    }

    private static PrivateKey privateKey(Resource file, String algorithm) {
        byte[] der = der(file, PRIVATE_KEY, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw DevProxyConfigurationException.invalidProperty(PRIVATE_KEY, describe(file) + " holds no " + algorithm
                    + " private key in PKCS #8 (-----BEGIN PRIVATE KEY-----) to go with the public key", null);
        }
    }

    private static byte[] der(Resource file, String property, String label) {
        String pem;
        try (InputStream in = file.getInputStream()) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw DevProxyConfigurationException.invalidProperty(property, describe(file) + " cannot be read: "
                    + e.getClass().getSimpleName(), null);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw DevProxyConfigurationException.invalidProperty(property, describe(file) + " has no " + begin
                    + " block" + ("PRIVATE KEY".equals(label) ? " (convert others with openssl pkcs8 -topk8 -nocrypt)"
                    : ""), null);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw DevProxyConfigurationException.invalidProperty(property, describe(file) + " is not valid PEM", null);
        }
    }

    private static String describe(Resource file) {
        return file.getDescription();
    }
}
