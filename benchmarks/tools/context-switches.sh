#!/usr/bin/env bash
# Samples each proxy's context switches and CPU time (perf stat) for 3 s while round 1 of a benchmark run measures
# it on the WebSocket workloads, so hand-offs between threads can be counted per message:
#
#   benchmarks/run.sh --workloads WS_REQUEST_RESPONSE,WS_PIPELINED --targets DIRECT,NGINX,DEVPROXY_JETTY,DEVPROXY_TOMCAT \
#       > /tmp/bench.log &
#   benchmarks/tools/context-switches.sh /tmp/bench.log > /tmp/context-switches.txt
#
# Divide each count by the round's rate (from the log) times 3 s. Needs perf (Debian's linux-perf); the
# context-switches and task-clock events are software counters, so they work where hardware counters do not.
set -uo pipefail
log=$1
pid_of() {
  case $1 in
    NGINX) pgrep -f 'nginx: worker' | head -1 ;;
    DEVPROXY_JETTY) pgrep -f 'ProxyHost jetty ' | head -1 ;;
    DEVPROXY_TOMCAT) pgrep -f 'ProxyHost tomcat ' | head -1 ;;
  esac
}
# Targets run in the order DIRECT, NGINX, DEVPROXY_JETTY, DEVPROXY_TOMCAT: each is sampled once the one before has
# printed its round-1 line (at most 10 minutes of waiting each).
sample() { # workload, target before, target sampled
  for _ in $(seq 1 2400); do grep -q "round 1 $1 *$2 " "$log" && break; sleep 0.25; done
  local pid; pid=$(pid_of "$3")
  sleep 0.7
  perf stat -x, -e context-switches,task-clock -p "$pid" -- sleep 3 2>&1 | sed "s/^/$1 $3 /"
}
for workload in WS_REQUEST_RESPONSE WS_PIPELINED; do
  sample $workload DIRECT NGINX
  sample $workload NGINX DEVPROXY_JETTY
  sample $workload DEVPROXY_JETTY DEVPROXY_TOMCAT
done
