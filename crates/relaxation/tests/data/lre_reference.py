"""Independent high-precision values of the exact LRE kinetics for a barrier
linear in q: with k = exp(-V0/T) and a = (dV/dq)/T, dq/dt = k (1 - q) e^{-a q}
has k t(q) = int_0^q e^{a u}/(1 - u) du, which in closed form is

  a > 0:  e^a [E1(a (1 - q)) - E1(a)]
  a < 0:  e^a [Ei(-a) - Ei(-a (1 - q))]
  a = 0:  -ln(1 - q)

(mpmath's e1 and ei at 50 digits). Written to lre_reference.csv as
(a, q, k t), q being exactly the double written, with 20 significant digits; each value is also checked against
mpmath's tanh-sinh quadrature of int_0^s exp(a (1 - e^{-x})) dx,
s = -ln(1 - q), and the largest disagreement is printed.

Run: python3 lre_reference.py  (needs mpmath)
"""
import mpmath as mp

mp.mp.dps = 50


def closed(a, q):
    a = mp.mpf(a)
    if a > 0:
        return mp.exp(a) * (mp.e1(a * (1 - q)) - mp.e1(a))
    if a < 0:
        return mp.exp(a) * (mp.ei(-a) - mp.ei(-a * (1 - q)))
    return -mp.log(1 - q)


def quad(a, q):
    a = mp.mpf(a)
    s = -mp.log(1 - q)
    pts = [mp.mpf(0)] + [x for x in [mp.mpf(2) ** j for j in range(-12, 7)] if x < s] + [s]
    return mp.quad(lambda x: mp.exp(a * (1 - mp.exp(-x))), pts)


rows = []
worst = mp.mpf(0)
for a in ["-300", "-11.5", "-1.5", "-0.8", "0", "0.5", "1", "2.5", "10", "50", "300"]:
    # q is taken as the double nearest each value, exactly (repr reads
    # back to the same double), so 1 - q near 1 carries no rounding
    for qf in [1e-12, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 2.0 ** -40]:
        q = mp.mpf(qf)
        v = closed(a, q)
        worst = max(worst, abs(quad(a, q) / v - 1))
        rows.append((a, repr(qf), v))
print("largest |quadrature/closed form - 1| =", mp.nstr(worst, 3))

with open("lre_reference.csv", "w") as out:
    out.write("a,q,kt\n")
    for a, q, v in rows:
        out.write(f"{a},{q},{mp.nstr(v, 20)}\n")
