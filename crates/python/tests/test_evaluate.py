"""Evaluation from Python equals the command line's `eval` to the last bit
(built-in models, a static plugin, a dynamic plugin), and matches closed
forms where the physics has one."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import vitreous


def cli_columns(cli, *args: str, plugin: str | None = None) -> dict[str, np.ndarray]:
    pre = ["--plugin", plugin] if plugin else []
    j = cli.json(*pre, "eval", *args)
    names = [c["name"] for c in j["columns"]]
    rows = np.array([[np.nan if v is None else v for v in r] for r in j["rows"]], dtype=np.float64)
    return {n: rows[:, k] for k, n in enumerate(names)}


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a = np.ascontiguousarray(a, dtype=np.float64).ravel()
    b = np.ascontiguousarray(b, dtype=np.float64).ravel()
    return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))


def assert_same(py: dict, ref: dict) -> None:
    assert list(py) == list(ref)
    for k in ref:
        assert same_bits(py[k], ref[k]), (k, py[k], ref[k])


def test_models_match_cli_list(cli):
    listed = json.loads(cli.run("list", "--json").stdout)
    models = listed["models"] if isinstance(listed, dict) else listed
    ids = sorted(m["id"] for m in models)
    assert sorted(vitreous.models()) == ids
    assert "two-well+gaussian-asymmetry" in ids  # the static plugin is linked


def test_info_describes_parameters_and_observables():
    info = vitreous.Model("vft").info
    assert info.id == "vft" and info.citation
    p = info.parameter("t_vf")
    assert p.unit == "K" and p.default == 150.0 and p.doc
    obs = info.observable("relaxation-time")
    assert [c.name for c in obs.columns] == ["tau", "log10_tau"]
    assert obs.conditions == ("T",)
    etm = vitreous.Model("etm").info
    assert any(pr.name == "bas-0.60K" for pr in etm.presets)
    assert etm.parameter("orientation").choices


@pytest.mark.parametrize(
    "model, args, kwargs",
    [
        (
            "stm",
            ["heat-capacity", "--preset", "vitreous-silica", "--grid", "T=0.01:1:50:log"],
            dict(observable="heat-capacity", preset="vitreous-silica", T="0.01:1:50:log"),
        ),
        (
            "vft",
            ["relaxation-time", "--set", "d=12", "--set", "t_vf=140K", "--grid", "T=200:400:31"],
            dict(observable="relaxation-time", params={"d": 12, "t_vf": "140K"}, T="200:400:31"),
        ),
        (
            "etm",
            ["heat-capacity", "--preset", "bas-0.60K", "--grid", "T=20mK:1K:12:log", "--grid", "B=0,0.5,2"],
            dict(observable="heat-capacity", preset="bas-0.60K", grid=True, T="20mK:1K:12:log", B="0,0.5,2"),
        ),
        (
            "kww",
            ["decay", "--set", "beta=0.37", "--grid", "x=0.001:100:40:log"],
            dict(observable="decay", params={"beta": 0.37}, x="0.001:100:40:log"),
        ),
        (
            "two-well+gaussian-asymmetry",
            ["heat-capacity", "--set", "samples=2000", "--grid", "T=0.05:0.5:6", "--set", "B=1.5"],
            dict(observable="heat-capacity", params={"samples": 2000}, T="0.05:0.5:6", B=1.5),
        ),
    ],
)
def test_grid_text_equals_cli(cli, model, args, kwargs):
    ref = cli_columns(cli, model, *args)
    obs = kwargs.pop("observable")
    py = vitreous.Model(model).evaluate(obs, **kwargs)
    py = {k: v.ravel() for k, v in py.items()}
    assert_same(py, ref)


def test_arrays_equal_cli(cli):
    ref = cli_columns(cli, "stm", "heat-capacity", "--preset", "vitreous-silica", "--grid", "T=0.01:1:50:log")
    py = vitreous.Model("stm").evaluate("heat-capacity", preset="vitreous-silica", T=ref["T"])
    assert_same(py, ref)
    # a 2-D array keeps its shape
    py2 = vitreous.Model("stm").evaluate("heat-capacity", preset="vitreous-silica", T=ref["T"].reshape(5, 10))
    assert py2["c"].shape == (5, 10)
    assert same_bits(py2["c"], ref["c"])


def test_tensor_grid_shape_and_order(cli):
    ref = cli_columns(
        cli, "etm", "heat-capacity", "--preset", "bas-0.60K", "--grid", "T=0.05,0.1,0.2", "--grid", "B=0,1"
    )
    py = vitreous.Model("etm").evaluate(
        "heat-capacity", preset="bas-0.60K", grid=True, T=np.array([0.05, 0.1, 0.2]), B=[0.0, 1.0]
    )
    assert py["c_total"].shape == (3, 2)
    assert_same({k: v.ravel() for k, v in py.items()}, ref)


def test_pointwise_broadcast_equals_cli_points(cli):
    T = np.array([0.05, 0.1, 0.2])
    B = np.array([0.0, 1.0, 2.5])
    py = vitreous.Model("etm").evaluate("heat-capacity", preset="bas-0.60K", T=T, B=B)
    assert py["c_total"].shape == (3,)
    for k in range(3):
        ref = cli_columns(
            cli, "etm", "heat-capacity", "--preset", "bas-0.60K", "--set", f"T={float(T[k])!r}", "--set", f"B={float(B[k])!r}"
        )
        assert same_bits(py["c_total"][k], ref["c_total"]), k
    # broadcasting a column against a row gives the tensor grid's numbers
    bc = vitreous.Model("etm").evaluate("heat-capacity", preset="bas-0.60K", T=T[:, None], B=B[None, :])
    grid = vitreous.Model("etm").evaluate("heat-capacity", preset="bas-0.60K", grid=True, T=T, B=B)
    assert bc["c_total"].shape == (3, 3)
    assert same_bits(bc["c_total"], grid["c_total"])


def test_units_in_strings_equal_cli(cli):
    ref = cli_columns(cli, "stm", "heat-capacity", "--preset", "vitreous-silica", "--set", "T=150mK")
    py = vitreous.Model("stm").evaluate("heat-capacity", preset="vitreous-silica", T="150 mK")
    assert py["c"].shape == ()
    assert same_bits(py["c"], ref["c"])


def test_dynamic_plugin_equals_cli(cli, plugin_path):
    m = vitreous.Model("yl-log", plugins=[plugin_path])
    assert "dynamic plugin" in m.info.origin
    ref = cli_columns(cli, "yl-log", "heat-capacity", "--grid", "T=0.01:2:25:log", plugin=plugin_path)
    py = m.evaluate("heat-capacity", T="0.01:2:25:log")
    assert_same(py, ref)
    py = m.evaluate("heat-capacity", T=ref["T"])
    assert_same(py, ref)
    assert "yl-log" in vitreous.models(plugins=[plugin_path])


def test_vft_closed_form():
    # τ = τ0 exp(D T0 / (T − T0))
    T = np.linspace(160.0, 400.0, 25)
    out = vitreous.Model("vft").evaluate("relaxation-time", params={"tau0": 1e-13, "d": 8, "t_vf": 120}, T=T)
    expected = 1e-13 * np.exp(8 * 120 / (T - 120))
    np.testing.assert_allclose(out["tau"], expected, rtol=1e-13)
    np.testing.assert_allclose(out["log10_tau"], np.log10(expected), rtol=1e-13)


def test_kww_closed_form():
    # φ(x) = exp(−x^β); at x = 1 it is 1/e for every β
    x = np.array([0.01, 0.5, 1.0, 3.0])
    out = vitreous.Model("kww").evaluate("decay", params={"beta": 0.6}, x=x)
    np.testing.assert_allclose(out["phi"], np.exp(-(x**0.6)), rtol=1e-13)
    assert math.isclose(out["phi"][2], math.exp(-1.0), rel_tol=1e-15)


def test_partial_failure_warns_like_cli_and_strict_raises():
    m = vitreous.Model("vft")
    # T ≤ T0 has no finite VFT time (τ diverges): those points fail, the rest stay
    with pytest.warns(vitreous.EvaluationWarning, match="of 3 points failed"):
        out = m.evaluate("relaxation-time", T=[100.0, 200.0, 300.0])
    if np.isnan(out["tau"][0]):
        assert np.isfinite(out["tau"][1:]).all()
        with pytest.raises(vitreous.Error):
            m.evaluate("relaxation-time", T=[100.0, 200.0], strict=True)


def test_misaligned_input_is_copied():
    good = np.linspace(200.0, 300.0, 6)
    raw = bytearray(b"\0" + good.tobytes())
    T = np.ndarray(shape=(6,), dtype=np.float64, buffer=raw, offset=1)
    assert not T.flags.aligned and np.array_equal(T, good)
    out = vitreous.Model("vft").evaluate("relaxation-time", T=T)
    ref = vitreous.Model("vft").evaluate("relaxation-time", T=good)
    assert same_bits(out["tau"], ref["tau"])
    # a strided (non-contiguous) array too
    out = vitreous.Model("vft").evaluate("relaxation-time", T=np.repeat(good, 2)[::2])
    assert same_bits(out["tau"], ref["tau"])


def test_evaluation_releases_the_gil():
    import threading
    import time

    m = vitreous.Model("stm")
    T = np.geomspace(0.01, 1.0, 200_000)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        t0 = time.perf_counter()
        m.evaluate("heat-capacity", preset="vitreous-silica", T=T)
        t1 = time.perf_counter()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if t0 < x < t1]
    if t1 - t0 > 0.05:
        # the other thread kept running while Rust evaluated
        assert len(during) >= 3, (t1 - t0, len(during))
