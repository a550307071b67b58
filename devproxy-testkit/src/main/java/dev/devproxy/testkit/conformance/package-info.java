/**
 * The conformance suite: interfaces of default test methods that an adapter's (or an integrator's) test class
 * implements, each with a {@link dev.devproxy.testkit.ConformanceContext} for its wiring.
 */
package dev.devproxy.testkit.conformance;
