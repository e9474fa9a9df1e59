"""Independent reference fits with SciPy for vitreous-fit's tests.

Run from the repository root (needs numpy and scipy; the tests do not run it):

    python3 crates/fit/tests/data/scipy_reference.py > crates/fit/tests/data/scipy_reference.json

It fits the example data files in examples/data with scipy.optimize.least_squares
(Levenberg–Marquardt, analytic Jacobians, tolerances at machine precision) and
reports, for each fit, the parameters, their standard errors (covariance
(JᵀJ)⁻¹ scaled by the reduced χ², as curve_fit's default) and χ².
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy.optimize import least_squares

LN10 = math.log(10.0)


def read(path):
    names, rows = None, []
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split(",")]
        if names is None:
            names = [c.split("[")[0].strip() for c in cells]
        else:
            rows.append([float(c) for c in cells])
    a = np.array(rows)
    return {n: a[:, i] for i, n in enumerate(names)}


def report(res, names, transform_back):
    """Parameters and stderr (covariance scaled by the reduced chi-square)."""
    j = res.jac
    n, k = j.shape
    chisqr = float(np.sum(res.fun ** 2))
    cov = np.linalg.inv(j.T @ j) * chisqr / (n - k)
    values, errors = transform_back(res.x, np.sqrt(np.diag(cov)))
    return {
        "chisqr": chisqr,
        "parameters": {nm: {"value": float(v), "stderr": float(e)}
                       for nm, v, e in zip(names, values, errors)},
    }


def vft():
    d = read("examples/data/tau_vft.csv")
    t, y, s = d["T"], np.log10(d["tau"]), d["sigma_tau"]

    def f(p):  # p = (log10 tau0, D, T_VF)
        return (p[0] + p[1] * p[2] / ((t - p[2]) * LN10) - y) / s

    def jac(p):
        return np.column_stack([
            np.ones_like(t),
            p[2] / ((t - p[2]) * LN10),
            p[1] * t / ((t - p[2]) ** 2 * LN10),
        ]) / s[:, None]

    res = least_squares(f, [-13.0, 8.0, 140.0], jac=jac, method="lm",
                        xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)

    def back(x, e):  # tau0 = 10^x0: stderr by the (exact, linear) chain rule
        tau0 = 10 ** x[0]
        return [tau0, x[1], x[2]], [tau0 * LN10 * e[0], e[1], e[2]]

    return report(res, ["tau0", "d", "t_vf"], back)


def kww():
    d = read("examples/data/phi_kww.csv")
    x, y, s = d["x"], d["phi"], d["sigma_phi"]

    def f(p):
        return (np.exp(-x ** p[0]) - y) / s

    def jac(p):
        return (-np.exp(-x ** p[0]) * x ** p[0] * np.log(x) / s)[:, None]

    res = least_squares(f, [1.0], jac=jac, method="lm",
                        xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
    return report(res, ["beta"], lambda v, e: (list(v), list(e)))


json.dump({
    "generated_by": f"scipy {scipy.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}",
    "vft_log": vft(),
    "kww_decay": kww(),
}, sys.stdout, indent=2)
sys.stdout.write("\n")
