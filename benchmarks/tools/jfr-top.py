#!/usr/bin/env python3
"""Aggregates a JFR recording's method samples inside the slots benchmarks/tools/jfr-slots.sh marked.

    benchmarks/tools/jfr-top.py RECORDING.jfr SLOTS_DIR [TOP] > summary.txt

For each slot (workload) of SLOTS_DIR/slots.txt: the proxy's CPU per thread over the slot (from /proc, written by
jfr-slots.sh), then of jdk.ExecutionSample (threads running Java code): samples per thread, the top frames by share
of samples (self), the share by where the top frame is (devproxy, Jetty, JDK NIO, ...), and the share of samples with
given frames anywhere on the stack (inclusive); then the top frames of jdk.NativeMethodSample (threads in native code,
blocked or not: epoll_wait is waiting, not CPU). The recording's times (of day) are read as UTC.
"""
import collections
import re
import subprocess
import sys

DEPTH = 48
EVENT = re.compile(r"^(jdk\.\w+) \{")
TIME = re.compile(r"startTime = (\d\d):(\d\d):(\d\d)\.(\d+)")
DAY = 86_400_000
THREAD = re.compile(r'sampledThread = "([^"]*)"')
FRAME = re.compile(r"^\s+(\S.*?\))(?: line: \d+)?(?: bci: \d+)?\s*$")

# Where a frame is: the first prefix that matches names it.
PLACES = [
    ("devproxy engine (dev.devproxy)", ("dev.devproxy.",)),
    ("Jetty WebSocket", ("org.eclipse.jetty.websocket.",)),
    ("Jetty HTTP/server/servlet", ("org.eclipse.jetty.http.", "org.eclipse.jetty.server.", "org.eclipse.jetty.ee10.",
                                   "org.eclipse.jetty.client.", "org.eclipse.jetty.http2.", "org.eclipse.jetty.proxy.")),
    ("Jetty io/util/threads", ("org.eclipse.jetty.",)),
    ("JDK NIO and sockets (sun.nio, java.nio, sun.net)", ("sun.nio.", "java.nio.", "sun.net.")),
    ("JDK crypto and security", ("sun.security.", "javax.crypto.", "com.sun.crypto.", "java.security.")),
    ("JDK concurrency", ("java.util.concurrent.", "jdk.internal.misc.Unsafe", "java.lang.Thread")),
    ("JDK strings, text, regex", ("java.lang.String", "java.lang.StringLatin1", "java.lang.StringUTF16",
                                  "java.util.regex.", "java.lang.AbstractStringBuilder", "java.lang.StringBuilder",
                                  "java.lang.Character", "sun.nio.cs.", "java.util.Base64", "java.text.")),
    ("JDK collections", ("java.util.",)),
    ("JDK other", ("java.", "jdk.", "sun.", "com.sun.")),
    ("logging", ("ch.qos.", "org.slf4j.")),
    ("Tomcat", ("org.apache.",)),
]
# Inclusive shares: samples with any frame starting with one of these.
INCLUSIVE = [
    ("dev.devproxy.internal.ws.FrameScanner", "FrameScanner (the relay's frame scan)"),
    ("dev.devproxy.internal.ws.", "devproxy WebSocket relay (dev.devproxy.internal.ws)"),
    ("dev.devproxy.internal.http.", "devproxy HTTP tunnel (dev.devproxy.internal.http)"),
    ("dev.devproxy.", "devproxy anywhere"),
    ("org.eclipse.jetty.websocket.", "Jetty WebSocket anywhere"),
    ("org.eclipse.jetty.server.HttpChannel", "Jetty server request handling"),
    ("org.eclipse.jetty.http.HttpParser", "Jetty HTTP parser"),
    ("org.eclipse.jetty.client.", "Jetty HTTP client"),
    ("sun.nio.ch.SocketDispatcher.read", "socket read (JDK)"),
    ("sun.nio.ch.SocketDispatcher.write", "socket write (JDK)"),
    ("sun.nio.ch.SelectorImpl.select", "selector select"),
    ("sun.security.", "JDK security (crypto, SecureRandom)"),
    ("javax.crypto.", "javax.crypto (HMAC)"),
    ("java.security.SecureRandom", "SecureRandom"),
    ("java.util.Base64", "Base64"),
]


def day_ms(match):
    """Milliseconds since midnight (UTC) of a startTime: jfr print gives the time of day only."""
    h, m, s, frac = match.groups()
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int((frac + "000")[:3])


def inside(when, start, end):
    """Whether time of day {when} is within the slot [start, end] of epoch milliseconds (a slot spans < 1 day)."""
    return (when - start % DAY) % DAY <= end - start


def events(recording):
    """Yields (event, epoch ms, thread, frames) of the recording's method samples."""
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", "--stack-depth",
                           str(DEPTH), recording], capture_output=True, text=True, check=True).stdout
    name = when = thread = None
    frames = []
    in_stack = False
    for line in text.splitlines():
        m = EVENT.match(line)
        if m:
            name, when, thread, frames, in_stack = m.group(1), None, None, [], False
            continue
        if name is None:
            continue
        if line.startswith("}"):
            yield name, when, thread, frames
            name = None
            continue
        t = TIME.search(line)
        if t and when is None:
            when = day_ms(t)
            continue
        th = THREAD.search(line)
        if th:
            thread = th.group(1)
            continue
        if "stackTrace = [" in line:
            in_stack = True
            continue
        if in_stack:
            if line.strip() == "]":
                in_stack = False
                continue
            f = FRAME.match(line)
            if f:
                frames.append(f.group(1))


def place(frame):
    for label, prefixes in PLACES:
        if frame.startswith(prefixes):
            return label
    return "other"


def method(frame):
    return frame.split("(")[0]


def table(counter, total, top, out):
    for key, n in counter.most_common(top):
        out.append(f"  {100.0 * n / total:5.1f}%  {n:6d}  {key}")


def main():
    recording, slots_dir = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    slots = []
    with open(f"{slots_dir}/slots.txt") as f:
        for line in f:
            w, start, end = line.split()
            slots.append((w, int(start), int(end)))
    per_slot = {w: [] for w, _, _ in slots}
    for event in events(recording):
        for w, start, end in slots:
            if event[1] is not None and inside(event[1], start, end):
                per_slot[w].append(event)
    out = [f"recording: {recording}", ""]
    for w, start, end in slots:
        out.append(f"=== {w}: {(end - start) / 1000:.1f} s slot ===")
        try:
            with open(f"{slots_dir}/{w}-threads.txt") as f:
                rows = [l.split() for l in f if l.strip()]
            cpu = sum(float(r[0]) for r in rows)
            user = sum(float(r[1]) for r in rows)
            out.append(f"proxy CPU over the slot (/proc, per thread name, digits as N): {cpu:.2f} s, of which user"
                       f" {user:.2f} s ({100 * user / cpu:.0f}%), system {cpu - user:.2f} s ({100 * (cpu - user) / cpu:.0f}%)")
            out.append("   share   total    user  system  thread")
            for r in rows[:12]:
                out.append(f"  {100 * float(r[0]) / cpu:5.1f}%  {float(r[0]):6.2f}  {float(r[1]):6.2f}  {float(r[2]):6.2f}"
                           f"  {r[3]}")
        except (OSError, ZeroDivisionError):
            out.append("(no /proc thread figures)")
        java = [e for e in per_slot[w] if e[0] == "jdk.ExecutionSample" and e[3]]
        native = [e for e in per_slot[w] if e[0] == "jdk.NativeMethodSample" and e[3]]
        out.append(f"jdk.ExecutionSample: {len(java)} samples")
        if java:
            threads = collections.Counter(re.sub(r"\d+", "N", e[2] or "?") for e in java)
            out.append(" by thread:")
            table(threads, len(java), 8, out)
            out.append(" top frames (self):")
            table(collections.Counter(method(e[3][0]) for e in java), len(java), top, out)
            out.append(" where the top frame is:")
            table(collections.Counter(place(e[3][0]) for e in java), len(java), 20, out)
            out.append(" frames anywhere on the stack (inclusive; the stacks are cut at %d frames):" % DEPTH)
            inclusive = collections.Counter()
            for e in java:
                for prefix, label in INCLUSIVE:
                    if any(f.startswith(prefix) for f in e[3]):
                        inclusive[label] += 1
            table(inclusive, len(java), len(INCLUSIVE), out)
            out.append(" first devproxy frame on the stack (inclusive, by method):")
            first = collections.Counter()
            for e in java:
                d = next((method(f) for f in e[3] if f.startswith("dev.devproxy.")), None)
                if d:
                    first[d] += 1
            table(first, len(java), 12, out)
        out.append(f"jdk.NativeMethodSample: {len(native)} samples (threads in native code, waiting included)")
        if native:
            table(collections.Counter(method(e[3][0]) + "  <-  " + method(e[3][1] if len(e[3]) > 1 else "")
                                      for e in native), len(native), 10, out)
        out.append("")
    print("\n".join(out).rstrip())


if __name__ == "__main__":
    main()
