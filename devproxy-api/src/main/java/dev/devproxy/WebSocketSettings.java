package dev.devproxy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the WebSocket half of the tunnel behaves.
 *
 * <pre>{@code
 * WebSocketSettings ws = WebSocketSettings.builder()
 *         .allowedOrigin("https://portal.example.com")
 *         .authFailure(WebSocketSettings.AuthFailure.ACCEPT_THEN_CLOSE)
 *         .build();
 * }</pre>
 */
public final class WebSocketSettings {
    /** How an upgrade without a valid credential is refused. */
    public enum AuthFailure {
        /** Answer 401 before upgrading (default). Browsers hide the status from scripts. */
        HTTP_STATUS,
        /**
         * Upgrade, then close at once with {@code 4401} so a browser client can see that it must bootstrap
         * again. Nothing is dialled upstream.
         */
        ACCEPT_THEN_CLOSE
    }

    /**
     * How a socket's traffic crosses the proxy once both handshakes are done. Either way the handshake is
     * checked and its headers rewritten the same way, close codes cross through the same table, the size limit
     * holds, and keep-alive pings, revocation and shutdown behave the same.
     */
    public enum Relaying {
        /**
         * {@link #BYTES} on the containers devproxy's adapters install into (Jetty 12.1, Tomcat 10.1 and 11),
         * {@link #FRAMES} on any other.
         */
        AUTO,
        /**
         * Terminate both WebSockets in the proxy and relay frames: the browser's socket is the container's
         * Jakarta WebSocket session, the upstream's a Jetty client session, each with its own extensions.
         * Works on every container; costs unmasking and re-masking every frame, and the container's
         * per-session buffers.
         */
        FRAMES,
        /**
         * Forward the browser's handshake (key, extensions, subprotocols) and then relay bytes, reading only frame
         * headers, the way nginx does: several times less CPU per byte and less memory per idle socket. The browser
         * and the upstream negotiate extensions between themselves, so with permessage-deflate the size limit
         * and the byte counts apply to compressed payloads. On Tomcat through Tomcat's own upgrade interface (the
         * one its WebSocket server uses), which the Tomcat adapter enables, else through Servlet protocol upgrade
         * ({@code HttpServletRequest.upgrade}); on Jetty through Jetty's own connection upgrade, which the Jetty
         * adapters enable (Jetty 12.1's Servlet upgrade does not deliver the upgraded bytes).
         */
        BYTES
    }

    private final long maxMessageSize;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final Duration shutdownDrain;
    private final AuthFailure authFailure;
    private final Set<String> allowedOrigins;
    private final Relaying relaying;

    private WebSocketSettings(Builder builder) {
        this.relaying = builder.relaying;
        this.maxMessageSize = builder.maxMessageSize;
        this.idleTimeout = builder.idleTimeout;
        this.pingInterval = builder.pingInterval;
        this.shutdownDrain = builder.shutdownDrain;
        this.authFailure = builder.authFailure;
        this.allowedOrigins = Set.copyOf(builder.allowedOrigins);
    }

    /**
     * The defaults: 64 MiB messages, 10 min idle timeout, pings every 30 s, 5 s drain, HTTP status on auth failure,
     * {@link Relaying#AUTO}.
     */
    public static WebSocketSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings, to change some of them. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxMessageSize = maxMessageSize;
        builder.idleTimeout = idleTimeout;
        builder.pingInterval = pingInterval;
        builder.shutdownDrain = shutdownDrain;
        builder.authFailure = authFailure;
        builder.allowedOrigins.addAll(allowedOrigins);
        builder.relaying = relaying;
        return builder;
    }

    /** The largest message relayed in either direction, in bytes; larger ones close with 1009. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** A socket pair with no frame either way for this long is closed with 1001. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How often keep-alive pings are sent to both sides; {@link Duration#ZERO} turns them off. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long shutdown waits for sockets to close on their own before closing them with 1001. */
    public Duration shutdownDrain() {
        return shutdownDrain;
    }

    /** How an upgrade without a valid credential is refused. */
    public AuthFailure authFailure() {
        return authFailure;
    }

    /**
     * Origins (e.g. {@code https://portal.example.com}) allowed to open sockets besides the
     * browser-facing origin of the request itself.
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** How traffic is relayed after the handshake ({@link Relaying#AUTO} unless set). */
    public Relaying relaying() {
        return relaying;
    }

    /** Builds {@link WebSocketSettings}; setters validate and name the bad value. */
    public static final class Builder {
        private long maxMessageSize = 64L * 1024 * 1024;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration shutdownDrain = Duration.ofSeconds(5);
        private AuthFailure authFailure = AuthFailure.HTTP_STATUS;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private Relaying relaying = Relaying.AUTO;

        private Builder() {
        }

        /** Sets the largest relayed message, 1 KiB to 2 GiB. */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxMessageSize must be between 1024 and " + Integer.MAX_VALUE
                        + " bytes, got " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Sets the idle timeout; must be positive. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Settings.positive("webSocket.idleTimeout", timeout);
            return this;
        }

        /** Sets the keep-alive ping interval; zero disables pings. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = Settings.notNegative("webSocket.pingInterval", interval);
            return this;
        }

        /** Sets how long shutdown waits before closing live sockets with 1001; zero closes at once. */
        public Builder shutdownDrain(Duration drain) {
            this.shutdownDrain = Settings.notNegative("webSocket.shutdownDrain", drain);
            return this;
        }

        /** Sets how an upgrade without a valid credential is refused. */
        public Builder authFailure(AuthFailure mode) {
            this.authFailure = Objects.requireNonNull(mode, "authFailure");
            return this;
        }

        /**
         * Allows browser sockets from {@code origin} (scheme, host and optional port, e.g.
         * {@code https://portal.example.com:8443}).
         */
        public Builder allowedOrigin(String origin) {
            this.allowedOrigins.add(Settings.origin("webSocket.allowedOrigin", origin));
            return this;
        }

        /** Sets how traffic is relayed after the handshake. */
        public Builder relaying(Relaying mode) {
            this.relaying = Objects.requireNonNull(mode, "relaying");
            return this;
        }

        /** Builds the immutable settings. */
        public WebSocketSettings build() {
            if (!pingInterval.isZero() && pingInterval.compareTo(idleTimeout) >= 0) {
                throw new IllegalArgumentException("webSocket.pingInterval (" + pingInterval
                        + ") must be shorter than webSocket.idleTimeout (" + idleTimeout + ")");
            }
            return new WebSocketSettings(this);
        }
    }
}
