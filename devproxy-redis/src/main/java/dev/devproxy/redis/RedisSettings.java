package dev.devproxy.redis;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Redis: address, TLS, credentials, timeouts and the key prefix. Immutable; build it with
 * {@link #builder()}.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder()
 *         .uri(URI.create("rediss://redis.internal:6380/0"))    // rediss: TLS, the peer verified
 *         .trustedCertificates(Path.of("/etc/redis/ca.pem"))   // a CA of your own; else the JVM's trust store
 *         .credentials("devproxy", passwordFromYourVault())     // an ACL user; password(...) for requirepass
 *         .commandTimeout(Duration.ofMillis(500))               // no thread waits on Redis longer than this
 *         .build();
 * }</pre>
 *
 * <p>Secrets stay out of logs: {@link #toString()} shows whether a password is set, never the password, and a URI
 * with credentials in it is refused (URIs end up in logs and stack traces) in favour of {@link Builder#credentials}.
 */
public final class RedisSettings {
    /** The default {@link Builder#connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** The default {@link Builder#commandTimeout}. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** The default {@link Builder#keyPrefix}. */
    public static final String DEFAULT_KEY_PREFIX = "devproxy:";

    private final String host;
    private final int port;
    private final int database;
    private final boolean tls;
    private final boolean verifyPeer;
    private final Path trustedCertificates;
    private final String username;
    private final char[] password;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final String keyPrefix;

    private RedisSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.tls = b.tls;
        this.verifyPeer = b.verifyPeer;
        this.trustedCertificates = b.trustedCertificates;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.keyPrefix = b.keyPrefix;
    }

    /** A new builder; {@link Builder#uri} or {@link Builder#address} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The host name or address of Redis. */
    public String host() {
        return host;
    }

    /** Redis's port. */
    public int port() {
        return port;
    }

    /** The database index ({@code SELECT}). */
    public int database() {
        return database;
    }

    /** Whether the connection is TLS. */
    public boolean tls() {
        return tls;
    }

    /** Whether, with TLS, Redis's certificate and host name are verified. */
    public boolean verifyPeer() {
        return verifyPeer;
    }

    /** The PEM file of certificates trusted for TLS, if not the JVM's default trust store. */
    public Optional<Path> trustedCertificates() {
        return Optional.ofNullable(trustedCertificates);
    }

    /** The ACL user name, if any. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Whether a password is set (the password itself is handed only to the Redis client). */
    public boolean hasPassword() {
        return password != null;
    }

    /** A copy of the password, for the Redis client; null if none. */
    char[] password() {
        return password == null ? null : password.clone();
    }

    /** How long a connection attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long any command may take; no devproxy thread waits on Redis longer. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** What every key and channel name devproxy uses starts with. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The address, TLS and timeouts; whether a password is set, never the password. */
    @Override
    public String toString() {
        return "RedisSettings[" + (tls ? "rediss" : "redis") + "://" + host + ":" + port + "/" + database
                + (username != null ? ", user " + username : "") + (password != null ? ", password set" : "")
                + (tls && !verifyPeer ? ", peer NOT verified" : "")
                + ", connectTimeout " + connectTimeout.toMillis() + " ms, commandTimeout " + commandTimeout.toMillis()
                + " ms, keyPrefix " + keyPrefix + "]";
    }

    /** Builds {@link RedisSettings}; every setter validates its value and names it in the exception. */
    public static final class Builder {
        private String host;
        private int port = 6379;
        private int database;
        private boolean tls;
        private boolean verifyPeer = true;
        private Path trustedCertificates;
        private String username;
        private char[] password;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private String keyPrefix = DEFAULT_KEY_PREFIX;

        private Builder() {
        }

        /**
         * Sets address, TLS and database from {@code redis://host:port/db} or {@code rediss://host:port/db} (TLS).
         * Credentials go to {@link #credentials} or {@link #password}: a URI that carries any is refused.
         */
        public Builder uri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw new IllegalArgumentException("uri must be redis://host:port/db or rediss://host:port/db, got"
                        + " scheme '" + scheme + "'");
            }
            if (uri.getRawUserInfo() != null) {
                // Not echoed: it is a password more often than not.
                throw new IllegalArgumentException("uri must not carry credentials (they would end up in logs);"
                        + " use credentials(user, password) or password(password)");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("uri has no host: " + uri);
            }
            address(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            tls(scheme.equals("rediss"));
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/")) {
                try {
                    database(Integer.parseInt(path.substring(1)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("uri path must be a database index, got '" + path + "'");
                }
            }
            return this;
        }

        /** Sets the host and port (no TLS unless {@link #tls} says so). */
        public Builder address(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, got " + port);
            }
            this.host = host;
            this.port = port;
            return this;
        }

        /** Selects database {@code index} (default 0). */
        public Builder database(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("database must be 0 or more, got " + index);
            }
            this.database = index;
            return this;
        }

        /** Turns TLS on or off (default off; on with a {@code rediss:} URI). */
        public Builder tls(boolean on) {
            this.tls = on;
            return this;
        }

        /**
         * Trusts the certificates in a PEM file for TLS instead of the JVM's trust store (a private CA). Implies
         * {@link #tls}.
         */
        public Builder trustedCertificates(Path pem) {
            Objects.requireNonNull(pem, "trustedCertificates");
            if (!Files.isReadable(pem)) {
                throw new IllegalArgumentException("trustedCertificates is not a readable file: " + pem);
            }
            this.trustedCertificates = pem;
            this.tls = true;
            return this;
        }

        /**
         * Whether to verify Redis's certificate and host name with TLS (default true). Turning it off lets anyone on
         * the path read and change what devproxy stores; only for a test set-up.
         */
        public Builder verifyPeer(boolean verify) {
            this.verifyPeer = verify;
            return this;
        }

        /** Authenticates as ACL user {@code username} (Redis 6+). The array is copied; clear yours afterwards. */
        public Builder credentials(String username, char[] password) {
            Objects.requireNonNull(username, "username");
            if (username.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            this.username = username;
            return password(password);
        }

        /** Authenticates with {@code requirepass}'s password (the default user). The array is copied. */
        public Builder password(char[] password) {
            Objects.requireNonNull(password, "password");
            if (password.length == 0) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password.clone();
            return this;
        }

        /** How long a connection attempt may take (default 1 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long one command may take (default 500 ms): the longest a bootstrap waits for its token to be spent
         * before it is answered 503, and the longest any devproxy thread waits on Redis.
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        /**
         * What every key and channel name starts with (default {@value RedisSettings#DEFAULT_KEY_PREFIX}): give each fleet
         * sharing one Redis a prefix of its own.
         */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "keyPrefix");
            if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' ' || c == '*' || c == '?' || c == '[')) {
                throw new IllegalArgumentException("keyPrefix must be non-empty, without spaces, control characters"
                        + " or glob characters (* ? [), got '" + prefix + "'");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /** Validates and builds. */
        public RedisSettings build() {
            if (host == null) {
                throw new IllegalStateException("RedisSettings needs uri(...) or address(host, port)");
            }
            return new RedisSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
