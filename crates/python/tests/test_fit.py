"""Fitting from Python equals `vitreous fit` to the last bit, recovers the
parameters synthetic data were made with, and its result pickles."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

import vitreous

TRUTH = {"tau0": 1e-13, "d": 8.0, "t_vf": 120.0}


def vft_data(seed: int = 1, n: int = 25):
    """τ(T) from the VFT closed form with 2 % log-normal noise."""
    rng = np.random.default_rng(seed)
    T = np.linspace(170.0, 400.0, n)
    tau = TRUTH["tau0"] * np.exp(TRUTH["d"] * TRUTH["t_vf"] / (T - TRUTH["t_vf"]))
    tau = tau * np.exp(0.02 * rng.standard_normal(n))
    return T, tau


def write_csv(path, T, tau):
    with open(path, "w") as f:
        f.write("T [K],tau [s]\n")
        for a, b in zip(T, tau):
            f.write(f"{float(a)!r},{float(b)!r}\n")


def comparable(d: dict) -> dict:
    return {k: d[k] for k in ("model", "observable", "converged", "message", "evaluations", "parameters", "correlations", "fitted_columns")} | {
        "statistics": d["statistics"]
    }


def test_fit_equals_cli_and_file_equals_dict(cli, tmp_path):
    T, tau = vft_data()
    csv = tmp_path / "tau.csv"
    write_csv(csv, T, tau)
    args = ["fit", "vft", "relaxation-time", "--data", str(csv), "--vary", "d", "--vary", "t_vf", "--vary", "tau0", "--residual", "log"]
    ref = cli.json(*args)
    r_file = vitreous.fit("vft", "relaxation-time", str(csv), ["d", "t_vf", "tau0"], residual="log")
    assert comparable(r_file.to_dict()) == comparable(ref)
    r_dict = vitreous.fit(vitreous.Model("vft"), "relaxation-time", {"T [K]": T, "tau [s]": tau}, ["d", "t_vf", "tau0"], residual="log")
    assert comparable(r_dict.to_dict()) == comparable(ref)
    # the report is the command line's table output
    assert r_file.report().rstrip("\n") == cli.run(*args).stdout.rstrip("\n")


def test_fit_recovers_truth():
    T, tau = vft_data(seed=7)
    r = vitreous.fit("vft", "relaxation-time", {"T": T, "tau": tau}, {"d": None, "t_vf": None, "tau0": None}, residual="log")
    assert r.converged
    for name, true in TRUTH.items():
        p = r.params[name]
        assert p.unit == vitreous.Model("vft").info.parameter(name).unit
        assert abs(p.value - true) < 5 * p.stderr, (name, p)
    # residuals in log10 with σ = 1: the reduced χ² is the noise variance (0.02/ln 10)²
    assert 0.3 < r.redchi / (0.02 / math.log(10)) ** 2 < 3.0
    # AIC and BIC by their definitions
    n, k = r.n_data, r.n_varys
    assert math.isclose(r.aic, n * math.log(r.chisqr / n) + 2 * k, rel_tol=1e-12)
    assert math.isclose(r.bic, n * math.log(r.chisqr / n) + k * math.log(n), rel_tol=1e-12)
    assert ("d", "t_vf") in r.correl or ("t_vf", "d") in r.correl
    assert "[[Variables]]" in r.report()
    assert "<table>" in r._repr_html_()
    pts = r.datasets[0]["points"]
    assert pts["conditions"]["T"].shape == (25,)


def test_kww_fit_of_exact_data():
    # φ = exp(−x^β) sampled without noise: the fit returns β to rounding
    x = np.geomspace(0.01, 5.0, 30)
    r = vitreous.fit("kww", "decay", {"x": x, "phi": np.exp(-(x**0.43))}, {"beta": 0.7})
    assert abs(r.params["beta"].value - 0.43) < 1e-8


def test_units_in_data_and_vary(cli, tmp_path):
    T, tau = vft_data(seed=3)
    with open(tmp_path / "ms.csv", "w") as f:
        f.write("T [mK],tau [ms]\n")
        for a, b in zip(T * 1000, tau * 1000):
            f.write(f"{float(a)!r},{float(b)!r}\n")
    ref = cli.json("fit", "vft", "relaxation-time", "--data", str(tmp_path / "ms.csv"), "--vary", "d=9", "--vary", "t_vf=100K:50K:160K", "--vary", "tau0", "--residual", "log")
    r = vitreous.fit(
        "vft",
        "relaxation-time",
        {"T [mK]": T * 1000, "tau [ms]": tau * 1000},
        {"d": 9, "t_vf": ("100K", "50K", "160K"), "tau0": None},
        residual="log",
    )
    assert comparable(r.to_dict()) == comparable(ref)
    r2 = vitreous.fit("vft", "relaxation-time", {"T [mK]": T * 1000, "tau [ms]": tau * 1000}, ["d=9", "t_vf=100K:50K:160K", "tau0"], residual="log")
    assert r2 == r


def test_global_fit_with_local_parameter_equals_cli(cli, tmp_path):
    files = []
    data = []
    for i, t_vf in enumerate([110.0, 130.0]):
        T = np.linspace(180.0, 400.0, 15)
        tau = 1e-13 * np.exp(8.0 * t_vf / (T - t_vf)) * np.exp(0.01 * np.sin(7 * T))
        p = tmp_path / f"set{i}.csv"
        write_csv(p, T, tau)
        files.append(str(p))
        data.append(vitreous.DataSet({"T": T, "tau": tau}, name=f"set{i}"))
    ref = cli.json("fit", "vft", "relaxation-time", "--data", files[0], "--data", files[1], "--vary", "d", "--vary", "t_vf", "--vary", "tau0", "--local", "t_vf", "--residual", "log")
    r = vitreous.fit("vft", "relaxation-time", data, ["d", "t_vf", "tau0"], local="t_vf", residual="log")
    assert comparable(r.to_dict()) == comparable(ref)
    assert set(r.params) >= {"t_vf[0]", "t_vf[1]"}


def test_dataframe(tmp_path):
    pd = pytest.importorskip("pandas")
    T, tau = vft_data()
    a = vitreous.fit("vft", "relaxation-time", pd.DataFrame({"T": T, "tau": tau}), ["d", "t_vf", "tau0"], residual="log")
    b = vitreous.fit("vft", "relaxation-time", {"T": T, "tau": tau}, ["d", "t_vf", "tau0"], residual="log")
    assert a == b


def test_fit_errors_carry_cli_messages(cli, tmp_path):
    T, tau = vft_data()
    csv = tmp_path / "tau.csv"
    write_csv(csv, T, tau)
    expected = cli.error("fit", "vft", "relaxation-time", "--data", str(csv), "--vary", "nope")
    with pytest.raises(vitreous.UnknownName) as e:
        vitreous.fit("vft", "relaxation-time", str(csv), ["nope"])
    assert str(e.value) == expected
    expected = cli.error("fit", "vft", "relaxation-time", "--data", str(csv), "--vary", "T")
    with pytest.raises(vitreous.FitError) as e:
        vitreous.fit("vft", "relaxation-time", str(csv), ["T"])
    assert str(e.value) == expected
    with open(tmp_path / "bad.csv", "w") as f:
        f.write("T,tau\n200,1\n300,x\n")
    expected = cli.error("fit", "vft", "relaxation-time", "--data", str(tmp_path / "bad.csv"), "--vary", "d")
    with pytest.raises(vitreous.DataError) as e:
        vitreous.fit("vft", "relaxation-time", str(tmp_path / "bad.csv"), ["d"])
    assert str(e.value) == expected


def test_fit_bad_python_data():
    T, tau = vft_data()
    with pytest.raises(vitreous.DataError, match=r"data, line 2, column `tau`: `NaN` is not a finite number"):
        vitreous.fit("vft", "relaxation-time", {"T": T[:3], "tau": np.array([1.0, np.nan, 2.0])}, ["d"])
    with pytest.raises(vitreous.DataError, match="values where the first column has"):
        vitreous.fit("vft", "relaxation-time", {"T": T, "tau": tau[:-1]}, ["d"])
    with pytest.raises(TypeError):
        vitreous.fit("vft", "relaxation-time", [1, 2, 3], ["d"])
    with pytest.raises(TypeError):
        vitreous.fit("vft", "relaxation-time", {"T": T, "tau": tau}, [3])
    with pytest.raises(vitreous.InputError):
        vitreous.fit("vft", "relaxation-time", {"T": T, "tau": tau}, ["d"], residual="cubic")


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_result_and_model_pickle(protocol, plugin_path):
    T, tau = vft_data()
    r = vitreous.fit("vft", "relaxation-time", {"T": T, "tau": tau}, ["d", "t_vf", "tau0"], residual="log")
    r2 = pickle.loads(pickle.dumps(r, protocol=protocol))
    assert r2 == r and r2.report() == r.report() and r2.params == r.params
    for m in (vitreous.Model("vft"), vitreous.Model("yl-log", plugins=[plugin_path])):
        m2 = pickle.loads(pickle.dumps(m, protocol=protocol))
        assert m2 == m and m2.info == m.info
        # the extension type pickles on its own too
        core = pickle.loads(pickle.dumps(m._core, protocol=protocol))
        assert core.id == m.id


def test_cloudpickle_round_trip():
    cloudpickle = pytest.importorskip("cloudpickle")
    m = vitreous.Model("kww")
    m2 = cloudpickle.loads(cloudpickle.dumps(m))
    a = m.evaluate("decay", x=[0.5, 1.0])
    b = m2.evaluate("decay", x=[0.5, 1.0])
    assert np.array_equal(a["phi"], b["phi"])
