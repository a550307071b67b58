/**
 * JMH benchmarks of the engine's hot paths, so a regression shows without a load run:
 * {@code benchmarks/run.sh --jmh} (docs/benchmarks.md). They call the engine's public internal entry
 * points; nothing here is API.
 */
package dev.devproxy.benchmarks.jmh;
