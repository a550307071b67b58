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
exec "$(dirname "$0")/perf-sample.sh" context-switches,task-clock "$1"
