package dev.devproxy.testkit;

import java.io.IOException;
import java.io.InputStream;
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
 * for a TLS connector under test, and sockets that trust it (and nothing else).
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
