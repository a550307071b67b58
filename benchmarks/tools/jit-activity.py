#!/usr/bin/env python3
"""Summarises what HotSpot's JIT did in a proxy JVM over a benchmark run, from its LogCompilation file.

    BENCH_PROXY_JVM_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/{name}-comp.xml" \
        benchmarks/run.sh --workloads SMALL_GET,WS_REQUEST_RESPONSE,WS_PIPELINED --targets ...
    benchmarks/tools/jit-activity.py /tmp/devproxy-jetty-comp.xml /tmp/jetty-proxyservlet-comp.xml

For each file: C2 methods installed and C2 code made not entrant per 30 s of JVM uptime (a JVM that has settled
installs few), and the uncommon traps after the first minute by reason and compiled method. A trap that many threads
hit at once in one compiled method is one deoptimisation, not many: the "events" column counts those once.
"""
import collections
import re
import sys

WINDOW = 30.0


def attributes(tag):
    return dict(re.findall(r"(\w+)='([^']*)'", tag))


def summarise(path):
    log = open(path, errors="replace").read()
    installed, not_entrant = collections.Counter(), collections.Counter()
    for match in re.finditer(r"<nmethod ([^>]*)>", log):
        a = attributes(match.group(1))
        if a.get("compiler") == "c2":
            installed[int(float(a["stamp"]) // WINDOW)] += 1
    for match in re.finditer(r"<make_not_entrant ([^>]*)>", log):
        a = attributes(match.group(1))
        if a.get("compiler") == "c2":
            not_entrant[int(float(a["stamp"]) // WINDOW)] += 1
    names = dict(re.findall(r"<task compile_id='(\d+)'(?: compile_kind='osr')? method='([^']*)'", log))
    traps, events = collections.Counter(), collections.defaultdict(set)
    for match in re.finditer(r"<uncommon_trap thread='\d+' ([^>]*)>", log):
        a = attributes(match.group(1))
        if float(a.get("stamp", 0)) < 60 or "compile_id" not in a:
            continue
        key = (a.get("reason", "?"), names.get(a["compile_id"], "?").replace("&lt;", "<").replace("&gt;", ">"))
        traps[key] += 1
        events[key].add(a["compile_id"])
    print(f"== {path}")
    print(f"{'from s':>7} {'C2 installed':>13} {'C2 not entrant':>15}")
    for window in sorted(set(installed) | set(not_entrant)):
        print(f"{window * WINDOW:7.0f} {installed[window]:13d} {not_entrant[window]:15d}")
    print("uncommon traps after 60 s: traps, events, reason, compiled method")
    for (reason, method), count in traps.most_common(12):
        print(f"  {count:5d} {len(events[(reason, method)]):5d}  {reason}  {method}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for file in sys.argv[1:]:
        summarise(file)
