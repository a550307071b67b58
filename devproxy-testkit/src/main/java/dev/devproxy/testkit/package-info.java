/**
 * Test support for adapters and integrators: a fake workspace upstream, test tokens, raw clients, and
 * {@link dev.devproxy.testkit.ConformanceContext}, the fixture the conformance suite runs on.
 */
package dev.devproxy.testkit;
