package dev.devproxy.redis;

import dev.devproxy.redis.fleet.GatewayServers;
import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.conformance.DevProxyConformance;
import dev.devproxy.testkit.redis.RealRedis;
import dev.devproxy.testkit.redis.RedisProcess;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole conformance suite on Jetty, with the Redis-backed replay and revocation stores in place of the in-memory
 * ones (each test on keys of its own, so that one test's revocations are not another's): everything devproxy
 * promises still holds when its memory is Redis.
 */
@ExtendWith(RealRedis.class)
class RedisConformanceTest implements DevProxyConformance {
    private static RedisProcess redis;

    private final RedisFleet fleet = RedisFleet.builder(RedisSettings.builder().uri(redis.uri())
            .keyPrefix("conformance-" + UUID.randomUUID() + ":").build())
            .resyncInterval(Duration.ofSeconds(1)).connect();
    private final ConformanceContext context = new ConformanceContext(GatewayServers::jetty)
            .configure(b -> b.replayStore(fleet.replayStore()).revocationStore(fleet.revocationStore()));

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.stop();
        }
    }

    @AfterEach
    void closeFleet() {
        fleet.close();
    }

    @Override
    public ConformanceContext conformance() {
        return context;
    }
}
