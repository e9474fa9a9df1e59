#!/usr/bin/env python3
"""SciPy baseline of the `fit-vft` workload, on the same data as
`examples/perf_relaxation.rs`: the 30 synthetic VFT points of
examples/data/tau_vft.csv (sigma = 0.05 in log10 tau), fitted with
tau = tau0 exp[D T_VF/(T - T_VF)] by `least_squares` (method "lm",
analytic Jacobian, parameters (ln tau0, D, T_VF), residuals
(log10 tau_model - log10 tau_data)/sigma, xtol = ftol = 1e-10 as
vitreous-fit uses) from the start tau0 = 1e-12 s, D = 10,
T_VF = 0.8 min T.

Prints one JSON line {"workload": "fit-vft", "impl": "scipy", ...}; the error
is the largest relative error of (tau0, D, T_VF) against the least-squares
minimum in data/fit_vft_reference.csv, which `--reference` recomputes
(`least_squares` with every tolerance at 1e-15, started from the values the
data were generated with). Timing: median of --repeat runs (default 5).
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "examples", "data", "tau_vft.csv")
REF = os.path.join(HERE, "data", "fit_vft_reference.csv")
LN10 = np.log(10.0)


def load():
    d = np.loadtxt(DATA, delimiter=",", comments="#", skiprows=2)
    return d[:, 0], np.log10(d[:, 1]), d[:, 2]


def fit(T, y, sigma, x0, tol):
    def res(p):
        return ((p[0] + p[1] * p[2] / (T - p[2])) / LN10 - y) / sigma

    def jac(p):
        dt = T - p[2]
        return np.column_stack((
            np.ones_like(T), p[2] / dt, p[1] * T / dt ** 2,
        )) / (LN10 * sigma[:, None])

    r = least_squares(res, x0, jac=jac, method="lm", xtol=tol, ftol=tol, gtol=tol)
    return np.array([np.exp(r.x[0]), r.x[1], r.x[2]])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    T, y, sigma = load()
    if args.reference:
        p = fit(T, y, sigma, np.array([np.log(1e-14), 10.0, 150.0]), 1e-15)
        with open(REF, "w") as out:
            out.write("# least-squares minimum of the VFT fit of examples/data/tau_vft.csv (log10 residuals / sigma)\n")
            out.write("# written by bench/side_by_side/fit.py --reference\n")
            out.write("tau0,d,t_vf\n")
            out.write(",".join(repr(float(v)) for v in p) + "\n")
        return
    ref = np.loadtxt(REF, delimiter=",", comments="#", skiprows=3)
    x0 = np.array([np.log(1e-12), 10.0, 0.8 * T.min()])
    run = lambda: fit(T, y, sigma, x0, 1e-10)
    p = run()
    err = float(np.max(np.abs(p / ref - 1.0)))
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    print(json.dumps({
        "workload": "fit-vft", "impl": "scipy", "seconds": statistics.median(times), "rel_error": err,
        "reference": "least-squares minimum at 1e-15 (data/fit_vft_reference.csv), max over tau0, D, T_VF",
        "note": "least_squares lm, analytic Jacobian, xtol=ftol 1e-10; 30 points, 3 parameters; 1 thread",
    }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
