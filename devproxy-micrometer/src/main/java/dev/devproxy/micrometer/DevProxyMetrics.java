package dev.devproxy.micrometer;

import dev.devproxy.DevProxyListener;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.LimitReached;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * devproxy's events as Micrometer meters: a {@link DevProxyListener} to hand to
 * {@code DevProxy.Builder.listener(...)}. The Spring Boot starter registers one by itself when the application has a
 * {@link MeterRegistry}; without Boot:
 *
 * <pre>{@code
 * DevProxyMetrics metrics = DevProxyMetrics.builder(registry).build();
 * DevProxy proxy = DevProxy.builder()
 *         .listener(metrics)                // besides routing, resolver and tokens, as usual
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #BOOTSTRAPS}</td><td>counter</td><td>{@code outcome} (accepted, rejected), {@code failure} (the
 *       refusal's {@code Failure}, or none), {@code reason} (the token's {@code RejectionReason}, or none)</td></tr>
 *   <tr><td>{@value #TOKENS_ISSUED}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@value #HTTP_EXCHANGES}</td><td>timer</td><td>{@code status} (1xx to 5xx), {@code failure} (the
 *       upstream failure's kind, or none)</td></tr>
 *   <tr><td>{@value #BYTES}</td><td>counter, base unit bytes</td><td>{@code transport} (http, websocket),
 *       {@code direction} (browser_to_upstream, upstream_to_browser)</td></tr>
 *   <tr><td>{@value #WEBSOCKETS_OPEN}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@value #WEBSOCKETS_CLOSED}</td><td>counter</td><td>{@code code} (the close code exchanged with the
 *       browser; codes outside RFC 6455's and devproxy's own are counted as 3xxx or 4xxx), {@code closed_by}
 *       (browser, upstream, proxy)</td></tr>
 *   <tr><td>{@value #UPSTREAM_FAILURES}</td><td>counter</td><td>{@code kind} (connect_refused, connect_timeout,
 *       ...: {@code UpstreamFailure.Kind})</td></tr>
 *   <tr><td>{@value #LIMITS_REFUSED}</td><td>counter</td><td>{@code limit} (websockets_per_subject, ...:
 *       {@code LimitReached.Limit})</td></tr>
 * </table>
 *
 * <p>Every tag value comes from a fixed set, whatever browsers and upstreams send, so the number of series is
 * bounded (a few hundred at most). {@link Builder#workspaceTag(boolean)} adds a {@code workspace} tag; read its
 * warning first. Subjects (users) are never a tag.
 *
 * <p>Thread-safe; events arrive on request and I/O threads and cost a meter lookup each, no lock.
 */
public final class DevProxyMetrics implements DevProxyListener {
    /** Launches that reached the bootstrap, by outcome. */
    public static final String BOOTSTRAPS = "devproxy.bootstraps";
    /** Launch tokens issued. */
    public static final String TOKENS_ISSUED = "devproxy.tokens.issued";
    /** HTTP exchanges through the tunnel, from arrival to completion. */
    public static final String HTTP_EXCHANGES = "devproxy.http.exchanges";
    /** Body and payload bytes relayed, each way. */
    public static final String BYTES = "devproxy.bytes";
    /** WebSocket pairs open now. */
    public static final String WEBSOCKETS_OPEN = "devproxy.websockets.open";
    /** WebSocket pairs closed, by close code. */
    public static final String WEBSOCKETS_CLOSED = "devproxy.websockets.closed";
    /** Failures to reach an upstream or the registry, by classification. */
    public static final String UPSTREAM_FAILURES = "devproxy.upstream.failures";
    /** Requests refused at one of the proxy's limits. */
    public static final String LIMITS_REFUSED = "devproxy.limits.refused";

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Tags common;
    private final boolean workspaceTag;
    private final AtomicInteger openSockets = new AtomicInteger();

    private DevProxyMetrics(Builder builder) {
        this.registry = builder.registry;
        this.common = builder.tags;
        this.workspaceTag = builder.workspaceTag;
        Gauge.builder(WEBSOCKETS_OPEN, openSockets, AtomicInteger::get)
                .description("devproxy WebSocket pairs open now")
                .tags(common)
                .register(registry);
    }

    /** A builder for metrics recorded into {@code registry}. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void tokenIssued(TokenIssued event) {
        counter(TOKENS_ISSUED, "devproxy launch tokens issued", event.workspace(), Tags.empty()).increment();
    }

    @Override
    public void bootstrapAccepted(BootstrapAccepted event) {
        counter(BOOTSTRAPS, "devproxy launches that reached the bootstrap", event.workspace(),
                Tags.of("outcome", "accepted", "failure", NONE, "reason", NONE)).increment();
    }

    @Override
    public void bootstrapRejected(BootstrapRejected event) {
        // No workspace tag even when enabled: a refused launch names whatever the URL said, so a scan of made-up
        // ids would grow one series per id.
        counter(BOOTSTRAPS, "devproxy launches that reached the bootstrap", null,
                Tags.of("outcome", "rejected", "failure", lower(event.failure()), "reason", lower(event.reason())))
                .increment();
    }

    @Override
    public void exchangeCompleted(ExchangeCompleted event) {
        Timer.builder(HTTP_EXCHANGES)
                .description("devproxy HTTP exchanges through the tunnel")
                .tags(tags(event.workspace(), Tags.of("status", statusClass(event.status()),
                        "failure", lower(event.failure()))))
                .register(registry)
                .record(event.duration());
        bytes("http", "browser_to_upstream", event.workspace(), event.requestBytes());
        bytes("http", "upstream_to_browser", event.workspace(), event.responseBytes());
    }

    @Override
    public void upstreamFailed(UpstreamFailure event) {
        counter(UPSTREAM_FAILURES, "devproxy failures to reach an upstream or the registry", event.workspace(),
                Tags.of("kind", lower(event.kind()))).increment();
    }

    @Override
    public void socketOpened(SocketOpened event) {
        openSockets.incrementAndGet();
    }

    @Override
    public void socketClosed(SocketClosed event) {
        openSockets.decrementAndGet();
        counter(WEBSOCKETS_CLOSED, "devproxy WebSocket pairs closed", event.workspace(),
                Tags.of("code", CloseCodes.tag(event.browserCloseCode()), "closed_by", event.closedBy().label()))
                .increment();
        bytes("websocket", "browser_to_upstream", event.workspace(), event.browserToUpstreamBytes());
        bytes("websocket", "upstream_to_browser", event.workspace(), event.upstreamToBrowserBytes());
    }

    @Override
    public void limitReached(LimitReached event) {
        counter(LIMITS_REFUSED, "devproxy requests refused at a limit", event.workspace(),
                Tags.of("limit", lower(event.limit()))).increment();
    }

    private void bytes(String transport, String direction, WorkspaceId workspace, long bytes) {
        if (bytes > 0) {
            Counter.builder(BYTES)
                    .description("devproxy body and payload bytes relayed")
                    .baseUnit("bytes")
                    .tags(tags(workspace, Tags.of("transport", transport, "direction", direction)))
                    .register(registry)
                    .increment(bytes);
        }
    }

    private Counter counter(String name, String description, WorkspaceId workspace, Tags tags) {
        return Counter.builder(name).description(description).tags(tags(workspace, tags)).register(registry);
    }

    private Tags tags(WorkspaceId workspace, Tags tags) {
        Tags all = common.and(tags);
        return workspaceTag && workspace != null ? all.and("workspace", workspace.value()) : all;
    }

    private static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }

    private static String lower(Enum<?> value) {
        return value == null ? NONE : value.name().toLowerCase(Locale.ROOT);
    }

    /** Builds {@link DevProxyMetrics}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private boolean workspaceTag;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Adds a {@code workspace} tag (the workspace id) to every meter but the open-sockets gauge and refused
         * launches. Off by default.
         *
         * <p><b>Cardinality:</b> every workspace then makes its own series of each meter and status, kind, code and
         * limit: with thousands of workspaces that is hundreds of thousands of series, which most monitoring systems
         * bill or refuse, and which stay in this registry's memory until the application stops. Turn it on only
         * where workspaces are few and long-lived, or the registry drops old series.
         */
        public Builder workspaceTag(boolean enabled) {
            this.workspaceTag = enabled;
            return this;
        }

        /** Adds tags to every meter (e.g. {@code Tags.of("proxy", "ide")} when one application runs two proxies). */
        public Builder tags(Tags tags) {
            this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /** Builds the listener and registers its gauge. */
        public DevProxyMetrics build() {
            return new DevProxyMetrics(this);
        }
    }
}
