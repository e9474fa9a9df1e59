#!/usr/bin/env python3
"""Side-by-side benchmark: vitreous against the SciPy a careful user would
write, on the same inputs, in one run.

For every `examples/perf_*.rs` in the repository (perf_relaxation,
perf_tunneling, ...) this builds the example in release mode and runs it,
runs every SciPy script next to this file (relaxation.py, fit.py,
tunneling.py, ... -- whichever exist), and prints one table: workload, our
time, SciPy's time, the ratio SciPy/ours and both accuracies against the
same reference. Each program prints one JSON object per line:
{"workload", "impl", "seconds", "rel_error", "reference", "note"}.

Usage:  python3 bench/side_by_side/run.py [--json merged.jsonl] [--skip-build]
                                           [--python PYTHON] [--only WORKLOAD]
Needs:  cargo, and Python with numpy and scipy:
        python3 -m venv .venv && .venv/bin/pip install numpy scipy
        .venv/bin/python bench/side_by_side/run.py
"""
import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def parse_lines(text, source):
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            print(f"warning: {source} printed a line that is not JSON: {line[:80]}", file=sys.stderr)
            continue
        if "workload" in row and "impl" in row:
            rows.append(row)
    return rows


def run(cmd, what):
    print(f"running {what} ...", file=sys.stderr, flush=True)
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        tail = "\n".join(p.stderr.strip().splitlines()[-5:])
        print(f"warning: {what} failed (exit {p.returncode}):\n{tail}", file=sys.stderr)
    return parse_lines(p.stdout, what)


def fmt_time(s):
    if s is None:
        return "-"
    if s >= 1.0:
        return f"{s:.3g} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} µs"


def fmt_err(e):
    return "-" if e is None else f"{e:.1e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", metavar="PATH", help="also write the merged JSON lines here")
    ap.add_argument("--skip-build", action="store_true", help="do not rebuild the examples")
    ap.add_argument("--python", default=sys.executable, help="Python with numpy and scipy (default: this one)")
    ap.add_argument("--only", metavar="WORKLOAD", help="keep only this workload in the table")
    args = ap.parse_args()

    check = subprocess.run([args.python, "-c", "import numpy, scipy"], capture_output=True)
    have_scipy = check.returncode == 0
    if not have_scipy:
        print("warning: numpy/scipy not importable by " + args.python + "; SciPy columns will be empty.\n"
              "  get them with: python3 -m venv .venv && .venv/bin/pip install numpy scipy\n"
              "  then: .venv/bin/python bench/side_by_side/run.py", file=sys.stderr)

    examples = sorted(os.path.splitext(os.path.basename(p))[0]
                      for p in glob.glob(os.path.join(ROOT, "examples", "perf_*.rs")))
    rows = []
    for e in examples:
        if not args.skip_build:
            print(f"building {e} ...", file=sys.stderr, flush=True)
            b = subprocess.run(["cargo", "build", "--release", "--example", e], cwd=ROOT)
            if b.returncode != 0:
                print(f"warning: cargo build of {e} failed; its rows are left out", file=sys.stderr)
                continue
        rows += run(["cargo", "run", "--quiet", "--release", "--example", e], e)
    if have_scipy:
        for script in sorted(glob.glob(os.path.join(HERE, "*.py"))):
            if os.path.basename(script) == "run.py":
                continue
            rows += run([args.python, script], os.path.basename(script))

    if args.only:
        rows = [r for r in rows if r["workload"] == args.only]
    if args.json:
        with open(args.json, "w") as out:
            for r in rows:
                out.write(json.dumps(r) + "\n")

    order = []
    by = {}
    for r in rows:
        w = r["workload"]
        if w not in by:
            order.append(w)
            by[w] = {}
        by[w][r["impl"]] = r
    head = ("workload", "vitreous", "SciPy", "SciPy/vitreous", "err vitreous", "err SciPy")
    table = []
    for w in order:
        ours, theirs = by[w].get("vitreous"), by[w].get("scipy")
        so = ours and ours.get("seconds")
        ss = theirs and theirs.get("seconds")
        ratio = f"{ss / so:.3g}×" if so and ss else "-"
        table.append((w, fmt_time(so), fmt_time(ss), ratio,
                      fmt_err(ours and ours.get("rel_error")), fmt_err(theirs and theirs.get("rel_error"))))
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    sep = "  "
    print(sep.join(h.ljust(widths[i]) for i, h in enumerate(head)))
    print(sep.join("-" * widths[i] for i in range(len(head))))
    for t in table:
        print(sep.join(c.ljust(widths[i]) for i, c in enumerate(t)))
    print()
    print("times: median of repeated runs after a warm-up; errors: max relative error against the reference named below.")
    for w in order:
        for impl in ("vitreous", "scipy"):
            r = by[w].get(impl)
            if r:
                print(f"  {w} [{impl}] reference: {r.get('reference', '')}; {r.get('note', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
