package dev.devproxy.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.Failure;
import dev.devproxy.WorkspaceId;
import dev.devproxy.event.BootstrapAccepted;
import dev.devproxy.event.BootstrapRejected;
import dev.devproxy.event.ExchangeCompleted;
import dev.devproxy.event.LimitReached;
import dev.devproxy.event.SocketClosed;
import dev.devproxy.event.SocketOpened;
import dev.devproxy.event.TokenIssued;
import dev.devproxy.event.UpstreamFailure;
import dev.devproxy.spi.RejectionReason;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DevProxyMetricsTest {
    private static final WorkspaceId WS = WorkspaceId.of("ws-1");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void eachEventLandsOnItsMeterWithLowCardinalityTags() {
        DevProxyMetrics metrics = DevProxyMetrics.builder(registry).build();

        metrics.tokenIssued(new TokenIssued(WS, "ada", "t1", Instant.EPOCH));
        metrics.bootstrapAccepted(new BootstrapAccepted(WS, "ada", "t1", "s1"));
        metrics.bootstrapRejected(new BootstrapRejected("made-up", Failure.UNAUTHENTICATED, RejectionReason.REPLAYED));
        metrics.exchangeCompleted(new ExchangeCompleted(WS, "ada", "GET", 200, 0, 1500, Duration.ofMillis(20)));
        metrics.upstreamFailed(new UpstreamFailure(WS, UpstreamFailure.Kind.CONNECT_REFUSED,
                Failure.UPSTREAM_UNAVAILABLE));
        metrics.exchangeCompleted(new ExchangeCompleted(WS, "ada", "POST", 502, 10, 0, Duration.ofMillis(3),
                UpstreamFailure.Kind.CONNECT_REFUSED));
        metrics.socketOpened(new SocketOpened(1, WS, "ada", ""));
        metrics.socketOpened(new SocketOpened(2, WS, "ada", ""));
        assertThat(registry.get(DevProxyMetrics.WEBSOCKETS_OPEN).gauge().value()).isEqualTo(2);
        metrics.socketClosed(closed(1, 4401));
        metrics.socketClosed(closed(2, 4321)); // a code of the application's own: folded
        metrics.limitReached(new LimitReached(LimitReached.Limit.WEBSOCKETS_PER_SUBJECT, WS, "ada"));

        assertThat(registry.get(DevProxyMetrics.TOKENS_ISSUED).counter().count()).isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.BOOTSTRAPS).tags("outcome", "accepted").counter().count()).isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.BOOTSTRAPS)
                .tags("outcome", "rejected", "failure", "unauthenticated", "reason", "replayed").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.HTTP_EXCHANGES).tags("status", "2xx", "failure", "none").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get(DevProxyMetrics.HTTP_EXCHANGES).tags("status", "5xx", "failure", "connect_refused")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.UPSTREAM_FAILURES).tags("kind", "connect_refused").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.BYTES).tags("transport", "http", "direction", "upstream_to_browser")
                .counter().count()).isEqualTo(1500);
        assertThat(registry.get(DevProxyMetrics.BYTES).tags("transport", "websocket", "direction", "browser_to_upstream")
                .counter().count()).isEqualTo(2 * 7);
        assertThat(registry.get(DevProxyMetrics.WEBSOCKETS_CLOSED).tags("code", "4401", "closed_by", "proxy")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.WEBSOCKETS_CLOSED).tags("code", "4xxx").counter().count()).isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.WEBSOCKETS_OPEN).gauge().value()).isZero();
        assertThat(registry.get(DevProxyMetrics.LIMITS_REFUSED).tags("limit", "websockets_per_subject").counter()
                .count()).isEqualTo(1);
        // Neither the subject nor the workspace is a tag unless asked for.
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .noneMatch(tag -> tag.getValue().equals("ada") || tag.getValue().equals("ws-1")));
    }

    @Test
    void closeCodesAnyClientCanChooseStayAFixedSet() {
        DevProxyMetrics metrics = DevProxyMetrics.builder(registry).build();
        for (int code = 3000; code < 5000; code++) {
            metrics.socketOpened(new SocketOpened(code, WS, "ada", ""));
            metrics.socketClosed(closed(code, code));
        }
        assertThat(registry.find(DevProxyMetrics.WEBSOCKETS_CLOSED).counters())
                .extracting(counter -> counter.getId().getTag("code"))
                .containsExactlyInAnyOrder("3xxx", "4xxx", "4400", "4401", "4403", "4404", "4405", "4410", "4500",
                        "4502", "4503", "4504");
    }

    @Test
    void theWorkspaceTagIsThereOnlyWhenEnabledAndNeverForRefusedLaunches() {
        DevProxyMetrics metrics = DevProxyMetrics.builder(registry).workspaceTag(true).build();
        metrics.exchangeCompleted(new ExchangeCompleted(WS, "ada", "GET", 204, 0, 0, Duration.ofMillis(1)));
        metrics.bootstrapRejected(new BootstrapRejected("scan-1", Failure.UNAUTHENTICATED, RejectionReason.MISSING));

        assertThat(registry.get(DevProxyMetrics.HTTP_EXCHANGES).tags("workspace", "ws-1").timer().count()).isEqualTo(1);
        assertThat(registry.get(DevProxyMetrics.BOOTSTRAPS).meters()).extracting(Meter::getId)
                .allSatisfy(id -> assertThat(id.getTag("workspace")).isNull());
    }

    private static SocketClosed closed(long id, int clientCode) {
        return new SocketClosed(id, WS, "ada", "", clientCode, clientCode, SocketClosed.Side.PROXY, 1, 7, 1, 9, Duration.ofSeconds(1));
    }
}
