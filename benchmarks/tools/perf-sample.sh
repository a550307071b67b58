#!/usr/bin/env bash
# Samples each proxy with `perf stat -e EVENTS` for 3 s while round 1 of a benchmark run measures it on the WebSocket
# workloads (nginx, then devproxy on Jetty, then on Tomcat); context-switches.sh and syscalls.sh choose the events:
#
#   benchmarks/tools/perf-sample.sh EVENTS /tmp/bench.log > /tmp/sample.txt
#
# PERF_TARGETS (default "NGINX DEVPROXY_JETTY DEVPROXY_TOMCAT") names the targets to sample, in the order the run
# measures them (DEVPROXY_TOMCAT_TOMCAT_IO and NIO_RELAY_FLOOR, in that order, come after DEVPROXY_TOMCAT). Each output line is prefixed with the
# workload and the target. Divide each count by the round's rate (from the log) times 3 s. Needs perf (Debian's
# linux-perf).
set -uo pipefail
events=$1
log=$2
pid_of() {
  case $1 in
    NGINX) pgrep -f 'nginx: worker' | head -1 ;;
    DEVPROXY_JETTY) pgrep -f 'ProxyHost jetty ' | head -1 ;;
    DEVPROXY_TOMCAT) pgrep -f 'ProxyHost tomcat ' | head -1 ;;
    DEVPROXY_TOMCAT_TOMCAT_IO) pgrep -f 'ProxyHost tomcat_tomcat_io ' | head -1 ;;
    NIO_RELAY_FLOOR) pgrep -f 'NioRelayFloor ' | head -1 ;;
  esac
}
# Each target is sampled once the one measured before it has printed its round-1 line (at most 10 minutes of
# waiting each); DIRECT is measured first.
sample() { # workload, target before, target sampled
  for _ in $(seq 1 2400); do grep -q "round 1 $1 *$2 " "$log" && break; sleep 0.25; done
  local pid; pid=$(pid_of "$3")
  sleep 0.7
  perf stat -x, -e "$events" -p "$pid" -- sleep 3 2>&1 | sed "s/^/$1 $3 /"
}
for workload in WS_REQUEST_RESPONSE WS_PIPELINED; do
  before=DIRECT
  for target in ${PERF_TARGETS:-NGINX DEVPROXY_JETTY DEVPROXY_TOMCAT}; do
    sample $workload $before $target
    before=$target
  done
done
