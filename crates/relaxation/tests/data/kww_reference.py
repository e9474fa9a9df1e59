"""Independent high-precision reference values of the KWW transform
Phi(w; beta) = int_0^inf exp(-i w x) exp(-x^beta) dx = C - i S,
written to kww_reference.csv (beta, w, C, S; 20 significant digits).

Method (mpmath, 80-digit working precision), chosen per point among the
two *convergent* series, accepted only where cancellation leaves more than 40 of the 80
digits:
  beta < 1: Phi = sum_k (-1)^k Gamma(beta k + 1) / (k! (i w)^(beta k + 1))
  beta > 1: Phi = (1/beta) sum_k (-i w)^k Gamma((k + 1)/beta) / k!
and, where the series would need too many terms, mpmath's tanh-sinh
quadrature along the ray x = r exp(-i theta) (theta = pi/2 for beta < 1,
pi/(4 beta) otherwise), on which the integrand decays without oscillating
much, split at e-folds of the decay. Where both are possible the two are
compared (printed) as a check of the reference itself.

Run: python3 kww_reference.py  (needs mpmath)
"""
import mpmath as mp

mp.mp.dps = 80


def series(w, beta, kmax=3000):
    w = mp.mpf(w)
    beta = mp.mpf(beta)
    total = mp.mpc(0)
    biggest = mp.mpf(0)
    if beta < 1:
        iw = mp.mpc(0, w)
        for k in range(kmax):
            a = beta * k + 1
            term = (-1) ** k * mp.gamma(a) / (mp.factorial(k) * iw ** a)
            total += term
            biggest = max(biggest, abs(term))
            if k > 5 and abs(term) < mp.mpf(10) ** (-40) * abs(total):
                # accept only if cancellation left > 40 of the 80 digits
                return total if biggest < mp.mpf(10) ** 35 * abs(total) else None
    else:
        miw = mp.mpc(0, -w)
        for k in range(kmax):
            term = miw ** k * mp.gamma((k + 1) / beta) / mp.factorial(k) / beta
            total += term
            biggest = max(biggest, abs(term))
            if k > 5 and abs(term) < mp.mpf(10) ** (-40) * abs(total):
                # accept only if cancellation left > 40 of the 80 digits
                return total if biggest < mp.mpf(10) ** 35 * abs(total) else None
    return None


def contour(w, beta):
    w = mp.mpf(w)
    beta = mp.mpf(beta)
    theta = mp.pi / 2 if beta < 1 else mp.pi / (4 * beta)
    rot = mp.exp(mp.mpc(0, -theta))
    f = lambda r: rot * mp.exp(-mp.mpc(0, 1) * w * r * rot - (r * rot) ** beta)
    decay = lambda r: w * r * mp.sin(theta) + r ** beta * mp.cos(beta * theta)
    # break points where the modulus has fallen by e^{-m}
    pts = [mp.mpf(0)]
    for m in [mp.mpf(2) ** j for j in range(-10, 2)] + list(range(3, 200, 2)):
        pts.append(mp.findroot(lambda r: decay(r) - m, (mp.mpf(0), mp.mpf(10) ** 40),
                               solver="anderson"))
    pts.append(mp.inf)
    return mp.quad(f, pts)


rows = []
for beta in ["0.1", "0.25", "0.5", "0.75", "1.25", "1.5", "1.75"]:
    for w in ["1e-6", "1e-3", "0.1", "1", "10", "1e3", "1e6"]:
        phi = series(w, beta)
        if phi is None:
            phi = contour(w, beta)
            how = "contour"
        else:
            how = "series"
            if mp.mpf("1e-3") <= mp.mpf(w) <= 10:
                q = contour(w, beta)
                print(f"check beta={beta} w={w}: |series - contour|/|Phi| = "
                      f"{mp.nstr(abs(q - phi) / abs(phi), 3)}")
        rows.append((beta, w, mp.re(phi), -mp.im(phi), how))

with open("kww_reference.csv", "w") as out:
    out.write("beta,w,C,S,method\n")
    for beta, w, c, s, how in rows:
        out.write(f"{beta},{w},{mp.nstr(c, 20)},{mp.nstr(s, 20)},{how}\n")
