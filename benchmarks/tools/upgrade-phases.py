#!/usr/bin/env python3
"""Where each proxy's CPU per WebSocket upgrade goes, by phase, from async-profiler recordings of the WS_UPGRADE
slot alone (window-profile.sh), side by side:

    benchmarks/tools/upgrade-phases.py DEVPROXY_TOMCAT=400 /tmp/wp/DEVPROXY_TOMCAT-r{2,3,4}.collapsed \\
        TOMCAT_WS_SERVER_ASYNC=243 /tmp/wp/TOMCAT_WS_SERVER_ASYNC-r{2,3}.collapsed

Each NAME=MICROSECONDS starts a column: the proxy's CPU per connection measured in a run without the profiler (the
profiler slows what it samples), which the column's non-JIT samples are scaled to; the recordings after it are
summed into the column. The JIT compiler's threads are left out, as the benchmark's own figures leave out nothing
but show the compiler's CPU apart. A sample goes to the first phase below whose thread and stack it matches.
"""
import collections
import re
import sys

PHASES = (  # (thread pattern, frames of which one on the stack will do, phase); first match wins
    (r"C[12] Compiler|Sweeper", (), None),
    (r"^\[?(GC|G1|VM )", (), "GC, VM"),
    (r"[Aa]cceptor", (), "accepting (the acceptor thread)"),
    (r"ws-relay", ("UpstreamHandshake",), "relay loop: the upstream's dial and handshake"),
    (r"ws-relay", ("EPoll.wait",), "relay loop: waiting for readiness (epoll_wait)"),
    (r"ws-relay", (), "relay loop: both sockets relayed, closed"),
    (r"Poller", (), "Tomcat's poller"),
    (r".", ("TaskQueue.poll", "BlockingArrayQueue.poll", "ReservedThread.waitForTask"),
     "pool threads going to sleep, woken"),
    (r".", ("UpgradeProcessorInternal.dispatch", "websocket/core"), "the container's WebSocket frames (echo, close)"),
    (r".", ("WebSocketTunnel.resume", "AbstractProcessor.dispatch", "HttpUpgradeHandler.init",
            "TomcatUpgradedBrowser.init", "DeferredUpgrade"), "second dispatch: the upgrade (101, handler)"),
    (r".", ("TunnelServlet.serve",), "devproxy in the first dispatch (credentials, routing, headers, the dial's request)"),
    (r".", ("Http11Processor.service", "HttpConnection.onFillable"),
     "first dispatch: the container (parse, filters, async start)"),
    (r"upstream-answers", (), "the benchmark's own dispatching thread"),
    (r".", (), "everything else"),
)


def phases(paths):
    counts = collections.Counter()
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as recording:
            for line in recording:
                stack, count = line.rstrip("\n").rsplit(" ", 1)
                frames = stack.split(";")
                for thread, markers, phase in PHASES:
                    if re.search(thread, frames[0]) and (
                            not markers or any(m in f for m in markers for f in frames[1:])):
                        if phase:
                            counts[phase] += int(count)
                        break
    return counts


def main():
    columns = []
    for arg in sys.argv[1:]:
        if "=" in arg and not arg.endswith(".collapsed"):
            name, micros = arg.split("=", 1)
            columns.append((name, float(micros), []))
        elif columns:
            columns[-1][2].append(arg)
        else:
            sys.exit(__doc__)
    table = []
    for name, micros, paths in columns:
        counts = phases(paths)
        total = sum(counts.values())
        if total == 0:
            sys.exit("no samples in " + " ".join(paths))
        table.append({phase: micros * n / total for phase, n in counts.items()})
    order = sorted({p for column in table for p in column}, key=lambda p: (-table[0].get(p, 0), p))
    width = max(len(p) for p in order)
    print("µs per connection".ljust(width) + "".join("%24s" % c[0] for c in columns)
          + ("   first - second" if len(columns) > 1 else ""))
    for phase in order:
        values = [column.get(phase, 0.0) for column in table]
        print(phase.ljust(width) + "".join("%24.1f" % v for v in values)
              + ("   %+8.1f" % (values[0] - values[1]) if len(values) > 1 else ""))


if __name__ == "__main__":
    main()
