"""Independent SciPy fits of the viscosity laws on the shipped SciGlass subset,
and a SciPy timing loop for the batch comparison.

Run from the repository root (needs numpy and scipy; the tests do not run it):

    python3 scripts/compare_scipy.py reference > crates/fit/tests/data/compare_scipy_reference.json
    python3 scripts/compare_scipy.py timing PATH/viscosity_compounds.csv.xz [--min-points 10]
        [--laws vft,myega,...] [--max-glasses N]

`reference` fits every glass of data/sciglass_viscosity_subset.csv with VFT,
Arrhenius, MYEGA, Avramov-Milchev and Adam-Gibbs (s_c = dcp ln(T/T_K)), written
here in numpy from the formulas (not from vitreous), by
scipy.optimize.least_squares (trust-region reflective with the laws' bounds,
analytic-free 3-point Jacobian, tolerances at 1e-15) from several starts of
its own (linearisations scanned over T_VF / T_K, then MYEGA/AM from the VFT
optimum with several A), keeping the lowest chi-square. It reports chi-square,
T_g (eta = 1e12 Pa s) and m = d log10 eta / d(T_g/T) at T_g from closed forms
(Adam-Gibbs: T_g by brentq), and whether the optimum sits on a bound.

`timing` runs the same work as `vitreous compare --sciglass` (each glass with
>= N points, five laws: VFT, MYEGA, AM, Arrhenius, two-state; per (glass, law)
one fit on all points plus the refit on the points above the median
temperature) with least_squares(method="lm") from one start per law, and
prints the CPU time per 1000 (glass, law) rows on one core (and per law).

The two-state fits do what vitreous does for them (`two_state_fit`): the
same data-driven start (a linear least-squares fit of (A, E0, dEa) on a grid
of (T_half, dsigma), written out below in numpy), dEa > 0 fitted as ln dEa,
MINPACK's Levenberg-Marquardt with internal scaling (x_scale="jac") and a
forward-difference Jacobian in the internal variables (h = sqrt(eps) max(|u|,
1e-8)), ftol = xtol = 1e-10, at most 200 (k + 1) residual evaluations, and the
same stall stop: when chi-square fell by less than 1e-6 of itself over the last
10 Jacobians and the column-normalised J^T J has an eigenvalue below 1e-9 of
its largest, the fit stops (vitreous then reports the parameters of that
direction as not determined).
"""
import csv
import json
import lzma
import math
import sys
import time

import numpy as np
import scipy
from scipy.optimize import brentq, least_squares

LN10 = math.log(10.0)


def read(path):
    opener = lzma.open if path.endswith(".xz") else open
    glasses, order = {}, []
    with opener(path, "rt", newline="") as f:
        r = csv.reader(f)
        h = next(r)
        i_id, i_t, i_v = h.index("ID"), h.index("temperature"), h.index("log_viscosity")
        for row in r:
            g = row[i_id]
            if g not in glasses:
                glasses[g] = []
                order.append(g)
            glasses[g].append((float(row[i_t]), float(row[i_v])))
    out = []
    for g in order:
        p = sorted(glasses[g])
        out.append((g, np.array([x[0] for x in p]), np.array([x[1] for x in p])))
    return out


# log10 eta of each law, p in its natural parameters
def vft(p, t):
    return p[0] + p[1] / (t - p[2])


def arr(p, t):
    return p[0] + p[1] / t


def myega(p, t):
    a, tg, m = p
    x = tg / t
    return a + (12 - a) * x * np.exp((m / (12 - a) - 1) * (x - 1))


def am(p, t):
    a, tg, m = p
    return a + (12 - a) * (tg / t) ** (m / (12 - a))


def ag(p, t):
    return p[0] + p[1] / (t * np.log(t / p[2]))


def two_state(p, t):
    a, e0, dea, de, ds = p
    psi = 1 / (1 + np.exp(de / t - ds))
    return a + (e0 + dea * psi) / (t * LN10)


LAWS = {"vft": vft, "arrhenius": arr, "myega": myega, "avramov-milchev": am, "adam-gibbs": ag}
INF = np.inf
# bounds as vitreous declares them (b, t_vf, t_k, t_g, m > 0; A < 12 for MYEGA/AM)
BOUNDS = {
    "vft": ([-INF, 0, 0], [INF, INF, INF]),
    "arrhenius": ([-INF, -INF], [INF, INF]),
    "myega": ([-INF, 0, 0], [12, INF, INF]),
    "avramov-milchev": ([-INF, 0, 0], [12, INF, INF]),
    "adam-gibbs": ([-INF, 0, 0], [INF, INF, INF]),
}


def line(x, y):
    a = np.vstack([np.ones_like(x), x]).T
    c, *_ = np.linalg.lstsq(a, y, rcond=None)
    return c, float(np.sum((a @ c - y) ** 2))


def scan(t, y, xfun):
    best = None
    for c in np.linspace(0, 0.97 * t.min(), 98)[1:]:
        (a, b), s = line(xfun(t, c), y)
        if b > 0 and (best is None or s < best[0]):
            best = (s, [a, b, c])
    return best[1] if best else None


def fit(name, t, y, starts):
    f = LAWS[name]
    lo, hi = BOUNDS[name]
    best = None
    for p0 in starts:
        p0 = np.clip(np.array(p0, float), np.array(lo) + 1e-9, np.array(hi) - 1e-9)
        try:
            r = least_squares(lambda p: f(p, t) - y, p0, bounds=(lo, hi), method="trf",
                              jac="3-point", xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
        except ValueError:
            continue
        if not np.all(np.isfinite(r.fun)):
            continue
        chi = float(np.sum(r.fun ** 2))
        if best is None or chi < best[0]:
            best = (chi, r)
    return best


def tg_m(name, p):
    if name == "vft":
        a, b, c = p
        tg = c + b / (12 - a)
        return tg, b * tg / (tg - c) ** 2
    if name == "arrhenius":
        a, b = p
        return b / (12 - a), 12 - a
    if name in ("myega", "avramov-milchev"):
        return p[1], p[2]
    a, b, tk = p  # adam-gibbs
    g = lambda tt: a + b / (tt * math.log(tt / tk)) - 12
    tg = brentq(g, tk * (1 + 1e-12), tk * 1e6, xtol=1e-14, rtol=1e-15)
    lg = math.log(tg / tk)
    return tg, b * tg * (lg + 1) / (tg * lg) ** 2


def reference():
    out = {"scipy": scipy.__version__, "numpy": np.__version__,
           "data": "data/sciglass_viscosity_subset.csv", "glasses": {}}
    for g, t, y in read("data/sciglass_viscosity_subset.csv"):
        res = {}
        (a0, b0), _ = line(1 / t, y)
        v = scan(t, y, lambda t, c: 1 / (t - c))
        fits = {"arrhenius": fit("arrhenius", t, y, [[a0, b0]])}
        vs = [v] if v else []
        fits["vft"] = fit("vft", t, y, vs + [[a0, b0, 1.0]])
        k = scan(t, y, lambda t, c: 1 / (t * np.log(t / c)))
        fits["adam-gibbs"] = fit("adam-gibbs", t, y, [k] if k else [])
        # MYEGA / AM from the VFT optimum's T_g, m, with several A
        starts = []
        if fits["vft"]:
            tg, m = tg_m("vft", fits["vft"][1].x)
            for a in [fits["vft"][1].x[0], -5, -3, -1, 1]:
                a = min(a, 11)
                starts.append([a, tg, max(m, 1.05 * (12 - a))])
        for name in ("myega", "avramov-milchev"):
            fits[name] = fit(name, t, y, starts)
        for name, b in fits.items():
            if b is None:
                continue
            chi, r = b
            lo, hi = BOUNDS[name]
            at_bound = bool(np.any(r.active_mask != 0)) or any(
                abs(x - l) < 1e-6 * max(1, abs(x)) or abs(h - x) < 1e-6 * max(1, abs(x))
                for x, l, h in zip(r.x, lo, hi))
            try:
                tg, m = tg_m(name, r.x)
            except ValueError:  # the law never reaches 1e12 Pa s
                tg, m = None, None
            res[name] = {"chisqr": chi, "t_g": tg, "m": m, "params": [float(x) for x in r.x],
                         "at_bound": at_bound, "n": int(len(t))}
        out["glasses"][g] = res
    json.dump(out, sys.stdout, indent=1)
    print()


def arrhenius_line(t, y):
    """(A, B) of log10 eta = A + B/T by the same centred sums as vitreous."""
    x = 1 / t
    mx, my = x.mean(), y.mean()
    b = np.sum((x - mx) * (y - my)) / np.sum((x - mx) ** 2)
    return my - b * mx, b


def two_state_guess(t, y):
    """vitreous' two-state start: for each (T_half, dsigma) of a 16 x 7 grid
    the law is linear in (A, E0, dEa); keep the best linear fit (normal
    equations on unit-norm columns, refused when their determinant is below
    1e-12), with dEa made positive by the psi <-> 1 - psi symmetry."""
    if len(t) < 3:
        return None
    tmin, tmax = t.min(), t.max()
    th = 0.5 * tmin + (1.5 * tmax - 0.5 * tmin) * np.arange(16) / 15.0
    sig = -0.5 * 2.0 ** np.arange(7)
    TH, SG = np.meshgrid(th, sig, indexing="ij")
    TH, SG = TH.ravel(), SG.ravel()
    de = (SG * TH)[:, None]
    psi = 1 / (1 + np.exp((de - t[None, :] * SG[:, None]) / t[None, :]))
    X = np.stack([np.ones_like(psi), np.broadcast_to(1 / (t * LN10), psi.shape),
                  psi / (t * LN10)], axis=2)  # grid x n x 3
    norm = np.sqrt(np.sum(X * X, axis=1))  # grid x 3
    S = X / norm[:, None, :]
    A = np.einsum("gni,gnj->gij", S, S)
    b = np.einsum("gni,n->gi", S, y)
    det = np.linalg.det(A)
    ok = np.isfinite(det) & (np.abs(det) > 1e-12)
    if not ok.any():
        a, bb = arrhenius_line(t, y)
        e0 = bb * LN10
        return [a, e0, max(1e-6 * abs(e0), 1e-3), -5 * 0.5 * (tmin + tmax), -5.0]
    c = np.full((len(TH), 3), np.nan)
    c[ok] = np.linalg.solve(A[ok], b[ok][..., None])[..., 0] / norm[ok]
    sse = np.sum((np.einsum("gni,gi->gn", X, np.nan_to_num(c)) - y) ** 2, axis=1)
    sse[~ok] = np.inf
    g = int(np.argmin(sse))
    a, e0, dea = c[g]
    if dea < 0:
        return [a, e0 + dea, -dea, -SG[g] * TH[g], -SG[g]]
    return [a, e0, dea, SG[g] * TH[g], SG[g]]


class Stalled(Exception):
    pass


def null_direction(j):
    norms = np.linalg.norm(j, axis=0)
    if np.any(norms == 0):
        return True
    w = np.linalg.eigvalsh((j / norms).T @ (j / norms))
    return w[0] <= 1e-9 * w[-1]


def two_state_fit(t, y):
    """The two-state fit as vitreous runs it (see the module docstring);
    returns the internal-variable optimum or None."""
    p0 = two_state_guess(t, y)
    if p0 is None or p0[2] <= 0:
        return None
    u0 = np.array([p0[0], p0[1], math.log(p0[2]), p0[3], p0[4]])

    def ext(u):
        # vitreous' log transform: x = exp(u) clamped to the positive doubles
        e = math.exp(min(u[2], 709.0)) if u[2] < 709.0 else sys.float_info.max
        return np.array([u[0], u[1], max(e, sys.float_info.min), u[3], u[4]])

    cache = {}

    def res(u):
        key = u.tobytes()
        if key not in cache:
            cache.clear()
            cache[key] = two_state(ext(u), t) - y
        return cache[key]

    history = []
    last = [u0]

    def jac(u):
        r0 = res(u)
        j = np.empty((len(r0), len(u)))
        for k in range(len(u)):
            h = math.sqrt(np.finfo(float).eps) * max(abs(u[k]), 1e-8)
            v = u.copy()
            v[k] += h
            j[:, k] = (two_state(ext(v), t) - y - r0) / h
        chi = float(r0 @ r0)
        history.append(chi)
        last[0] = u.copy()
        if len(history) > 10 and history[-11] - chi <= 1e-6 * chi and null_direction(j):
            raise Stalled()
        return j

    try:
        r = least_squares(res, u0, jac=jac, method="lm", x_scale="jac", xtol=1e-10,
                          ftol=1e-10, gtol=1e-15, max_nfev=200 * 6)
        return r.x
    except Stalled:
        return last[0]
    except (ValueError, OverflowError, np.linalg.LinAlgError):
        return None


def timing(path, min_points, only=None, max_glasses=None):
    glasses = [g for g in read(path) if len(g[1]) >= min_points][:max_glasses]
    laws = {"vft": vft, "myega": myega, "avramov-milchev": am, "arrhenius": arr, "two-state": two_state}
    if only:
        laws = {k: v for k, v in laws.items() if k in only}

    def start(name, t, y):
        (a, b), _ = line(1 / t, y)
        if name == "arrhenius":
            return [a, b]
        if name == "vft":
            return [a, b, 0.1 * t.min()]
        tg = b / (12 - a) if 12 - a > 0 else t.min()
        if name in ("myega", "avramov-milchev"):
            return [-3.0, tg, 1.2 * 15]
        return [a, b * LN10, 0.0, -5 * np.median(t), -5.0]

    rows = failed = 0
    per_law = {name: 0.0 for name in laws}
    t0 = time.process_time()
    for g, t, y in glasses:
        med = np.median(t)
        hot = t > med
        for name, f in laws.items():
            rows += 1
            c0 = time.process_time()
            for tt, yy in ((t, y), (t[hot], y[hot])):
                if name == "two-state":
                    if len(tt) <= 5 or two_state_fit(tt, yy) is None:
                        failed += 1
                    continue
                if len(tt) <= len(start(name, tt, yy)):
                    failed += 1
                    continue
                try:
                    least_squares(lambda p: f(p, tt) - yy, start(name, tt, yy), method="lm",
                                  xtol=1e-10, ftol=1e-10)
                except Exception:
                    failed += 1
            per_law[name] += time.process_time() - c0
    dt = time.process_time() - t0
    n = len(glasses)
    print(f"scipy {scipy.__version__}: {n} glasses x {len(laws)} laws = {rows} rows "
          f"(fit + extrapolation refit each) in {dt:.1f} s CPU on one core: "
          f"{dt / rows * 1000:.2f} s per 1000 rows ({failed} fits skipped or failed); per law, "
          "s per 1000 rows: " + ", ".join(f"{k} {v / n * 1000:.2f}" for k, v in per_law.items()))


if __name__ == "__main__":
    import warnings
    warnings.filterwarnings("ignore")
    if sys.argv[1] == "reference":
        reference()
    else:
        def opt(flag, default=None):
            return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default
        laws = opt("--laws")
        mg = opt("--max-glasses")
        timing(sys.argv[2], int(opt("--min-points", 10)), laws.split(",") if laws else None,
               int(mg) if mg else None)
