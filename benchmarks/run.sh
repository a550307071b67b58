#!/usr/bin/env bash
# Runs the side-by-side benchmark: DIRECT, NGINX, devproxy on Jetty, devproxy on Tomcat, interleaved round by
# round, then writes benchmarks/results/<UTC date-time>.md and .json (see docs/benchmarks.md).
#
#   benchmarks/run.sh                          # docs/benchmarks.md's current results: 3 rounds x 5 s per workload
#                                              # and target, 2000 idle pairs in rounds 1 and 2 (about 40 minutes)
#   benchmarks/run.sh --rounds 5 --seconds 10  # any of: --rounds --seconds --idle --idle-rounds --workloads
#   benchmarks/run.sh --jmh                    # the JMH suite of the engine's hot paths instead
#
# Needs JDK 17+, Maven, and Debian's nginx (installed with apt-get when missing; it runs under a prefix of
# its own in the results directory, never as the system service).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null; then
  echo "installing nginx (Debian package nginx-light)..."
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y nginx-light >/dev/null || { apt-get update >/dev/null && apt-get install -y nginx-light >/dev/null; }
  else sudo apt-get install -y nginx-light >/dev/null; fi
fi

# One reactor build, so the proxies run this working tree's engine (not a snapshot from ~/.m2). Every module
# writes its class path to the same file; benchmarks comes last in the reactor, so its own is what remains.
mvn -B -q -pl benchmarks -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$PWD/benchmarks/target/classpath.txt" -DincludeScope=runtime
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

if [ "${1:-}" = "--jmh" ]; then
  shift
  exec java -cp "$CP" org.openjdk.jmh.Main "${@:-dev.devproxy.benchmarks.jmh}" -rf json -rff "benchmarks/results/jmh-$(date -u +%Y-%m-%d-%H%M).json"
fi

# The idle test holds ~18 000 descriptors in each proxy and ~9 000 in the client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p benchmarks/results
# Which engine was measured: the commit, and whether the working tree differed from it.
SOURCE="$(git rev-parse --short HEAD 2>/dev/null || echo 'no git checkout')"
git diff --quiet HEAD 2>/dev/null || SOURCE="$SOURCE with uncommitted changes"
exec java -Xmx2g -Ddevproxy.bench.source="$SOURCE" -cp "$CP" dev.devproxy.benchmarks.Bench --out benchmarks/results "$@"
