"""Cut the SciGlass viscosity subset shipped in data/ from the published file.

Usage (from the repository root; needs numpy):

    pip download --no-deps glasspy==0.3 -d /tmp/glasspy
    cd /tmp/glasspy && unzip -o glasspy-0.3-py3-none-any.whl 'glasspy/data/datafiles/*'
    python3 data/make_subset.py /tmp/glasspy/glasspy/data/datafiles/viscosity_compounds.csv.xz

Selection (deterministic): glasses with >= 12 points spanning >= 5 decades of
viscosity and >= 250 K, no repeated temperature. Two pure-SiO2 glasses (the
two with the most points), then 34 glasses at evenly spaced quantiles of the
curvature of log10(eta) against 1/T (a quadratic fit: ~0 for a strong,
Arrhenius liquid, large for a fragile one), so the subset spans strong to
fragile. Written as the original CSV (same column names, rows in the original
order), keeping only the composition columns that are non-zero in the subset,
plus two single-glass files in vitreous' data-file format for `compare --data`.
"""
import csv
import lzma
import sys

import numpy as np

src = sys.argv[1]
rows_by_id, order = {}, []
with lzma.open(src, "rt", newline="") as f:
    r = csv.reader(f)
    header = next(r)
    i_id, i_t, i_v = header.index("ID"), header.index("temperature"), header.index("log_viscosity")
    i_si = header.index("SiO2")
    for row in r:
        g = row[i_id]
        if g not in rows_by_id:
            rows_by_id[g] = []
            order.append(g)
        rows_by_id[g].append(row)

cands = []
for g in order:
    rows = rows_by_id[g]
    t = np.array([float(x[i_t]) for x in rows])
    v = np.array([float(x[i_v]) for x in rows])
    if len(rows) < 12 or len(set(t)) < len(t):
        continue
    if v.max() - v.min() < 5 or t.max() - t.min() < 250:
        continue
    x = 1000.0 / t
    curv = np.polyfit(x - x.mean(), v, 2)[0]
    sio2 = float(rows[0][i_si] or 0)
    cands.append((g, curv, sio2, len(rows)))

silica = sorted([c for c in cands if c[2] >= 0.999], key=lambda c: (-c[3], c[0]))[:2]
rest = sorted([c for c in cands if c[2] < 0.999], key=lambda c: (c[1], c[0]))
picks = [rest[int(round(q * (len(rest) - 1)))] for q in np.linspace(0, 1, 34)]
chosen = {c[0] for c in silica + picks}
print(f"{len(cands)} candidates; chose {len(chosen)} (silica: {[c[0] for c in silica]})", file=sys.stderr)

keep_rows = [row for g in order if g in chosen for row in rows_by_id[g]]
comp = [j for j, h in enumerate(header) if j not in (i_id, i_t, i_v) and h not in ("author", "year")
        and any(row[j] not in ("", "0", "0.0") for row in keep_rows)]
cols = [i_id] + comp + [i_t, i_v, header.index("author"), header.index("year")]
with open("data/sciglass_viscosity_subset.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow([header[j] for j in cols])
    for row in keep_rows:
        w.writerow([row[j] for j in cols])


def single(g, path, what):
    pts = sorted((float(x[i_t]), float(x[i_v])) for x in rows_by_id[g])
    with open(path, "w") as f:
        f.write(f"# {what}: SciGlass glass {g} (© EPAM Systems, ODbL; see data/README.md)\n")
        f.write("T [K],log10_eta\n")
        for t, v in pts:
            f.write(f"{t!r},{v!r}\n")


single(silica[0][0], "data/viscosity_silica.csv", "pure SiO2")
single(picks[-1][0], "data/viscosity_fragile.csv", "the most fragile glass of the subset")
