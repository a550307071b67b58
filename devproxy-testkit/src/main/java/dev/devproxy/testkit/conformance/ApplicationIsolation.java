package dev.devproxy.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.testkit.ConformanceContext;
import dev.devproxy.testkit.TestResponse;

/**
 * Issue 23: on a workspace's own host no filter, servlet or WebSocket endpoint of the application runs, however the
 * application registered them; on the application's host they all work as before. An adapter's test calls
 * {@link #assertTheApplicationNeverRunsOnWorkspaceHosts} with a context whose server, besides the suite's usual
 * routes, has a filter on {@code /*} that sets {@code X-Application-Filter: ran} and a Jakarta WebSocket endpoint of
 * its own at {@code /app/socket}, registered through the container's {@code ServerContainer}, and whose proxy uses
 * {@link ConformanceContext#HOSTS}.
 */
public final class ApplicationIsolation {
    private ApplicationIsolation() {
    }

    /** Asserts the isolation through {@code c}. */
    public static void assertTheApplicationNeverRunsOnWorkspaceHosts(ConformanceContext c) throws Exception {
        TestResponse onWorkspace = c.get(c.workspaceOrigin("alpha") + "/app/hello");
        assertThat(onWorkspace.status()).isEqualTo(401);
        assertThat(onWorkspace.header("X-Application-Filter")).as("the application's filter").isNull();
        assertThat(c.upgradeStatus(c.workspaceOrigin("alpha").replace("http:", "ws:") + "/app/socket", null,
                c.workspaceOrigin("alpha"))).as("the application's WebSocket endpoint").isEqualTo(401);

        TestResponse onApplication = c.get(c.hostUri("localhost", "/app/hello"));
        assertThat(onApplication.text()).isEqualTo("host app");
        assertThat(onApplication.header("X-Application-Filter")).isEqualTo("ran");
        assertThat(c.upgradeStatus("ws://localhost:" + c.port() + "/app/socket", null, "http://localhost:" + c.port()))
                .as("the application's WebSocket endpoint on its own host").isEqualTo(101);
    }
}
