"""Distributed runs on Dask: a big grid split into chunks, many fits or
model comparisons mapped over data sets. Dask is optional (``pip install vitreous[dask]``); without
a ``client`` everything runs here, in this process, and gives the same
numbers.

Each task receives a pickled :class:`vitreous.Model` (its id and plugin
paths: a dynamic plugin must exist at the same path on the workers) and
runs the same code as a local call, so results are identical to the local
run.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np

from ._api import (
    Comparison,
    FitResult,
    Model,
    _model,
    _report_failures,
    compare,
    fit,
)

__all__ = ["compare_many", "evaluate_grid", "fit_many"]


def _eval_chunk(model: Model, observable: str, preset, params, grid: bool, conditions: dict):
    cols, shape, n_failed, first = model._evaluate_raw(
        observable, preset=preset, params=params, grid=grid, conditions=conditions
    )
    return {k: v.reshape(shape) for k, v in cols.items()}, n_failed, first


def _resolve_axes(model: Model, observable: str, conditions: Mapping[str, Any]) -> dict:
    """Grid texts (``"10mK:1K:40:log"``) become their values, exactly as the
    command line computes them; everything else is passed on."""
    out = {}
    for name, v in conditions.items():
        if isinstance(v, str) and (":" in v or "," in v):
            values = model._core.axis_values(observable, name, v)
            info = model.info
            choice = next((p for p in info.parameters if p.name == name and p.choices), None)
            out[name] = v if choice is not None else np.asarray(values, dtype=np.float64)
        else:
            out[name] = v
    return out


def _gather(client, futures, timeout):
    from distributed import wait

    done = wait(futures, timeout=timeout)
    if done.not_done:  # pragma: no cover - wait raises on timeout
        raise TimeoutError(f"{len(done.not_done)} tasks did not finish in {timeout} s")
    return client.gather(futures)


def evaluate_grid(
    model: Model | str,
    observable: str,
    *,
    client=None,
    chunks: int | None = None,
    preset: str | None = None,
    params: Mapping[str, Any] | None = None,
    grid: bool = True,
    strict: bool = False,
    timeout: float | None = None,
    **conditions: Any,
) -> dict[str, np.ndarray]:
    """:meth:`vitreous.Model.evaluate` of a big grid, split into ``chunks``
    pieces (default: twice the workers) that run as Dask tasks on
    ``client`` (or here if ``client`` is None); the pieces are joined in
    order, so the result equals the local evaluation's.

    With ``grid=True`` (the default) the conditions are the axes of a
    tensor grid and the longest axis is split; with ``grid=False`` they
    are broadcast point by point and the points are split.
    """
    m = _model(model)
    conds = _resolve_axes(m, observable, conditions)
    arrays = {k: v for k, v in conds.items() if isinstance(v, (np.ndarray, list, tuple))}
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}
    if chunks is None:
        n_workers = len(client.scheduler_info().get("workers", {})) if client is not None else 1
        chunks = max(1, 2 * n_workers)
    if not isinstance(chunks, int) or chunks < 1:
        raise TypeError(f"chunks must be a positive integer, got {chunks!r}")
    pieces: list[dict] = []
    if not arrays:
        pieces = [conds]
        axis = 0
        shape_kind = "none"
    elif grid:
        split = max(arrays, key=lambda k: arrays[k].size)
        order = [
            k for k, v in conds.items() if k in arrays or (isinstance(v, str) and (":" in v or "," in v))
        ]
        axis = order.index(split)
        for part in np.array_split(arrays[split], min(chunks, arrays[split].size)):
            c = dict(conds)
            c.update({k: v for k, v in arrays.items()})
            c[split] = part
            pieces.append(c)
        shape_kind = "grid"
    else:
        try:
            b = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        except ValueError:
            pieces = [conds]  # let evaluate raise its own message
            b = None
        if b is not None:
            flat = {k: np.ascontiguousarray(np.broadcast_to(a, b).ravel()) for k, a in arrays.items()}
            n = int(np.prod(b))
            for idx in np.array_split(np.arange(n), min(chunks, max(n, 1))):
                c = dict(conds)
                c.update({k: v[idx] for k, v in flat.items()})
                pieces.append(c)
        axis = 0
        shape_kind = "points" if b is not None else "none"
    if client is None:
        results = [_eval_chunk(m, observable, preset, params, grid, c) for c in pieces]
    else:
        futures = [
            client.submit(_eval_chunk, m, observable, preset, params, grid, c, pure=False) for c in pieces
        ]
        results = _gather(client, futures, timeout)
    keys = list(results[0][0])
    if shape_kind == "grid":
        out = {k: np.concatenate([r[0][k] for r in results], axis=axis) for k in keys}
    elif shape_kind == "points":
        out = {k: np.concatenate([r[0][k].ravel() for r in results]).reshape(b) for k in keys}
    else:
        out = results[0][0]
    n_failed = sum(r[1] for r in results)
    first = next((r[2] for r in results if r[2] is not None), None)
    n = next(iter(out.values())).size if out else 0
    _report_failures(n, n_failed, first, strict)
    return out


def _fit_job(job: Mapping[str, Any]) -> FitResult:
    return fit(**job)


def _fit_job_caught(job: Mapping[str, Any]):
    try:
        return fit(**job)
    except Exception as e:  # returned, not raised: the caller asked for errors="return"
        return e


def _compare_job(job: Mapping[str, Any]) -> Comparison:
    return compare(**job)


def _compare_job_caught(job: Mapping[str, Any]):
    try:
        return compare(**job)
    except Exception as e:  # returned, not raised: the caller asked for errors="return"
        return e


def _map(run, jobs, client, timeout):
    jobs = list(jobs)
    for j in jobs:
        if not isinstance(j, Mapping):
            raise TypeError(f"each job is a dict of keyword arguments, got {type(j).__name__}")
    if client is None:
        return [run(dict(j)) for j in jobs]
    futures = [client.submit(run, dict(j), pure=False) for j in jobs]
    return list(_gather(client, futures, timeout))


def compare_many(
    jobs: Iterable[Mapping[str, Any]],
    *,
    client=None,
    errors: str = "raise",
    timeout: float | None = None,
) -> list[Comparison | Exception]:
    """Run :func:`vitreous.compare` once per job (a dict of its keyword
    arguments: ``data``, ``models``, ``plugins``) as Dask tasks on
    ``client`` (or here if ``client`` is None), e.g. every glass of a
    database against every law. Results come back in the order of
    ``jobs``; ``errors="return"`` puts a failed job's exception in its
    place instead of raising it.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', got {errors!r}")
    return _map(_compare_job if errors == "raise" else _compare_job_caught, jobs, client, timeout)


def fit_many(
    jobs: Iterable[Mapping[str, Any]],
    *,
    client=None,
    errors: str = "raise",
    timeout: float | None = None,
) -> list[FitResult | Exception]:
    """Run :func:`vitreous.fit` once per job (a dict of its keyword
    arguments: ``model``, ``observable``, ``data``, ``vary``, …) as Dask
    tasks on ``client`` (or here if ``client`` is None). Results come back
    in the order of ``jobs``. ``errors="return"`` puts a failed fit's
    exception in its place instead of raising it.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', got {errors!r}")
    return _map(_fit_job if errors == "raise" else _fit_job_caught, jobs, client, timeout)
