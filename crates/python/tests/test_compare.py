"""`vitreous.compare` equals `vitreous compare --data … --format json`, and
the ranking agrees with the Akaike weights it reports."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

import vitreous
from vitreous import distributed as vd
from conftest import ROOT

SILICA = ROOT / "data" / "viscosity_silica.csv"

pytestmark = pytest.mark.skipif(not SILICA.exists(), reason="the viscosity data set is not in this checkout")


def test_compare_equals_cli(cli):
    ref = cli.json("compare", "--data", str(SILICA), "--models", "vft,myega,arrhenius")
    c = vitreous.compare(SILICA, ["vft", "myega", "arrhenius"])
    assert c.to_dict() == ref
    # Akaike weights sum to one over the laws that fitted, and the best has ΔAIC = 0
    w = [r["akaike_weight"] for r in c.results if r["akaike_weight"] is not None]
    assert math.isclose(sum(w), 1.0, rel_tol=1e-12)
    best = next(r for r in c.results if r["model"] == c.best)
    assert best["delta_aic"] == 0.0
    assert pickle.loads(pickle.dumps(c)) == c


def test_compare_from_arrays_equals_file():
    lines = [l for l in SILICA.read_text().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    header = [h.strip() for h in lines[0].split(",")]
    rows = np.array([[float(x) for x in l.split(",")] for l in lines[1:]])
    data = {h: rows[:, k] for k, h in enumerate(header)}
    assert vitreous.compare(data, "vft,myega") == vitreous.compare(str(SILICA), "vft,myega")


def test_compare_errors():
    with pytest.raises(vitreous.InputError, match="neither a viscosity law"):
        vitreous.compare(SILICA, ["no-such-law"])
    with pytest.raises(vitreous.InputError, match="listed twice"):
        vitreous.compare(SILICA, ["vft", "vft"])


def test_compare_many_locally():
    jobs = [dict(data=SILICA, models=["vft", "arrhenius"]) for _ in range(2)]
    out = vd.compare_many(jobs)
    assert out[0] == out[1] == vitreous.compare(SILICA, ["vft", "arrhenius"])
