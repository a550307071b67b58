#!/usr/bin/env python3
"""Where a proxy's CPU goes, from an async-profiler recording in collapsed form (docs/benchmarks.md, "Run it").

    benchmarks/tools/profile-share.py PROFILE.collapsed [MARKER ...] > summary.txt

The recording must be taken with async-profiler's `threads` option (the first frame of each stack names its
thread). The JIT compiler, GC and VM threads are counted apart and left out of every share below, which are of the
remaining ("application") samples:
- the share of each thread group (digits as N) of all samples;
- where the sampled frame is (the kernel, the JDK, Jetty, Tomcat, devproxy, native code);
- for each MARKER, the share of samples with a frame containing it anywhere on the stack (inclusive), e.g.
  `CredentialCheck` or `Unsafe.park` (threads handing work to one another);
- the top frames, the kernel's named by the C library call that entered it;
- devproxy's own work: samples whose innermost devproxy frame calls nothing of Jetty's or Tomcat's (devproxy's code
  and the JDK code it calls: credentials, routing, header rules, the relay loop), by thread group and by that frame.
TOP (environment, default 25) bounds the lists of frames.
"""
import collections
import os
import re
import sys

OUTSIDE = (("C2 Compiler", "JIT"), ("C1 Compiler", "JIT"), ("GC", "GC"), ("G1", "GC"), ("VM ", "VM"))
PLACES = (("dev/devproxy", "devproxy"), ("org/apache", "Tomcat"), ("org/eclipse/jetty", "Jetty"),
          ("java/", "JDK"), ("sun/", "JDK"), ("jdk/", "JDK"))


def group(thread):
    name = re.sub(r" tid=\d+\]$", "", thread).lstrip("[")
    for prefix, outside in OUTSIDE:
        if name.startswith(prefix):
            return outside
    return re.sub(r"\d+", "N", name)[:40]


def place(frame):
    if frame.endswith("_[k]"):
        return "kernel"
    for prefix, name in PLACES:
        if frame.startswith(prefix):
            return name
    return "native, other"


def main():
    path, markers = sys.argv[1], sys.argv[2:]
    groups, places, inclusive, top, own, own_groups = (collections.Counter() for _ in range(6))
    application = 0
    with open(path, encoding="utf-8", errors="replace") as recording:
        for line in recording:
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            frames, count = stack.split(";"), int(count)
            thread = group(frames[0])
            groups[thread] += count
            if thread in ("JIT", "GC", "VM"):
                continue
            application += count
            places[place(frames[-1])] += count
            user = [f for f in frames[1:] if not f.endswith("_[k]")]
            top[user[-1] if user else frames[-1]] += count
            for marker in markers:
                if any(marker in f for f in frames[1:]):
                    inclusive[marker] += count
            innermost = own_frame(frames[1:])
            if innermost:
                own[innermost] += count
                own_groups[thread] += count
    if application == 0:
        sys.exit("no application samples in " + path)
    everything = sum(groups.values())
    print("threads, of all samples: " + ", ".join("%s %.1f%%" % (g, 100 * n / everything)
                                                  for g, n in groups.most_common(12)))
    print("application samples: %d" % application)
    print("sampled frame in: " + ", ".join("%s %.1f%%" % (p, 100 * n / application) for p, n in places.most_common()))
    for marker in markers:
        print("  %5.1f%% with %s on the stack" % (100 * inclusive[marker] / application, marker))
    shown = int(os.environ.get("TOP", "25"))
    print("top frames:")
    for frame, n in top.most_common(shown):
        print("  %5.1f%% %s" % (100 * n / application, frame))
    print("devproxy's own work: %.1f%%, by thread: %s" % (
        100 * sum(own.values()) / application,
        ", ".join("%s %.1f%%" % (g, 100 * n / application) for g, n in own_groups.most_common())))
    for frame, n in own.most_common(shown):
        print("  %5.2f%% %s" % (100 * n / application, frame))


def own_frame(frames):
    """The innermost devproxy frame, if no Jetty or Tomcat frame lies deeper on the stack; else None."""
    for frame in reversed(frames):
        where = place(frame)
        if where == "devproxy":
            return frame
        if where in ("Jetty", "Tomcat"):
            return None
    return None


if __name__ == "__main__":
    main()
