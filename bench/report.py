#!/usr/bin/env python3
"""report.py RAW MACHINE RESULTS_MD BOOT_SVG WORKLOAD… — turns run.sh's raw samples (run,
workload, system, metric, value) into results.md (a table per workload class: median, min, max
for each side, the ratio sysMaster/systemd of the medians, the boot rows also as multiples of
the fork+exec bound) and boot.svg (hand-written SVG, no plotting library: boot time against the
number of services for both systems and the bound). Hand-written notes in bench/notes.md, next
to this script, are appended. Exits non-zero if an expected measurement is missing."""
import math
import os
import sys
from collections import defaultdict

SM, SD = "sysmaster", "systemd"


def load(raw):
    data = defaultdict(list)
    by_run = {}
    with open(raw) as f:
        next(f)
        for line in f:
            run, w, s, m, v = line.rstrip("\n").split("\t")
            data[(w, s, m)].append(float(v))
            by_run[(run, w, s, m)] = float(v)
    return data, by_run


def paired_ratio(by_run, w, m):
    """The median over runs of sysMaster/systemd within a run: the two boots of a run are
    minutes apart at most, so this cancels the machine's slow phases better."""
    rs = [v / by_run[(run, w2, SD, m2)] for (run, w2, s, m2), v in by_run.items()
          if w2 == w and m2 == m and s == SM and by_run.get((run, w2, SD, m2))]
    return "%.2f" % median(rs) if rs else "—"


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, math.ceil(p / 100 * len(xs)) - 1))
    return xs[k]


def fmt(v, digits=1):
    if v is None:
        return "—"
    if abs(v) >= 100 or digits == 0:
        return "%.0f" % v
    return "%.*f" % (digits, v)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return "%.2f" % (a / b)


class Report:
    def __init__(self, data):
        self.data = data
        self.missing = []
        self.slower = []
        self.summary = []

    def get(self, w, s, m, required=True):
        xs = self.data.get((w, s, m))
        if not xs:
            if required:
                self.missing.append("%s %s %s" % (w, s, m))
            return None
        return xs

    def stats(self, w, s, m, required=True):
        xs = self.get(w, s, m, required)
        if not xs:
            return None, None, None, None, 0
        return median(xs), min(xs), max(xs), pct(xs, 99), len(xs)

    def note_slower(self, what, r):
        if r != "—":
            self.summary.append((what, r))
        if r != "—" and float(r) > 1.0:
            self.slower.append("%s: %s×" % (what, r))


def main():
    raw, machine, out_md, out_svg = sys.argv[1:5]
    workloads = sys.argv[5:]
    info = {}
    with open(machine) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            info[k] = v
    data, by_run = load(raw)
    rep = Report(data)
    sizes = [int(x) for x in info["sizes"].split()]
    biggest = "sleep-%d" % sizes[-1]
    md = []
    p = md.append

    p("# sysMaster against systemd 252: benchmark results")
    p("")
    p("Produced by `bench/run.sh%s` (method: [bench/README.md](README.md)). Every number is a "
      "median over the runs, with min–max; **ratio = sysMaster / systemd** of the medians: below "
      "1 sysMaster is faster or lighter. Both systems boot as PID 1 of identical throw-away "
      "containers with the same generated units, alternating (which one goes first flips every "
      "run)." % ("" if info["mode"] == "full" else " --quick"))
    p("")
    p("| | |")
    p("|---|---|")
    for k, label in (("date", "date"), ("mode", "mode"), ("runs", "runs"), ("nproc", "nproc"),
                     ("model", "CPU model"), ("kernel", "kernel"), ("commit", "sysMaster commit"),
                     ("systemd", "systemd"), ("load_before", "load average before"),
                     ("load_after", "load average after"), ("users", "other load"),
                     ("duration_s", "duration (s)")):
        p("| %s | %s |" % (label, info.get(k, "?")))
    p("")
    p("The machine is shared (2 cores, 7 other engineers building and testing at the same time): "
      "absolute times are noisy and inflated; the ratios, taken from runs interleaved in time, are "
      "what to read.")
    p("")
    summary_at = len(md)

    def bound_for(w):
        kind, n = w.rsplit("-", 1)
        if int(n) == 0:
            return None
        xs = rep.get("forkexec", "bound", ("wait_%s" if kind == "true" else "keep_%s") % n)
        return median(xs) if xs else None

    # 1. boot
    for metric, title in (("target_ms", "Boot: exec of PID 1 → multi-user.target active (ms)"),
                          ("all_ms", "Boot: exec of PID 1 → all services running (ms)")):
        p("## %s" % title)
        p("")
        p("| workload | sysMaster median | min | max | systemd median | min | max | ratio | "
          "paired ratio | sysMaster ÷ bound | systemd ÷ bound |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for w in workloads:
            a = rep.stats(w, SM, metric)
            b = rep.stats(w, SD, metric)
            bd = bound_for(w)
            r = ratio(a[0], b[0])
            rep.note_slower("boot %s %s" % (w, metric), r)
            p("| %s | %s | %s | %s | %s | %s | %s | **%s** | %s | %s | %s |" % (
                w, fmt(a[0]), fmt(a[1]), fmt(a[2]), fmt(b[0]), fmt(b[1]), fmt(b[2]), r,
                paired_ratio(by_run, w, metric), ratio(a[0], bd), ratio(b[0], bd)))
        p("")
    p("Workloads: `sleep-N`: N `Type=simple` services running `/bin/sleep infinity`; `true-N`: N "
      "`Type=oneshot` services running `/bin/true`; `dag-N`: the N sleep services with random "
      "`After=`+`Wants=` edges (0–3 per service, to earlier ones, seed 7). All pulled in by "
      "multi-user.target. \"÷ bound\": the boot time as a multiple of forking and exec'ing the same "
      "N processes with nothing else (`bench/forkexec`, table 7). \"paired ratio\": the median "
      "over runs of the ratio within each run (the two boots of a run are minutes apart at most).")
    p("")
    p("![boot time against the number of services](boot.svg)")
    p("")

    # 2. memory
    p("## Memory after boot (kB)")
    p("")
    p("sysMaster: sysmaster-init (PID 1) + sysmaster (the manager); systemd: PID 1. VmRSS and "
      "VmHWM from /proc/PID/status, Pss from /proc/PID/smaps_rollup, read once the boot is done.")
    p("")
    p("| workload | metric | sysMaster median | min | max | systemd median | min | max | ratio |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for w in workloads:
        for m, label in (("total_rss_kb", "VmRSS"), ("total_hwm_kb", "VmHWM"), ("total_pss_kb", "Pss")):
            a = rep.stats(w, SM, m)
            b = rep.stats(w, SD, m)
            r = ratio(a[0], b[0])
            rep.note_slower("memory %s %s" % (w, label), r)
            p("| %s | %s | %s | %s | %s | %s | %s | %s | **%s** |" % (
                w, label, fmt(a[0], 0), fmt(a[1], 0), fmt(a[2], 0), fmt(b[0], 0), fmt(b[1], 0),
                fmt(b[2], 0), r))
    p("")
    p("sysMaster's split (medians, kB):")
    p("")
    p("| workload | init VmRSS | init VmHWM | init Pss | manager VmRSS | manager VmHWM | manager Pss |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    for w in workloads:
        vals = [rep.stats(w, SM, "%s_%s_kb" % (who, m))[0]
                for who in ("pid1", "mgr") for m in ("rss", "hwm", "pss")]
        p("| %s | %s |" % (w, " | ".join(fmt(v, 0) for v in vals)))
    p("")

    # 3.–5. latency rows
    def latency_table(title, rows, intro):
        p("## %s" % title)
        p("")
        p(intro)
        p("")
        p("| row | sysMaster median | p99 | min | max | systemd median | p99 | min | max | ratio (median) | ratio (p99) |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for w, m, label in rows:
            a = rep.stats(w, SM, m)
            b = rep.stats(w, SD, m, required=not w.startswith("recovery"))
            r = ratio(a[0], b[0])
            rep.note_slower(label, r)
            p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | **%s** | %s |" % (
                label, fmt(a[0], 2), fmt(a[3], 2), fmt(a[1], 2), fmt(a[2], 2),
                fmt(b[0], 2), fmt(b[3], 2), fmt(b[1], 2), fmt(b[2], 2), r, ratio(a[3], b[3])))
        p("")

    latency_table("daemon-reload with %d units loaded (ms)" % (sizes[-1] + 8),
                  [("reload", "reload_ms", "daemon-reload")],
                  "`sctl daemon-reload` against `systemctl daemon-reload`, timed inside the container "
                  "on the booted `%s` system (%d services + the benchmark's targets), every call of "
                  "every run." % (biggest, sizes[-1]))
    latency_table("Control round trip (ms)",
                  [("control", "start_ms", "systemctl start bench-rt.service"),
                   ("control", "is_active_ms", "systemctl is-active bench-rt.service")],
                  "A oneshot `/bin/true` unit; each call is a whole `systemctl` process, timed inside "
                  "the container: systemd's systemctl (over /run/systemd/private) against sysMaster's "
                  "systemctl compat name of sctl (over /run/sysmaster/control).")
    latency_table("Manager recovery, sysMaster only (ms)",
                  [("recovery-sleep-0", "recover_answer_ms", "sleep-0: kill -9 manager → sctl answers"),
                   ("recovery-sleep-0", "recover_running_ms", "sleep-0: kill -9 manager → running again"),
                   ("recovery-" + biggest, "recover_answer_ms", "%s: kill -9 manager → sctl answers" % biggest),
                   ("recovery-" + biggest, "recover_running_ms", "%s: kill -9 manager → running again" % biggest)],
                  "systemd has no equivalent (its PID 1 is its manager). The manager is killed with "
                  "SIGKILL; the times run until `sctl is-system-running` (polled back to back) answers "
                  "again in any state, and until it says `running` again (the new manager's start-up "
                  "transaction done). On `sleep-0` (only the benchmark's targets) %s kills a second "
                  "apart per run; on `%s` one kill per run, because today's recovery starts every "
                  "service again without stopping the old processes (see below)." % (
                      info.get("recover_n", "?"), biggest))
    xs = rep.get("recovery-" + biggest, SM, "sleep_processes")
    if xs:
        p("`sleep` processes in the `%s` container after one recovery: median %s (%d services): %s." % (
            biggest, fmt(median(xs), 0), sizes[-1],
            "recovery kept the services and started nothing twice" if median(xs) == sizes[-1] else
            "**recovery started the services again next to the old ones**"))
        p("")

    # 6. idle
    idle_s = float(info.get("idle_s", "60"))
    p("## Idle: syscalls and wake-ups over %g s" % idle_s)
    p("")
    p("On the booted `%s` system, counted by perf's tracepoints (`raw_syscalls:sys_enter` and "
      "`sched:sched_switch`, i.e. every time the process leaves the CPU, one per wake-up), which "
      "do not perturb the process as strace's ptrace stops would." % biggest)
    p("")
    p("| process | metric | sysMaster median | min | max | systemd median | min | max | ratio |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for what in ("syscalls", "wakeups"):
        for who, label in (("pid1", "PID 1"), ("mgr", "manager")):
            a = rep.stats("idle", SM, "%s_%s" % (who, what))
            b = rep.stats("idle", SD, "%s_%s" % (who, what), required=False)
            p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, what, fmt(a[0], 0), fmt(a[1], 0), fmt(a[2], 0),
                fmt(b[0], 0) if who == "pid1" else "(PID 1)", fmt(b[1], 0) if who == "pid1" else "",
                fmt(b[2], 0) if who == "pid1" else "", ""))
        sm_tot = [x + y for x, y in zip(rep.get("idle", SM, "pid1_" + what) or [],
                                        rep.get("idle", SM, "mgr_" + what) or [])]
        sd_tot = rep.get("idle", SD, "pid1_" + what) or []
        a = median(sm_tot) if sm_tot else None
        b = median(sd_tot) if sd_tot else None
        r = ratio(a, b) if b else ("—" if not a else "∞ (systemd: 0)")
        if b:
            rep.note_slower("idle %s" % what, r)
        elif a:
            rep.summary.append(("idle %s (per %g s)" % (what, idle_s), "%s against 0" % fmt(a, 0)))
            rep.slower.append("idle %s: %s against 0" % (what, fmt(a, 0)))
        p("| **all** | %s | %s | | | %s | | | **%s** |" % (what, fmt(a, 0), fmt(b, 0), r))
    p("")

    # 7. bound
    p("## The physical bound: fork+exec of N processes (ms)")
    p("")
    p("`bench/forkexec` on the host, between the boots: `--keep N /bin/sleep infinity` (until all "
      "N have exec'd: the bound for simple services) and `N /bin/true` (until all have exited: the "
      "bound for oneshot services).")
    p("")
    p("| N | keep (sleep) median | min | max | wait (true) median | min | max |")
    p("|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes[1:]:
        a = rep.stats("forkexec", "bound", "keep_%d" % n)
        b = rep.stats("forkexec", "bound", "wait_%d" % n)
        p("| %d | %s | %s | %s | %s | %s | %s |" % (n, fmt(a[0]), fmt(a[1]), fmt(a[2]),
                                                   fmt(b[0]), fmt(b[1]), fmt(b[2])))
    p("")

    p("## Where sysMaster is slower or heavier")
    p("")
    if rep.slower:
        for s in rep.slower:
            p("- %s" % s)
    else:
        p("- nowhere in this run.")
    p("")
    summary = ["## Ratios at a glance (sysMaster / systemd, medians; below 1: sysMaster faster or lighter)", "",
               "| row | ratio |", "|---|---:|"]
    summary += ["| %s | %s |" % (what, r) for what, r in rep.summary]
    md[summary_at:summary_at] = summary + [""]
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if info["mode"] == "full" and os.path.exists(notes):
        with open(notes) as f:
            md.append(f.read().rstrip("\n"))
        p("")

    with open(out_md, "w") as f:
        f.write("\n".join(md) + "\n")
    write_svg(rep, sizes, out_svg, info)

    if rep.missing:
        print("report.py: missing measurements: " + ", ".join(rep.missing), file=sys.stderr)
        sys.exit(1)


def write_svg(rep, sizes, path, info):
    W, H, L, R, T, B = 760, 460, 70, 190, 40, 50
    series = []
    for kind, label_kind in (("sleep", "simple"), ("true", "oneshot")):
        for s, name, color in ((SM, "sysMaster", "#1f77b4"), (SD, "systemd 252", "#d62728")):
            pts = []
            for n in sizes:
                # no service: the same boot for either kind
                xs = rep.data.get(("%s-%d" % (kind if n else "sleep", n), s, "target_ms"))
                if xs:
                    pts.append((n, median(xs), min(xs), max(xs)))
            series.append(("%s, %s" % (name, label_kind), color,
                           "" if kind == "sleep" else "6,4", pts))
    dag = int(info.get("dag", sizes[-1]))
    for s, name, color in ((SM, "sysMaster", "#1f77b4"), (SD, "systemd 252", "#d62728")):
        xs = rep.data.get(("dag-%d" % dag, s, "target_ms"))
        if xs:
            series.append(("%s, DAG" % name, color, "marker", [(dag, median(xs), min(xs), max(xs))]))
    for kind, label, dash in (("keep", "fork+exec bound, kept", "2,3"), ("wait", "fork+exec bound, exited", "8,3,2,3")):
        pts = [(0, 0.0, 0.0, 0.0)]
        for n in sizes[1:]:
            xs = rep.data.get(("forkexec", "bound", "%s_%d" % (kind, n)))
            if xs:
                pts.append((n, median(xs), min(xs), max(xs)))
        series.append((label, "#555555", dash, pts))
    ymax = max([p[3] for _, _, _, pts in series for p in pts] + [1.0])
    ystep = 10 ** math.floor(math.log10(ymax))
    for m in (1, 2, 5, 10):
        if ymax / (ystep * m / 1) <= 6:
            ystep *= m
            break
    ytop = math.ceil(ymax / ystep) * ystep
    xmax = max(sizes) or 1

    def X(n):
        return L + (W - L - R) * n / xmax

    def Y(v):
        return H - B - (H - T - B) * v / ytop

    o = []
    a = o.append
    a('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
      'font-family="sans-serif" font-size="12">' % (W, H, W, H))
    a('<rect width="100%" height="100%" fill="white"/>')
    a('<text x="%d" y="22" font-size="15">Boot to multi-user.target: sysMaster vs systemd 252 '
      '(median, bars: min–max; %s run(s))</text>' % (L, info.get("runs", "?")))
    y = 0.0
    while y <= ytop + 1e-9:
        a('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (L, W - R, Y(y), Y(y)))
        a('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (L - 6, Y(y) + 4, "%g" % y))
        y += ystep
    for n in sizes:
        a('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#ddd"/>' % (X(n), X(n), T, H - B))
        a('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (X(n), H - B + 16, n))
    a('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="black"/>' % (L, W - R, H - B, H - B))
    a('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="black"/>' % (L, L, T, H - B))
    a('<text x="%.1f" y="%d" text-anchor="middle">extra services</text>' % ((L + W - R) / 2, H - 12))
    a('<text x="16" y="%.1f" transform="rotate(-90 16 %.1f)" text-anchor="middle">ms from exec of PID 1</text>'
      % ((T + H - B) / 2, (T + H - B) / 2))
    for i, (label, color, dash, pts) in enumerate(series):
        if not pts:
            continue
        ly = T + 10 + i * 20
        if dash == "marker":
            # a single point: a diamond, offset a little so the two systems do not hide each other
            dx = -6 if "sysMaster" in label else 6
            for n, v, lo, hi in pts:
                x, y = X(n) + dx, Y(v)
                a('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/>' % (x, x, Y(lo), Y(hi), color))
                a('<path d="M%.1f %.1f l5 5 l-5 5 l-5 -5 z" fill="white" stroke="%s" stroke-width="2"/>' % (
                    x, y - 5, color))
            a('<path d="M%d %d l5 5 l-5 5 l-5 -5 z" fill="white" stroke="%s" stroke-width="2"/>' % (
                W - R + 26, ly - 5, color))
            a('<text x="%d" y="%d">%s</text>' % (W - R + 46, ly + 4, label))
            continue
        d = " ".join("%.1f,%.1f" % (X(n), Y(v)) for n, v, _, _ in pts)
        a('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>' % (
            d, color, ' stroke-dasharray="%s"' % dash if dash else ""))
        for n, v, lo, hi in pts:
            a('<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/>' % (X(n), X(n), Y(lo), Y(hi), color))
            a('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (X(n), Y(v), color))
        a('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>' % (
            W - R + 12, W - R + 40, ly, ly, color, ' stroke-dasharray="%s"' % dash if dash else ""))
        a('<text x="%d" y="%d">%s</text>' % (W - R + 46, ly + 4, label))
    a("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
