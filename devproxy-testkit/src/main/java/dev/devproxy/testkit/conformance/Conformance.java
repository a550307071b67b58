package dev.devproxy.testkit.conformance;

import dev.devproxy.testkit.ConformanceContext;
import org.junit.jupiter.api.AfterEach;

/**
 * The root of devproxy's conformance suite. A test class implements {@link DevProxyConformance} (or any
 * of its parts) and returns a fresh {@link ConformanceContext} per test instance:
 *
 * <pre>{@code
 * class MyWiringConformanceTest implements DevProxyConformance {
 *     private final ConformanceContext context = new ConformanceContext(MyServers::startWith);
 *     public ConformanceContext conformance() { return context; }
 * }
 * }</pre>
 */
public interface Conformance {
    /** This test's context (one per test instance). */
    ConformanceContext conformance();

    /** Stops everything and asserts no upstream ever saw devproxy's credentials. */
    @AfterEach
    default void closeConformanceContext() throws Exception {
        conformance().close();
    }
}
