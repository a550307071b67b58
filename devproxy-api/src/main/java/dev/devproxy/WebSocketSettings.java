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
         * Forward the browser's handshake (key, subprotocols, and extensions as {@link Compression} says) and then
         * relay bytes, reading only frame headers, the way nginx does: several times less CPU per byte and less memory
         * per idle socket. On Tomcat through Tomcat's own upgrade interface (the one its WebSocket server uses), which
         * the Tomcat adapter enables, else through Servlet protocol upgrade ({@code HttpServletRequest.upgrade}); on
         * Jetty through Jetty's own connection upgrade, which the Jetty adapters enable (Jetty 12.1's Servlet upgrade
         * does not deliver the upgraded bytes).
         */
        BYTES
    }

    /**
     * Whether browser and upstream may compress their messages ({@code permessage-deflate}, RFC 7692) through the byte
     * relay ({@link Relaying#BYTES}). The frame relay ends both sockets in the proxy, so there the container compresses
     * (or not) what it sends the browser and inflates what it receives, and the size limit counts inflated bytes
     * whichever is set.
     */
    public enum Compression {
        /**
         * Not negotiated through the byte relay (default): the proxy removes {@code Sec-WebSocket-Extensions} from the
         * browser's handshake, so the two speak uncompressed, the size limit counts what the upstream receives, and
         * no browser can hand the upstream a small frame that inflates to gigabytes. Costs bandwidth between browser
         * and proxy (code-server's traffic is several times its compressed size; see the README), no CPU.
         */
        NONE,
        /**
         * Negotiated end to end: the browser's {@code permessage-deflate} offer reaches the upstream (other
         * extensions do not), and the proxy inflates every compressed message from the browser as it passes, only
         * to count it, so the size limit ({@code 1009}) holds for what the upstream will inflate. Costs the proxy
         * the CPU of inflating what browsers send and, per compressing socket, an inflater (about 40 KiB of native
         * memory) and 12 KiB of buffers; messages from the upstream are counted as sent, compressed.
         */
        PERMESSAGE_DEFLATE
    }

    private final long maxMessageSize;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final Duration shutdownDrain;
    private final Duration inactivityTimeout;
    private final AuthFailure authFailure;
    private final Set<String> allowedOrigins;
    private final Relaying relaying;
    private final Compression compression;

    private WebSocketSettings(Builder builder) {
        this.relaying = builder.relaying;
        this.compression = builder.compression;
        this.maxMessageSize = builder.maxMessageSize;
        this.idleTimeout = builder.idleTimeout;
        this.pingInterval = builder.pingInterval;
        this.shutdownDrain = builder.shutdownDrain;
        this.inactivityTimeout = builder.inactivityTimeout;
        this.authFailure = builder.authFailure;
        this.allowedOrigins = Set.copyOf(builder.allowedOrigins);
    }

    /**
     * The defaults: 64 MiB messages, 10 min idle timeout, pings every 30 s, 5 s drain, HTTP status on auth failure,
     * {@link Relaying#AUTO}, {@link Compression#NONE}.
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
        builder.inactivityTimeout = inactivityTimeout;
        builder.authFailure = authFailure;
        builder.allowedOrigins.addAll(allowedOrigins);
        builder.relaying = relaying;
        builder.compression = compression;
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

    /**
     * How long a pair may carry no message before it is closed ({@code 1001}, "inactive"), whatever keep-alive pings
     * keep flowing; zero (the default) never closes a quiet pair for being quiet.
     */
    public Duration inactivityTimeout() {
        return inactivityTimeout;
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

    /** Whether the byte relay lets browser and upstream compress ({@link Compression#NONE} unless set). */
    public Compression compression() {
        return compression;
    }

    /** Builds {@link WebSocketSettings}; setters validate and name the bad value. */
    public static final class Builder {
        private long maxMessageSize = 64L * 1024 * 1024;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration shutdownDrain = Duration.ofSeconds(5);
        private Duration inactivityTimeout = Duration.ZERO;
        private AuthFailure authFailure = AuthFailure.HTTP_STATUS;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private Relaying relaying = Relaying.AUTO;
        private Compression compression = Compression.NONE;

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

        /**
         * Closes a pair ({@code 1001}, "inactive") when no message crossed it, either way, for {@code timeout}: the
         * idle timeout never fires on a socket the keep-alive pings keep busy, so this is the one that ends a
         * forgotten tab's IDE session. Control frames (pings, pongs) do not count. Zero (the default) turns it off.
         */
        public Builder inactivityTimeout(Duration timeout) {
            this.inactivityTimeout = Settings.notNegative("webSocket.inactivityTimeout", timeout);
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

        /** Sets whether the byte relay lets browser and upstream compress. */
        public Builder compression(Compression mode) {
            this.compression = Objects.requireNonNull(mode, "compression");
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
