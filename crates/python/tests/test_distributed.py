"""A real Dask LocalCluster (two worker processes, loopback only): a grid
evaluation and 60 fits run through it equal the local run."""

from __future__ import annotations

import numpy as np
import pytest

import vitreous
from vitreous import distributed as vd

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
    )
    c = distributed.Client(cluster, timeout=30)
    try:
        yield c
    finally:
        c.close(timeout=30)
        cluster.close(timeout=30)


def same_bits(a, b):
    a = np.ascontiguousarray(a, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)
    return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))


def test_grid_on_cluster_equals_local(client):
    m = vitreous.Model("etm")
    local = m.evaluate("heat-capacity", preset="bas-0.60K", grid=True, T="20mK:2K:40:log", B="0,0.5,1,2")
    remote = vd.evaluate_grid(m, "heat-capacity", client=client, chunks=5, timeout=60, preset="bas-0.60K", T="20mK:2K:40:log", B="0,0.5,1,2")
    assert list(remote) == list(local)
    for k in local:
        assert same_bits(remote[k], local[k]), k
    # point by point, broadcast
    T = np.geomspace(0.05, 1.0, 30)
    local = m.evaluate("heat-capacity", preset="bas-0.60K", T=T, B=np.linspace(0, 2, 30))
    remote = vd.evaluate_grid(m, "heat-capacity", client=client, grid=False, chunks=4, timeout=60, preset="bas-0.60K", T=T, B=np.linspace(0, 2, 30))
    for k in local:
        assert same_bits(remote[k], local[k]), k


def synthetic_jobs(n: int):
    rng = np.random.default_rng(42)
    jobs = []
    for i in range(n):
        t_vf = 100.0 + 40.0 * rng.random()
        T = np.linspace(t_vf + 40.0, 400.0, 20)
        tau = 1e-13 * np.exp(8.0 * t_vf / (T - t_vf)) * np.exp(0.02 * rng.standard_normal(20))
        jobs.append(
            dict(
                model=vitreous.Model("vft"),
                observable="relaxation-time",
                data={"T": T, "tau": tau},
                vary=["d", "t_vf", "tau0"],
                residual="log",
            )
        )
    return jobs


def test_fit_many_on_cluster_equals_local(client):
    jobs = synthetic_jobs(60)
    local = vd.fit_many(jobs)
    remote = vd.fit_many(jobs, client=client, timeout=120)
    assert len(remote) == 60
    assert all(isinstance(r, vitreous.FitResult) for r in remote)
    assert remote == local


def test_errors_come_back_as_vitreous_exceptions(client):
    jobs = synthetic_jobs(2)
    jobs[1]["vary"] = ["nope"]
    out = vd.fit_many(jobs, client=client, errors="return", timeout=60)
    assert isinstance(out[0], vitreous.FitResult)
    assert isinstance(out[1], vitreous.UnknownName)
    with pytest.raises(vitreous.UnknownName):
        vd.fit_many(jobs, client=client, timeout=60)


def test_misaligned_arrays_on_workers(client):
    # arrays sent to workers may arrive misaligned; evaluation must copy, not read in place
    good = np.linspace(200.0, 300.0, 7)
    raw = bytearray(b"\0" + good.tobytes())
    T = np.ndarray(shape=(7,), dtype=np.float64, buffer=raw, offset=1)
    fut = client.submit(lambda m, T: m.evaluate("relaxation-time", T=T)["tau"], vitreous.Model("vft"), T, pure=False)
    got = fut.result(timeout=60)
    assert same_bits(got, vitreous.Model("vft").evaluate("relaxation-time", T=good)["tau"])


def test_compare_many_on_cluster_equals_local(client):
    from conftest import ROOT

    silica = ROOT / "data" / "viscosity_silica.csv"
    if not silica.exists():
        pytest.skip("the viscosity data set is not in this checkout")
    jobs = [dict(data=str(silica), models=["vft", "arrhenius"]), dict(data=str(silica), models=["myega"])]
    assert vd.compare_many(jobs, client=client, timeout=120) == vd.compare_many(jobs)
