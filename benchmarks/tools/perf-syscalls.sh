#!/usr/bin/env bash
# Counts the system calls of one proxy while round 1 of a benchmark run measures it on one workload, with
# `perf trace -s` (Linux perf; run as root or with perf_event_paranoid allowing it):
#
#   benchmarks/run.sh --rounds 1 --workloads WS_UPGRADE --targets NGINX,DEVPROXY_JETTY,DEVPROXY_TOMCAT > /tmp/bench.log &
#   benchmarks/tools/perf-syscalls.sh /tmp/bench.log /tmp/s WS_UPGRADE                 # devproxy on Jetty
#   SLOT_BEFORE=DEVPROXY_JETTY SLOT_TARGET=DEVPROXY_TOMCAT benchmarks/tools/perf-syscalls.sh /tmp/bench.log /tmp/s WS_UPGRADE
#   benchmarks/tools/perf-syscalls.py /tmp/s
#
# Targets: DEVPROXY_JETTY, DEVPROXY_TOMCAT, NIO_RELAY_FLOOR, NGINX (its one worker; with DIRECT measured before it).
# Tracing starts when the round-1 line of the target measured before (SLOT_BEFORE, default NGINX) appears and stops
# at the sampled target's own (SLOT_TARGET, default DEVPROXY_JETTY), so it covers that slot and nothing else the proxy
# measures; the trace slows the proxy, so the round's own figures are not to be quoted. Writes OUT/<target>.txt.
set -uo pipefail
log=$1
out=$2
workload=$3
before=${SLOT_BEFORE:-NGINX}
target=${SLOT_TARGET:-DEVPROXY_JETTY}
case $target in
  DEVPROXY_JETTY) pattern='ProxyHost jetty ' ;;
  DEVPROXY_TOMCAT) pattern='ProxyHost tomcat ' ;;
  NIO_RELAY_FLOOR) pattern='NioRelayFloor' ;;
  NGINX) pattern='nginx: worker process' ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
mkdir -p "$out"
wait_for() { # a line of the log, at most 10 minutes
  for _ in $(seq 1 3000); do grep -Eq "$1" "$log" && return 0; sleep 0.2; done
  echo "no line '$1' in $log after 10 minutes" >&2; exit 1
}
wait_for "^round 1 $workload +$before "
pid=$(pgrep -f "$pattern" | head -1)
[ -n "$pid" ] || { echo "no process of $target" >&2; exit 1; }
perf trace -s -p "$pid" -o "$out/$target.txt" &
tracer=$!
wait_for "^round 1 $workload +$target "
kill -INT "$tracer"
wait "$tracer"
echo "$out/$target.txt"
