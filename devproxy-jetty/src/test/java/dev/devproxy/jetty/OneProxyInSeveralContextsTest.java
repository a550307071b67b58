package dev.devproxy.jetty;

import dev.devproxy.testkit.conformance.OneProxyInTwoContexts;
import org.junit.jupiter.api.Test;

/** One proxy in two contexts: the first to stop leaves it to the other, the last closes it. */
class OneProxyInSeveralContextsTest {

    @Test
    void aContextThatStopsLeavesTheProxyToTheOthersUntilTheLastStops() throws Exception {
        OneProxyInTwoContexts.check(JettyServers::start);
    }
}
