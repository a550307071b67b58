#!/usr/bin/env bash
# Marks when round 1 of a benchmark run measures one proxy on each workload, and what each of its threads spent
# meanwhile, for profiles taken with a recording that runs the whole time (docs/benchmarks.md, "Run it"):
#
#   BENCH_PROXY_JVM_OPTIONS="-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=/tmp/p/{name}.jfr" \
#       benchmarks/run.sh --rounds 1 --workloads W1,W2 --targets NGINX,DEVPROXY_JETTY ... > /tmp/bench.log &
#   benchmarks/tools/jfr-slots.sh /tmp/bench.log /tmp/p W1 W2
#
# For each workload it waits (at most 10 minutes) for the round-1 line of the target measured before the sampled
# one (SLOT_BEFORE, default NGINX), then for the sampled one's (SLOT_TARGET, default DEVPROXY_JETTY), and writes
# OUT/slots.txt (workload, start and end in epoch milliseconds) and OUT/<workload>-threads.txt: CPU seconds per
# thread name of the sampled proxy over the slot, from /proc (total, user, system). benchmarks/tools/jfr-top.py
# then aggregates the recording's samples inside each slot.
set -uo pipefail
log=$1
out=$2
shift 2
before=${SLOT_BEFORE:-NGINX}
target=${SLOT_TARGET:-DEVPROXY_JETTY}
case $target in
  DEVPROXY_JETTY) pattern='ProxyHost jetty ' ;;
  DEVPROXY_TOMCAT) pattern='ProxyHost tomcat ' ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
mkdir -p "$out"
threads() { # pid: "utime stime name" per thread, in ticks; one awk over every thread's stat, to be quick
  awk '{ o = index($0, "("); c = 0
         for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { c = i; break }
         name = substr($0, o + 1, c - o - 1); gsub(/ /, "_", name)
         split(substr($0, c + 2), f, " "); print f[12], f[13], name }' /proc/"$1"/task/*/stat 2>/dev/null
}
wait_for() { for _ in $(seq 1 2400); do grep -q "$1" "$log" && return 0; sleep 0.25; done; return 1; }
for workload in "$@"; do
  wait_for "round 1 $workload *$before " || { echo "no round-1 line for $workload $before" >&2; exit 1; }
  pid=$(pgrep -f "$pattern" | head -1)
  start=$(date +%s%3N)
  threads "$pid" > "$out/$workload-threads-start.txt"
  wait_for "round 1 $workload *$target " || { echo "no round-1 line for $workload $target" >&2; exit 1; }
  end=$(date +%s%3N)
  threads "$pid" > "$out/$workload-threads-end.txt"
  echo "$workload $start $end" >> "$out/slots.txt"
  # Per thread name (digits folded, so a pool's threads add up): CPU seconds over the slot, user and system.
  awk 'NR==FNR { u[$3] += $1; k[$3] += $2; next } { U[$3] += $1; K[$3] += $2 }
       END { for (t in U) { n = t; gsub(/[0-9]+/, "N", n); du[n] += (U[t] - u[t]) / 100; dk[n] += (K[t] - k[t]) / 100 }
             for (n in du) if (du[n] + dk[n] > 0) printf "%8.2f %8.2f %8.2f %s\n", du[n] + dk[n], du[n], dk[n], n }' \
      "$out/$workload-threads-start.txt" "$out/$workload-threads-end.txt" | sort -rn > "$out/$workload-threads.txt"
done
