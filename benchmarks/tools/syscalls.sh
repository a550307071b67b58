#!/usr/bin/env bash
# Counts each proxy's system calls by kind (perf tracepoints) for 3 s while round 1 of a benchmark run measures it
# on the WebSocket workloads, so that the kernel work per message can be compared with nginx's:
#
#   benchmarks/run.sh --workloads WS_REQUEST_RESPONSE,WS_PIPELINED --targets DIRECT,NGINX,DEVPROXY_JETTY,DEVPROXY_TOMCAT \
#       > /tmp/bench.log &
#   benchmarks/tools/syscalls.sh /tmp/bench.log > /tmp/syscalls.txt
#
# Divide each count by the round's rate (from the log) times 3 s. Needs perf (Debian's linux-perf) and the kernel's
# syscall tracepoints (/sys/kernel/tracing); the sampling is the same as context-switches.sh's.
set -uo pipefail
log=$1
events=raw_syscalls:sys_enter,context-switches,task-clock
for call in epoll_wait epoll_pwait epoll_ctl read write readv writev recvfrom sendto futex; do
  events+=",syscalls:sys_enter_$call"
done
pid_of() {
  case $1 in
    NGINX) pgrep -f 'nginx: worker' | head -1 ;;
    DEVPROXY_JETTY) pgrep -f 'ProxyHost jetty ' | head -1 ;;
    DEVPROXY_TOMCAT) pgrep -f 'ProxyHost tomcat ' | head -1 ;;
  esac
}
sample() { # workload, target before, target sampled
  for _ in $(seq 1 2400); do grep -q "round 1 $1 *$2 " "$log" && break; sleep 0.25; done
  local pid; pid=$(pid_of "$3")
  sleep 0.7
  perf stat -x, -e "$events" -p "$pid" -- sleep 3 2>&1 | sed "s/^/$1 $3 /"
}
for workload in WS_REQUEST_RESPONSE WS_PIPELINED; do
  sample $workload DIRECT NGINX
  sample $workload NGINX DEVPROXY_JETTY
  sample $workload DEVPROXY_JETTY DEVPROXY_TOMCAT
done
