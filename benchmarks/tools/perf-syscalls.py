#!/usr/bin/env python3
"""Summarizes what benchmarks/tools/perf-syscalls.sh traced: system calls per accepted connection, by call, and the
futex calls (threads waking and waiting for each other) by thread name, digits as N.

    benchmarks/tools/perf-syscalls.py OUT_DIR
"""
import collections
import pathlib
import re
import sys

THREAD = re.compile(r"\s*(\S.*?) \((\d+)\), (\d+) events")
CALL = re.compile(r"\s+(\w+)\s+(\d+)\s+(\d+)\s+([\d.]+)")

for trace in sorted(pathlib.Path(sys.argv[1]).glob("*.txt")):
    calls = collections.Counter()
    futex = collections.Counter()
    thread = None
    for line in trace.read_text().splitlines():
        named = THREAD.match(line)
        if named:
            thread = re.sub(r"\d+", "N", named.group(1))
            continue
        call = CALL.match(line)
        if call and thread:
            calls[call.group(1)] += int(call.group(2))
            if call.group(1) == "futex":
                futex[thread] += int(call.group(2))
    accepted = calls["accept"] + calls["accept4"]
    if accepted == 0:
        print(f"{trace.stem}: no connection accepted in the trace")
        continue
    print(f"{trace.stem}: {accepted} connections, {sum(calls.values()) / accepted:.1f} system calls per connection")
    print("  " + ", ".join(f"{name} {count / accepted:.1f}" for name, count in calls.most_common(14)))
    print("  futex by thread: " + ", ".join(f"{name} {count / accepted:.1f}" for name, count in futex.most_common(6)))
