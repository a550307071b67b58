package dev.devproxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of the host application one user, one workspace, or everyone together may hold: devproxy runs on the
 * host's own server, so no user may take all of it. Over a limit a request is refused at once with {@code 429} and
 * {@code Retry-After} (a WebSocket in accept-then-close mode: close {@code 1013}), reported to the listener, and
 * nothing else is disturbed. Limits are enforced atomically: of many concurrent upgrades against a limit of K,
 * exactly K get through.
 *
 * <pre>{@code
 * DevProxy.builder().limits(Limits.builder().webSocketsPerSubject(32).build())
 * }</pre>
 *
 * <p>The defaults leave room for what people do and stop a single account from holding the server's file
 * descriptors: one code-server window with an editor and a terminal holds 2 WebSockets (measured through the demo
 * in the e2e suite), a Jupyter notebook one per running kernel, noVNC one; 64 per user is thirty-odd IDE windows.
 * Immutable.
 */
public final class Limits {
    private final int webSocketsPerSubject;
    private final int webSocketsPerWorkspace;
    private final int webSocketsPerProxy;
    private final int dialsPerWorkspace;
    private final int httpExchangesPerWorkspace;
    private final Duration retryAfter;

    private Limits(Builder builder) {
        this.webSocketsPerSubject = builder.webSocketsPerSubject;
        this.webSocketsPerWorkspace = builder.webSocketsPerWorkspace;
        this.webSocketsPerProxy = builder.webSocketsPerProxy;
        this.dialsPerWorkspace = builder.dialsPerWorkspace;
        this.httpExchangesPerWorkspace = builder.httpExchangesPerWorkspace;
        this.retryAfter = builder.retryAfter;
    }

    /** The defaults: see each builder method. */
    public static Limits defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many WebSocket pairs one subject (user) may hold open at once, across workspaces. */
    public int webSocketsPerSubject() {
        return webSocketsPerSubject;
    }

    /** How many WebSocket pairs one workspace may hold open at once, across users. */
    public int webSocketsPerWorkspace() {
        return webSocketsPerWorkspace;
    }

    /** How many WebSocket pairs the whole proxy may hold open at once. */
    public int webSocketsPerProxy() {
        return webSocketsPerProxy;
    }

    /** How many WebSocket upgrades to one workspace may be dialling its upstream at once. */
    public int dialsPerWorkspace() {
        return dialsPerWorkspace;
    }

    /** How many HTTP exchanges with one workspace's upstream may be in flight at once. */
    public int httpExchangesPerWorkspace() {
        return httpExchangesPerWorkspace;
    }

    /** What {@code Retry-After} tells a refused client. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String toString() {
        return "Limits[webSockets per subject=" + webSocketsPerSubject + ", per workspace=" + webSocketsPerWorkspace
                + ", per proxy=" + webSocketsPerProxy + ", dials per workspace=" + dialsPerWorkspace
                + ", HTTP exchanges per workspace=" + httpExchangesPerWorkspace + ", retryAfter=" + retryAfter + "]";
    }

    /** Builds {@link Limits}; each limit is at least 1. */
    public static final class Builder {
        private int webSocketsPerSubject = 64;
        private int webSocketsPerWorkspace = 256;
        private int webSocketsPerProxy = 20_000;
        private int dialsPerWorkspace = 32;
        private int httpExchangesPerWorkspace = 256;
        private Duration retryAfter = Duration.ofSeconds(5);

        private Builder() {
        }

        /** WebSocket pairs per subject (default 64: thirty-odd code-server windows, at 2 sockets each). */
        public Builder webSocketsPerSubject(int limit) {
            this.webSocketsPerSubject = atLeastOne("webSocketsPerSubject", limit);
            return this;
        }

        /** WebSocket pairs per workspace (default 256: a workspace a team shares). */
        public Builder webSocketsPerWorkspace(int limit) {
            this.webSocketsPerWorkspace = atLeastOne("webSocketsPerWorkspace", limit);
            return this;
        }

        /** WebSocket pairs of the whole proxy (default 20 000: within a default file descriptor limit of 64 K). */
        public Builder webSocketsPerProxy(int limit) {
            this.webSocketsPerProxy = atLeastOne("webSocketsPerProxy", limit);
            return this;
        }

        /**
         * Upgrades dialling one workspace at once (default 32: a browser opens an IDE's few sockets together; a
         * workspace that does not answer cannot gather hundreds of pending dials).
         */
        public Builder dialsPerWorkspace(int limit) {
            this.dialsPerWorkspace = atLeastOne("dialsPerWorkspace", limit);
            return this;
        }

        /**
         * HTTP exchanges in flight with one workspace (default 256: a browser loads an IDE over 6 connections per
         * host; a few users loading at once stay far below).
         */
        public Builder httpExchangesPerWorkspace(int limit) {
            this.httpExchangesPerWorkspace = atLeastOne("httpExchangesPerWorkspace", limit);
            return this;
        }

        /** The {@code Retry-After} of a refusal (default 5 s); whole seconds, at least 1. */
        public Builder retryAfter(Duration retryAfter) {
            Settings.positive("limits.retryAfter", retryAfter);
            if (retryAfter.toSeconds() < 1) {
                throw new IllegalArgumentException("limits.retryAfter must be at least 1 second, got " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /** Builds the immutable limits. */
        public Limits build() {
            return new Limits(this);
        }

        private static int atLeastOne(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("limits." + field + " must be at least 1, got " + value);
            }
            return value;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limits that && webSocketsPerSubject == that.webSocketsPerSubject
                && webSocketsPerWorkspace == that.webSocketsPerWorkspace && webSocketsPerProxy == that.webSocketsPerProxy
                && dialsPerWorkspace == that.dialsPerWorkspace
                && httpExchangesPerWorkspace == that.httpExchangesPerWorkspace && retryAfter.equals(that.retryAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(webSocketsPerSubject, webSocketsPerWorkspace, webSocketsPerProxy, dialsPerWorkspace,
                httpExchangesPerWorkspace, retryAfter);
    }
}
