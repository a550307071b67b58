#!/usr/bin/env bash
# Profiles JVM proxies with async-profiler only while the benchmark measures them: the agent is loaded into each
# running proxy (`jcmd PID JVMTI.agent_load`) when the target measured before it has finished its slot, and stopped
# when its own slot's line appears, in every round. Warm-up, the JIT's first minutes and the other targets' slots stay
# out of the recording, which a profiler started with the JVM (BENCH_PROXY_JVM_OPTIONS) cannot leave out.
#
#   benchmarks/run.sh --rounds 4 --warmup 60 --idle 0 --workloads WS_UPGRADE \
#       --targets NGINX,DEVPROXY_TOMCAT,TOMCAT_WS_SERVER_ASYNC,NIO_RELAY_FLOOR > /tmp/bench.log &
#   ROUNDS=4 LIB=/tmp/ap/linux-x64/libasyncProfiler.so benchmarks/tools/window-profile.sh /tmp/bench.log /tmp/wp \
#       WS_UPGRADE NGINX:DEVPROXY_TOMCAT:tomcat NIO_RELAY_FLOOR:TOMCAT_WS_SERVER_ASYNC:tomcat_ws_server_async
#
# Each SPEC is PREVIOUS:TARGET:MODE: the target measured just before TARGET (the run measures its targets in Bench's
# table order, not --targets' order: read it off the round lines), TARGET, and ProxyHost's mode for TARGET (the
# word after `ProxyHost` in its command line). Writes OUT/<TARGET>-r<round>.collapsed (async-profiler's collapsed
# stacks, `threads` option, 0.2 ms CPU interval). Round 1 pays for loading the agent; leave it out. A target
# measured last in a round is not stopped in the run's last round (its JVM has exited); put one more target after
# it. The agent slows what it samples: quote no figure of the profiled run, only shares of its samples (see
# upgrade-phases.py). LIB is libasyncProfiler.so (async-profiler 4.1's jar from Maven Central carries it).
set -uo pipefail
log=$1
out=$2
workload=$3
shift 3
lib=${LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}
mkdir -p "$out"
wait_for() { # a line of the log, at most 10 minutes
  for _ in $(seq 1 6000); do grep -Eq "$1" "$log" && return 0; sleep 0.1; done
  echo "no line '$1' in $log after 10 minutes" >&2
  exit 1
}
for round in $(seq 1 "${ROUNDS:-3}"); do
  for spec in "$@"; do
    IFS=: read -r previous target mode <<< "$spec"
    wait_for "^round $round $workload +$previous "
    pid=$(pgrep -f "ProxyHost $mode " | head -1)
    [ -n "$pid" ] || { echo "no process of $target in round $round" >&2; continue; }
    # jcmd reads key=value as its own arguments: the agent's options travel quoted, as one.
    jcmd "$pid" JVMTI.agent_load "$lib" '"start,event=cpu,interval=200000,threads"' >/dev/null
    wait_for "^round $round $workload +$target "
    jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out/$target-r$round.collapsed,collapsed\"" >/dev/null
    echo "$out/$target-r$round.collapsed"
  done
done
