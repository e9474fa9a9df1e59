#!/usr/bin/env python3
"""SciPy baselines of the relaxation workloads, written the way a careful
SciPy user would, on the same inputs as `examples/perf_relaxation.rs`.

Prints one JSON object per line:
{"workload", "impl": "scipy", "seconds", "rel_error", "reference", "note"}.

Workloads
* lre-crossover-200T: the SER-CER crossover law (V0 = 0.3, V1 = 0.115,
  A = 1, T0 = 0.1) at 200 temperatures T = 0.04 ... 0.5; per T
  `solve_ivp` (RK45 = Dormand-Prince, rtol 1e-10, atol 1e-14, a terminal
  event at q = 0.9 for t_end, dense output) and `least_squares`
  (method "lm", analytic Jacobian, parameters (ln tau, beta), start
  tau = exp(V0/T), beta = 1, xtol = ftol = 1e-10) on t_k = k t_end/500,
  k = 1..500. Error: max relative error of beta and tau against
  data/lre_crossover_200T.csv.
* kww-direct: Phi(w; beta) = C - iS by `quad` with the Fourier weight
  (QUADPACK QAWF, weight "cos"/"sin" on [0, inf), epsabs 1e-10), timed on
  10 beta x 61 w (w = 1e-6 ... 1e6); error: max |Phi - Phi_ref|/|Phi_ref|
  at the mpmath reference points (crates/relaxation/tests/data/
  kww_reference.csv).

`--reference` recomputes data/lre_crossover_200T.csv (slow, ~1 min): the
exact solution k t(s) = int_0^s exp(a(1 - exp(-sigma))) dsigma by `quad`
(epsrel 2e-14, the smallest QUADPACK accepts), inverted by Newton's method from point to point, and a
`least_squares` fit with every tolerance at 1e-15 started from the RK45 fit.
Timing: median of --repeat runs (default 3) after one warm-up.
"""
import argparse
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np
from scipy.integrate import quad, solve_ivp
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LRE_REF = os.path.join(HERE, "data", "lre_crossover_200T.csv")
KWW_REF = os.path.join(ROOT, "crates", "relaxation", "tests", "data", "kww_reference.csv")

V0, V1, A, T0 = 0.3, 0.115, 1.0, 0.1
TEMPS = 0.04 + (0.5 - 0.04) * np.arange(200) / 199.0
N_POINTS = 500


def barrier_linear(T):
    """(V(0, T), dV/dq) of the crossover law at T."""
    f = 1.0 / (np.exp(-A * (1.0 / T - 1.0 / T0)) + 1.0)
    return V0, (1.0 - f) * V1 - f * V1


def kww_fit(t, q, x0, tol):
    lt = np.log(t)

    def res(p):
        return 1.0 - np.exp(-np.exp(p[1] * (lt - p[0]))) - q

    def jac(p):
        u = np.exp(p[1] * (lt - p[0]))
        e = np.exp(-u)
        return np.column_stack((-e * p[1] * u, e * u * (lt - p[0])))

    r = least_squares(res, x0, jac=jac, method="lm", xtol=tol, ftol=tol, gtol=tol)
    return r.x[1], np.exp(r.x[0])


def lre_one(T):
    v0, slope = barrier_linear(T)

    def rhs(_t, y):
        q = y[0]
        return [(1.0 - q) * np.exp(-(v0 + slope * q) / T)]

    def reach(_t, y):
        return y[0] - 0.9

    reach.terminal = True
    reach.direction = 1
    v_max = max(v0, v0 + slope)
    t_max = 100.0 * np.exp(v_max / T) * np.log(10.0)
    sol = solve_ivp(rhs, (0.0, t_max), [0.0], method="RK45", rtol=1e-10, atol=1e-14,
                    events=reach, dense_output=True)
    t_end = sol.t_events[0][0]
    t = t_end * (np.arange(1, N_POINTS + 1) / N_POINTS)
    q = sol.sol(t)[0]
    return kww_fit(t, q, np.array([v0 / T, 1.0]), 1e-10)


def lre_sweep():
    return [lre_one(T) for T in TEMPS]


def lre_reference():
    rows = []
    for T in TEMPS:
        v0, slope = barrier_linear(T)
        a = slope / T
        k = np.exp(-v0 / T)

        def g(s):
            return np.exp(a * -np.expm1(-s))

        def kt(s0, s1):
            return quad(g, s0, s1, epsabs=0.0, epsrel=2e-14, limit=200)[0]

        t_end = kt(0.0, np.log(10.0)) / k
        t = t_end * (np.arange(1, N_POINTS + 1) / N_POINTS)
        s_prev, g_prev, q = 0.0, 0.0, []
        for ti in t:
            target = k * ti
            s = s_prev + (target - g_prev) / g(s_prev)
            for _ in range(50):
                f = g_prev + kt(s_prev, s) - target
                step = f / g(s)
                s -= step
                if abs(step) <= 1e-16 * s:
                    break
            g_prev = g_prev + kt(s_prev, s)
            s_prev = s
            q.append(-np.expm1(-s))
        beta0, tau0 = lre_one(T)
        beta, tau = kww_fit(t, np.array(q), np.array([np.log(tau0), beta0]), 1e-15)
        rows.append((float(T), float(beta), float(tau)))
    with open(LRE_REF, "w") as out:
        out.write("# crossover law V0=0.3 V1=0.115 A=1 T0=0.1; KWW fit (500 points to q=0.9) of the exact q(t)\n")
        out.write("# written by bench/side_by_side/relaxation.py --reference\n")
        out.write("T,beta,tau\n")
        for T, beta, tau in rows:
            out.write(f"{T!r},{beta!r},{tau!r}\n")


def read_lre_reference():
    data = np.loadtxt(LRE_REF, delimiter=",", comments="#", skiprows=3)
    return data[:, 1], data[:, 2]


def phi_quad(w, beta):
    f = lambda x: np.exp(-x ** beta)
    if w == 0.0:
        return quad(f, 0, np.inf)[0], 0.0
    c = quad(f, 0, np.inf, weight="cos", wvar=w, epsabs=1e-10)[0]
    s = quad(f, 0, np.inf, weight="sin", wvar=w, epsabs=1e-10)[0]
    return c, s


KWW_BETAS = [0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 2.0]
KWW_WS = [10.0 ** (-6.0 + 0.2 * k) for k in range(61)]


def kww_grid():
    out = 0.0
    for beta in KWW_BETAS:
        for w in KWW_WS:
            out += phi_quad(w, beta)[0]
    return out


def kww_error():
    worst = 0.0
    with open(KWW_REF) as f:
        next(f)
        for line in f:
            p = line.strip().split(",")
            beta, w, c0, s0 = map(float, p[:4])
            c, s = phi_quad(w, beta)
            norm = np.hypot(c0, s0)
            err = max(abs(c - c0), abs(s - s0)) / norm
            worst = max(worst, err if np.isfinite(err) else np.inf)
    return worst


def median_time(f, repeat):
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", action="store_true", help="recompute data/lre_crossover_200T.csv")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", help="run only this workload id")
    args = ap.parse_args()
    if args.reference:
        lre_reference()
        return
    warnings.simplefilter("ignore")
    if args.only in (None, "lre-crossover-200T"):
        beta_ref, tau_ref = read_lre_reference()
        fits = lre_sweep()
        err = max(max(abs(b / br - 1.0), abs(t / tr - 1.0))
                  for (b, t), br, tr in zip(fits, beta_ref, tau_ref))
        sec = median_time(lre_sweep, args.repeat)
        print(json.dumps({
            "workload": "lre-crossover-200T", "impl": "scipy", "seconds": sec, "rel_error": err,
            "reference": "beta, tau of the exact q(t) fitted at 1e-15 (data/lre_crossover_200T.csv)",
            "note": "solve_ivp RK45 rtol 1e-10 atol 1e-14 + event, least_squares lm xtol=ftol 1e-10; 1 thread",
        }), flush=True)
    if args.only in (None, "kww-direct"):
        err = kww_error()
        sec = median_time(kww_grid, max(1, args.repeat // 2))
        n = len(KWW_BETAS) * len(KWW_WS)
        print(json.dumps({
            "workload": "kww-direct", "impl": "scipy", "seconds": sec, "rel_error": err,
            "reference": "mpmath Phi(w; beta) at 49 points (crates/relaxation/tests/data/kww_reference.csv), error relative to |Phi|",
            "note": f"quad QAWF (weight cos/sin) epsabs 1e-10; {n} evaluations (10 beta x 61 w in [1e-6, 1e6]): {n / sec:.3g} per s; 1 thread",
        }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
