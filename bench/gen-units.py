#!/usr/bin/env python3
"""gen-units.py DIR KIND N [SEED] — writes the benchmark's unit directory, the only one either
system sees (SYSTEMD_UNIT_PATH): the minimum standard targets (multi-user.target as the default,
basic, sysinit, shutdown; system.slice), bench-done.service, which writes the boot's stamp once
multi-user.target is active, bench-rt.service (a oneshot /bin/true for the round-trip rows), and
N services svc-NNNN.service pulled in by multi-user.target through .wants/ symlinks, as
`systemctl enable` makes them. KIND: sleep (Type=simple, /bin/sleep infinity), true
(Type=oneshot, /bin/true) or dag (the sleep services with random After=+Wants= edges to earlier
ones, 0 to 3 each, from a fixed SEED: a DAG, so no cycle)."""
import os
import random
import sys


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    if len(sys.argv) < 4 or sys.argv[2] not in ("sleep", "true", "dag"):
        sys.exit(__doc__)
    d, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    os.makedirs(d, exist_ok=True)
    wants = os.path.join(d, "multi-user.target.wants")
    os.makedirs(wants, exist_ok=True)

    write(os.path.join(d, "sysinit.target"),
          "[Unit]\nDescription=System Initialization\nDefaultDependencies=no\n")
    write(os.path.join(d, "basic.target"),
          "[Unit]\nDescription=Basic System\nDefaultDependencies=no\n"
          "Requires=sysinit.target\nAfter=sysinit.target\n")
    write(os.path.join(d, "shutdown.target"),
          "[Unit]\nDescription=System Shutdown\nDefaultDependencies=no\n")
    write(os.path.join(d, "system.slice"),
          "[Unit]\nDescription=System Slice\nDefaultDependencies=no\n")
    # default dependencies on: ordered after every service it pulls in (systemd.target(5))
    write(os.path.join(d, "multi-user.target"),
          "[Unit]\nDescription=Multi-User System\nRequires=basic.target\nAfter=basic.target\n")
    os.symlink("multi-user.target", os.path.join(d, "default.target"))
    # no default dependencies: not ordered before multi-user.target, which it waits for
    write(os.path.join(d, "bench-done.service"),
          "[Unit]\nDescription=Benchmark: target reached\nDefaultDependencies=no\n"
          "After=multi-user.target\n\n[Service]\nType=oneshot\n"
          "ExecStart=/bench/bin/bench-helper stamp /bench/out/target\n")
    os.symlink("../bench-done.service", os.path.join(wants, "bench-done.service"))
    write(os.path.join(d, "bench-rt.service"),
          "[Unit]\nDescription=Benchmark: round trip\n# both without start rate limit: 100 starts in a row are the point\nStartLimitIntervalSec=0\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n")

    rnd = random.Random(seed)
    for i in range(n):
        name = "svc-%04d.service" % i
        unit = "[Unit]\nDescription=Benchmark service %d\n" % i
        if kind == "dag" and i > 0:
            deps = sorted(set(rnd.randrange(i) for _ in range(rnd.randint(0, 3))))
            if deps:
                names = " ".join("svc-%04d.service" % j for j in deps)
                unit += "After=%s\nWants=%s\n" % (names, names)
        if kind == "true":
            unit += "\n[Service]\nType=oneshot\nExecStart=/bin/true\n"
        else:
            unit += "\n[Service]\nType=simple\nExecStart=/bin/sleep infinity\n"
        unit += "\n[Install]\nWantedBy=multi-user.target\n"
        write(os.path.join(d, name), unit)
        os.symlink("../" + name, os.path.join(wants, name))


if __name__ == "__main__":
    main()
