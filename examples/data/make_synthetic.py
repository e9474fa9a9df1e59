"""Write the synthetic data files of examples/data (run from the repository root:
`python3 examples/data/make_synthetic.py`). The truth and the noise are stated here
so that a fit can be checked against them; the noise comes from a fixed seed.

* tau_vft.csv — VFT relaxation times, log10 τ = log10 τ0 + D T_VF/((T − T_VF) ln 10)
  with τ0 = 1e-14 s, D = 10, T_VF = 150 K; 30 temperatures 190–320 K; Gaussian
  noise of 0.05 in log10 τ (the column sigma_tau states it).
* phi_kww.csv — a stretched exponential φ(x) = exp(−x^β), β = 0.6, x = t/τ from
  0.05 to 4 (60 points), Gaussian noise 0.01 (sigma_phi).
"""
import math
import random

rng = random.Random(20261130)

with open("examples/data/tau_vft.csv", "w") as f:
    f.write("# synthetic VFT data: tau0 = 1e-14 s, D = 10, T_VF = 150 K, noise 0.05 in log10 tau\n")
    f.write("T [K],tau [s],sigma_tau\n")
    for i in range(30):
        t = 190.0 + 130.0 * i / 29
        log_tau = -14.0 + 10.0 * 150.0 / ((t - 150.0) * math.log(10.0))
        f.write(f"{t!r},{10 ** (log_tau + 0.05 * rng.gauss(0, 1))!r},0.05\n")

with open("examples/data/phi_kww.csv", "w") as f:
    f.write("# synthetic KWW decay: beta = 0.6, noise 0.01\n")
    f.write("x,phi,sigma_phi\n")
    for i in range(60):
        x = 0.05 + 3.95 * i / 59
        f.write(f"{x!r},{math.exp(-x ** 0.6) + 0.01 * rng.gauss(0, 1)!r},0.01\n")
