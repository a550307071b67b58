/**
 * The side-by-side load benchmark: a fake upstream ({@link dev.devproxy.benchmarks.Upstream}), devproxy
 * hosted on Jetty or Tomcat ({@link dev.devproxy.benchmarks.ProxyHost}), nginx
 * ({@link dev.devproxy.benchmarks.Nginx}), the load client's workloads and the orchestrator
 * ({@link dev.devproxy.benchmarks.Bench}) that runs them round by round and writes the results. Not API.
 */
package dev.devproxy.benchmarks;
