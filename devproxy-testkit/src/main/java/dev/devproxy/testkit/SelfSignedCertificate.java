package dev.devproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} in a PKCS12 key store, made with the JDK's own {@code keytool},
 * for a TLS connector under test (or a {@link FakeUpstream#startTls TLS upstream}), and sockets that trust it (and
 * nothing else).
 */
public final class SelfSignedCertificate implements AutoCloseable {
    private static final String PASSWORD = "devproxy-test";

    private final Path directory;
    private final SSLContext trusting;

    private SelfSignedCertificate(Path directory) throws IOException, GeneralSecurityException {
        this.directory = directory;
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore())) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);
    }

    /** Makes the key pair and certificate (EC P-256, valid two days) in a new temporary directory. */
    public static SelfSignedCertificate create() throws Exception {
        Path directory = Files.createTempDirectory("devproxy-tls");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", directory.resolve("keystore.p12").toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new SelfSignedCertificate(directory);
    }

    /** The PKCS12 key store holding the key and certificate. */
    public Path keystore() {
        return directory.resolve("keystore.p12");
    }

    /** The key store's password, which is also the key's. */
    public String password() {
        return PASSWORD;
    }

    /** An {@link SSLContext} that trusts this certificate and nothing else, for a test's own TLS clients. */
    public SSLContext sslContext() {
        return trusting;
    }

    /**
     * Makes this certificate the JVM's default trust store ({@code javax.net.ssl.trustStore} and its password and
     * type) until the returned handle is closed, which puts the previous values back. It is how a proxy under test
     * comes to trust a {@link FakeUpstream#startTls TLS upstream}: devproxy dials {@code https://} and {@code wss://}
     * targets with Jetty's HTTP client, which trusts the JVM's default trust store, and has no setting of its own for
     * it; an application whose containers present a private CA's certificates does the same. JVM-wide: for tests
     * that do not run in parallel with others, and only before the proxy's first dial (its clients read the trust
     * store when they start).
     */
    public AutoCloseable trustedByThisJvm() throws IOException, GeneralSecurityException {
        // A trust store of the certificate alone, as a trusted entry: the key store's private key entry is no trust
        // anchor to everyone (Tomcat's TLS connectors read this same property, and refuse a store without anchors).
        Path truststore = directory.resolve("truststore.p12");
        if (!Files.exists(truststore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore())) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", keys.getCertificate("server"));
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trusted.store(out, PASSWORD.toCharArray());
            }
        }
        String[] names = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
        String[] previous = new String[names.length];
        String[] values = {truststore.toString(), PASSWORD, "PKCS12"};
        for (int i = 0; i < names.length; i++) {
            previous[i] = System.getProperty(names[i]);
            System.setProperty(names[i], values[i]);
        }
        return () -> {
            for (int i = 0; i < names.length; i++) {
                if (previous[i] == null) {
                    System.clearProperty(names[i]);
                } else {
                    System.setProperty(names[i], previous[i]);
                }
            }
        };
    }

    /** A TLS socket to {@code 127.0.0.1:port}, handshake done, trusting this certificate only (10 s read timeout). */
    public SSLSocket connect(int port) throws IOException {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
