#!/usr/bin/env bash
# Counts each proxy's system calls by kind (perf tracepoints) for 3 s while round 1 of a benchmark run measures it
# on the WebSocket workloads, so that the kernel work per message can be compared with nginx's:
#
#   benchmarks/run.sh --workloads WS_REQUEST_RESPONSE,WS_PIPELINED --targets DIRECT,NGINX,DEVPROXY_JETTY,DEVPROXY_TOMCAT \
#       > /tmp/bench.log &
#   benchmarks/tools/syscalls.sh /tmp/bench.log > /tmp/syscalls.txt
#
# Divide each count by the round's rate (from the log) times 3 s. Needs perf (Debian's linux-perf) and the kernel's
# syscall tracepoints (/sys/kernel/tracing); the sampling is perf-sample.sh's.
set -uo pipefail
events=raw_syscalls:sys_enter,context-switches,task-clock
for call in epoll_wait epoll_pwait epoll_ctl read write readv writev recvfrom sendto futex; do
  events+=",syscalls:sys_enter_$call"
done
exec "$(dirname "$0")/perf-sample.sh" "$events" "$1"
