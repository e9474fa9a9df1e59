"""The pure-Python layer over the extension module: argument checking,
broadcasting, reshaping, and the result classes."""

from __future__ import annotations

import copy
import html
import numbers
import os
import warnings
from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np

from . import _vitreous
from ._vitreous import InputError

_KINDS = {
    "DomainError": _vitreous.DomainError,
    "UnknownName": _vitreous.UnknownName,
    "InputError": _vitreous.InputError,
    "DataError": _vitreous.DataError,
    "PluginError": _vitreous.PluginError,
    "NumericalError": _vitreous.NumericalError,
    "FitError": _vitreous.FitError,
}


class EvaluationWarning(UserWarning):
    """Some (not all) points of an evaluation failed; their values are NaN.

    The text is the command line's warning: how many failed, and the first
    failed point with its reason. Pass ``strict=True`` to raise instead.
    """


def _plugins(plugins: Any) -> list[str]:
    if plugins is None:
        return []
    if isinstance(plugins, (str, bytes, os.PathLike)):
        plugins = [plugins]
    out = []
    for p in plugins:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"plugins must be paths, got {type(p).__name__}")
        out.append(os.fspath(p))
    return out


def models(plugins: Sequence[str | os.PathLike] | None = None) -> list[str]:
    """The ids of every registered model (built-ins, static plugins and the
    dynamic plugins named here or on ``VITREOUS_PLUGIN_PATH``)."""
    return _vitreous.models(_plugins(plugins))


def _is_scalar_number(v: Any) -> bool:
    if isinstance(v, bool) or isinstance(v, np.bool_):
        return False
    if isinstance(v, numbers.Real):
        return True
    return isinstance(v, np.ndarray) and v.ndim == 0 and v.dtype.kind in "iuf"


def _text(name: str, v: Any, what: str) -> str:
    """A scalar as the text the command line would read: numbers as their
    shortest round-trip repr (exactly the same float), strings as given."""
    if isinstance(v, str):
        return v
    if _is_scalar_number(v):
        return repr(float(v))
    raise TypeError(
        f"{what} `{name}` must be a number (in its declared unit) or a string "
        f"with a unit such as '10 mK', got {type(v).__name__}"
    )


def _sets(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    if params is None:
        return []
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping of name to value, got {type(params).__name__}")
    out = []
    for name, v in params.items():
        if not isinstance(name, str):
            raise TypeError(f"parameter names must be strings, got {type(name).__name__}")
        out.append((name, _text(name, v, "parameter")))
    return out


def _float_array(name: str, v: Any) -> np.ndarray:
    try:
        a = np.asarray(v)
    except Exception as e:  # pragma: no cover - numpy refuses odd objects
        raise TypeError(f"`{name}` must be a number, a string or an array of numbers: {e}") from None
    if a.dtype.kind in "US" or (a.dtype.kind == "O" and a.size and all(isinstance(x, str) for x in a.flat)):
        return a
    if a.dtype.kind == "b" or a.dtype.kind not in "iufO":
        raise TypeError(f"`{name}` must hold numbers, got an array of {a.dtype}")
    try:
        a = a.astype(np.float64, copy=False)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must hold numbers") from None
    # contiguous, aligned, native float64 (arrays unpickled on a worker may be misaligned)
    return np.require(a, dtype=np.float64, requirements=["C", "A"])


def _raise(kind: str, message: str) -> None:
    raise _KINDS.get(kind, _vitreous.Error)(message)


def _failure_text(n: int, n_failed: int, first: tuple[str, str, str] | None) -> tuple[str, str]:
    at, msg, kind = first or ("", "", "Error")
    if n_failed == n:
        if n == 1:
            return kind, msg
        return kind, f"every one of the {n} points failed; the first, at {at}: {msg}"
    return kind, f"{n_failed} of {n} points failed (their values are NaN); the first, at {at}: {msg}"


def _report_failures(n: int, n_failed: int, first: tuple[str, str, str] | None, strict: bool) -> None:
    """Raise the first point's error when ``strict`` or when all ``n``
    points failed; else warn with an :class:`EvaluationWarning` pointing at
    the caller of the public function that called this."""
    if not n_failed:
        return
    kind, text = _failure_text(n, n_failed, first)
    if strict or n_failed == n:
        _raise(kind, text)
    warnings.warn(EvaluationWarning(text), stacklevel=3)


@dataclass(frozen=True)
class Parameter:
    """A model parameter: name, unit, default, bounds (inclusive), what it
    is, and its options if it is a choice."""

    name: str
    unit: str
    default: float | str | None
    min: float
    max: float
    doc: str
    choices: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Condition:
    """An independent variable of evaluation (T, B, omega, t, …)."""

    name: str
    unit: str
    default: float | None
    min: float
    max: float
    min_exclusive: bool
    doc: str


@dataclass(frozen=True)
class Column:
    """An output column of an observable."""

    name: str
    unit: str


@dataclass(frozen=True)
class Observable:
    """An observable: id, what it computes, its columns, the conditions it
    needs and its primary column."""

    id: str
    doc: str
    columns: tuple[Column, ...]
    conditions: tuple[str, ...]
    primary: str


@dataclass(frozen=True)
class Preset:
    """A named, cited parameter set (values in the declared units)."""

    name: str
    citation: str
    values: dict = field(hash=False)
    conditions: dict = field(hash=False)


@dataclass(frozen=True)
class ModelInfo:
    """Everything a model says about itself."""

    id: str
    name: str
    citation: str
    origin: str
    parameters: tuple[Parameter, ...]
    conditions: tuple[Condition, ...]
    observables: tuple[Observable, ...]
    presets: tuple[Preset, ...]

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise _vitreous.UnknownName(
            f"model `{self.id}` has no parameter `{name}`; known: "
            + ", ".join(p.name for p in self.parameters)
        )

    def observable(self, id: str) -> Observable:
        """The observable called ``id``."""
        for o in self.observables:
            if o.id == id:
                return o
        raise _vitreous.UnknownName(
            f"model `{self.id}` has no observable `{id}`; known observables: "
            + ", ".join(o.id for o in self.observables)
        )


def _info(d: dict) -> ModelInfo:
    return ModelInfo(
        id=d["id"],
        name=d["name"],
        citation=d["citation"],
        origin=d["origin"],
        parameters=tuple(
            Parameter(
                name=p["name"],
                unit=p["unit"],
                default=p["default"],
                min=p["min"],
                max=p["max"],
                doc=p["doc"],
                choices=tuple(p["choices"]),
                optional=p["optional"],
            )
            for p in d["parameters"]
        ),
        conditions=tuple(
            Condition(
                name=c["name"],
                unit=c["unit"],
                default=c["default"],
                min=c["min"],
                max=c["max"],
                min_exclusive=c["min_exclusive"],
                doc=c["doc"],
            )
            for c in d["conditions"]
        ),
        observables=tuple(
            Observable(
                id=o["id"],
                doc=o["doc"],
                columns=tuple(Column(n, u) for n, u in o["columns"]),
                conditions=tuple(o["conditions"]),
                primary=o["primary"],
            )
            for o in d["observables"]
        ),
        presets=tuple(
            Preset(
                name=p["name"],
                citation=p["citation"],
                values=dict(p["values"]),
                conditions=dict(p["conditions"]),
            )
            for p in d["presets"]
        ),
    )


class Model:
    """A registered model: ``Model("stm")``, or a model of a dynamic plugin:
    ``Model("yl-log", plugins=["libyl_log.so"])``.

    Pickles as its id and plugin paths (the receiving process loads them)."""

    __slots__ = ("_core", "_info_cache")

    def __init__(self, id: str, plugins: Sequence[str | os.PathLike] | None = None):
        if isinstance(id, Model):
            id, plugins = id.id, id.plugins if plugins is None else plugins
        if not isinstance(id, str):
            raise TypeError(f"a model id must be a string, got {type(id).__name__}")
        self._core = _vitreous.Model(id, _plugins(plugins))
        self._info_cache = None

    def __reduce__(self):
        return (Model, (self.id, self.plugins))

    def __repr__(self) -> str:
        if self.plugins:
            return f"Model({self.id!r}, plugins={self.plugins!r})"
        return f"Model({self.id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and (self.id, self.plugins) == (other.id, other.plugins)

    def __hash__(self) -> int:
        return hash((self.id, tuple(self.plugins)))

    @property
    def id(self) -> str:
        """The model's id."""
        return self._core.id

    @property
    def plugins(self) -> list[str]:
        """The dynamic plugins of the registry this model comes from."""
        return [os.fspath(p) for p in self._core.plugins]

    @property
    def info(self) -> ModelInfo:
        """Parameters (units, bounds, docs), conditions, observables with
        their columns, presets, citation."""
        if self._info_cache is None:
            self._info_cache = _info(self._core.info())
        return self._info_cache

    def _evaluate_raw(
        self,
        observable: str,
        *,
        preset: str | None = None,
        params: Mapping[str, Any] | None = None,
        grid: bool = False,
        conditions: Mapping[str, Any],
    ):
        """Evaluate; return (columns dict of flat arrays, shape, n_failed, first failure)."""
        if not isinstance(observable, str):
            raise TypeError(f"observable must be a string, got {type(observable).__name__}")
        if preset is not None and not isinstance(preset, str):
            raise TypeError(f"preset must be a string, got {type(preset).__name__}")
        sets = _sets(params)
        axes: list[tuple[str, Any]] = []
        arrays: list[tuple[str, np.ndarray]] = []
        for name, v in conditions.items():
            if isinstance(v, str):
                if ":" in v or "," in v:
                    # a grid text, exactly as --grid NAME=SPEC
                    axes.append((name, v))
                else:
                    sets.append((name, v))
                continue
            if _is_scalar_number(v):
                sets.append((name, repr(float(v))))
                continue
            if isinstance(v, (bool, np.bool_)) or v is None:
                raise TypeError(f"condition `{name}` must be a number, a string with a unit or an array, got {type(v).__name__}")
            a = _float_array(name, v)
            if a.dtype.kind != "f":
                # option names of a choice parameter: a list as --grid takes it
                axes.append((name, ",".join(str(x) for x in a.ravel())))
                continue
            arrays.append((name, a))
        if grid:
            for name, a in arrays:
                if a.ndim != 1:
                    raise InputError(
                        f"`{name}`: grid=True takes one-dimensional arrays (one axis each), got shape {a.shape}"
                    )
            order = [n for n in conditions if any(n == x for x, _ in axes) or any(n == x for x, _ in arrays)]
            by_name = dict(axes)
            by_name.update(dict(arrays))
            all_axes = [(n, by_name[n]) for n in order]
            cols, shape, n_failed, first = self._core.evaluate(
                observable, preset, sets, all_axes, False
            )
            return dict(cols), tuple(shape), n_failed, first
        if axes and arrays:
            names = ", ".join(n for n, _ in axes)
            raise InputError(
                f"`{names}`: a grid text makes a tensor grid; it cannot be paired point by point "
                "with arrays (pass grid=True, or give the values as an array)"
            )
        if axes:
            cols, shape, n_failed, first = self._core.evaluate(observable, preset, sets, axes, False)
            return dict(cols), tuple(shape), n_failed, first
        if not arrays:
            cols, shape, n_failed, first = self._core.evaluate(observable, preset, sets, [], False)
            return dict(cols), (), n_failed, first
        try:
            b = np.broadcast_shapes(*(a.shape for _, a in arrays))
        except ValueError:
            raise InputError(
                "the condition arrays cannot be broadcast together: "
                + ", ".join(f"`{n}` has shape {a.shape}" for n, a in arrays)
            ) from None
        if len(arrays) == 1 or sum(1 for _, a in arrays if a.size > 1) <= 1:
            # one varying array (the others single values): one axis, as --grid NAME=v1,v2,…
            flat = []
            for n, a in arrays:
                if a.size == 1 and len(arrays) > 1:
                    sets.append((n, repr(float(a.ravel()[0]))))
                else:
                    flat.append((n, np.ascontiguousarray(np.broadcast_to(a, b).ravel())))
            cols, _, n_failed, first = self._core.evaluate(observable, preset, sets, flat, False)
            return dict(cols), b, n_failed, first
        flat = [(n, np.ascontiguousarray(np.broadcast_to(a, b).ravel())) for n, a in arrays]
        cols, _, n_failed, first = self._core.evaluate(observable, preset, sets, flat, True)
        return dict(cols), b, n_failed, first

    def evaluate(
        self,
        observable: str,
        *,
        preset: str | None = None,
        params: Mapping[str, Any] | None = None,
        grid: bool = False,
        strict: bool = False,
        **conditions: Any,
    ) -> dict[str, np.ndarray]:
        """Evaluate ``observable``; return a dict of NumPy arrays keyed by
        column name (the swept conditions first, then the observable's
        columns).

        Conditions (and parameters to sweep) are keyword arguments: a number
        in the declared unit, a string with a unit (``T="10 mK"``), a grid
        text as the command line's ``--grid`` takes it (``T="10mK:1K:40:log"``)
        or an array. Arrays are broadcast against each other point by point
        like NumPy; with ``grid=True`` each array is one axis of a tensor
        grid (the first varies slowest) and the results have shape
        ``(len(a1), len(a2), …)``.

        ``params`` sets parameters: numbers in the declared unit, strings
        with a unit or a choice's option name. Points that fail are NaN with
        an :class:`EvaluationWarning` (``strict=True``: raise); if every
        point fails, the first point's error is raised.
        """
        cols, shape, n_failed, first = self._evaluate_raw(
            observable, preset=preset, params=params, grid=grid, conditions=conditions
        )
        n = next(iter(cols.values())).size if cols else 0
        _report_failures(n, n_failed, first, strict)
        return {k: v.reshape(shape) for k, v in cols.items()}


def _model(model: Any) -> Model:
    if isinstance(model, Model):
        return model
    if isinstance(model, str):
        return Model(model)
    raise TypeError(f"model must be a vitreous.Model or a model id, got {type(model).__name__}")


@dataclass
class DataSet:
    """One data set of a fit: ``data`` (a file path, a dict of arrays or a
    pandas DataFrame; column names are ``name`` or ``name [unit]``) and the
    conditions or parameters that hold for it alone (``fixed={"B": "2 T"}``).
    ``name`` is how messages and the report call it."""

    data: Any
    fixed: Mapping[str, Any] | None = None
    name: str | None = None


def _columns(data: Any, what: str) -> list[tuple[str, np.ndarray]]:
    if hasattr(data, "columns") and hasattr(data, "__getitem__") and not isinstance(data, Mapping):
        # a pandas DataFrame (pandas is optional: duck-typed)
        items = [(str(c), data[c].to_numpy()) for c in data.columns]
    elif isinstance(data, Mapping):
        items = list(data.items())
    else:
        raise TypeError(
            f"{what} must be a file path, a dict of arrays, a pandas DataFrame or a vitreous.DataSet, "
            f"got {type(data).__name__}"
        )
    out = []
    for name, v in items:
        if not isinstance(name, str):
            raise TypeError(f"{what}: column names must be strings, got {type(name).__name__}")
        a = np.asarray(v)
        if a.dtype.kind == "b" or a.dtype.kind not in "iuf":
            raise TypeError(f"{what}, column `{name}`: the values must be numbers, got {a.dtype}")
        if a.ndim != 1:
            raise InputError(f"{what}, column `{name}`: one value per point (1-D), got shape {a.shape}")
        out.append((name, np.require(a, dtype=np.float64, requirements=["C", "A"])))
    return out


def _datasets(data: Any, fixed: Mapping[str, Any] | None) -> list[tuple[Any, list[tuple[str, str]]]]:
    if isinstance(data, (list, tuple)):
        items = list(data)
        if not items:
            raise InputError("`data`: a fit needs at least one data set")
    else:
        items = [data]
    out = []
    for i, d in enumerate(items):
        name = None
        own: Mapping[str, Any] = {}
        if isinstance(d, DataSet):
            name, own, d = d.name, d.fixed or {}, d.data
        fx = dict(fixed or {})
        fx.update(own)
        fixed_text = [(k, _text(k, v, "fixed value")) for k, v in fx.items()]
        if isinstance(d, (str, os.PathLike)):
            out.append((os.fspath(d), fixed_text))
        else:
            label = name or (f"data[{i}]" if len(items) > 1 else "data")
            out.append(((label, _columns(d, label)), fixed_text))
    return out


def _split_vary(spec: str):
    err = InputError(f"vary expects NAME[=START][:MIN:MAX], got `{spec}`")
    head, bounds = spec, None
    if ":" in spec:
        head, b = spec.split(":", 1)
        if ":" not in b:
            raise err
        lo, hi = b.split(":", 1)
        if not lo.strip() or not hi.strip():
            raise err
        bounds = (lo.strip(), hi.strip())
    start = None
    if "=" in head:
        name, s = head.split("=", 1)
        if not s.strip():
            raise err
        start = s.strip()
    else:
        name = head
    if not name.strip():
        raise err
    return (name.strip(), start, bounds)


def _vary(vary: Any) -> list:
    if isinstance(vary, str):
        vary = [vary]
    out = []
    if isinstance(vary, Mapping):
        for name, v in vary.items():
            if v is None:
                out.append((name, None, None))
            elif isinstance(v, (tuple, list)) and len(v) == 2:
                out.append((name, None, (_text(name, v[0], "min of"), _text(name, v[1], "max of"))))
            elif isinstance(v, (tuple, list)) and len(v) == 3:
                start = None if v[0] is None else _text(name, v[0], "start of")
                out.append((name, start, (_text(name, v[1], "min of"), _text(name, v[2], "max of"))))
            else:
                out.append((name, _text(name, v, "start of"), None))
        return out
    if isinstance(vary, (list, tuple)):
        for v in vary:
            if not isinstance(v, str):
                raise TypeError(f"vary items must be strings (NAME[=START][:MIN:MAX]), got {type(v).__name__}")
            out.append(_split_vary(v))
        return out
    raise TypeError(f"vary must be a name, a list of names or a dict, got {type(vary).__name__}")


def _strings(v: Any, what: str) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    out = list(v)
    for x in out:
        if not isinstance(x, str):
            raise TypeError(f"{what} must be strings, got {type(x).__name__}")
    return out


class FitParam(NamedTuple):
    """A parameter of a fit result (value and bounds in the declared unit)."""

    name: str
    value: float | str | None
    stderr: float | None
    unit: str
    vary: bool
    min: float | None
    max: float | None
    at_bound: bool


class FitResult:
    """The result of :func:`vitreous.fit`: values ± standard errors, χ²,
    reduced χ², AIC, BIC, correlations — the command line's
    ``fit --format json`` object (:meth:`to_dict`) and its report
    (:meth:`report`)."""

    def __init__(self, data: dict, report: str):
        self._data = data
        self._report = report

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FitResult) and self._data == other._data and self._report == other._report

    __hash__ = None  # type: ignore[assignment]

    @property
    def params(self) -> dict[str, FitParam]:
        """Every parameter (varied or not) by name; local ones as ``NAME[i]``."""
        return {
            k: FitParam(k, p["value"], p["stderr"], p["unit"], p["vary"], p["min"], p["max"], p["at_bound"])
            for k, p in self._data["parameters"].items()
        }

    @property
    def values(self) -> dict[str, Any]:
        """Parameter values by name (declared units)."""
        return {k: p["value"] for k, p in self._data["parameters"].items()}

    @property
    def chisqr(self) -> float:
        """χ² = Σ r²."""
        return self._data["statistics"]["chisqr"]

    @property
    def redchi(self) -> float:
        """Reduced χ² = χ²/(n − k)."""
        return self._data["statistics"]["redchi"]

    @property
    def aic(self) -> float:
        """Akaike information criterion n ln(χ²/n) + 2k."""
        return self._data["statistics"]["aic"]

    @property
    def bic(self) -> float:
        """Bayesian information criterion n ln(χ²/n) + k ln n."""
        return self._data["statistics"]["bic"]

    @property
    def n_data(self) -> int:
        """Number of fitted values."""
        return self._data["statistics"]["n_data"]

    @property
    def n_varys(self) -> int:
        """Number of varied parameters."""
        return self._data["statistics"]["n_varys"]

    @property
    def converged(self) -> bool:
        """Whether the optimiser converged."""
        return self._data["converged"]

    @property
    def message(self) -> str:
        """The optimiser's account of how it stopped."""
        return self._data["message"]

    @property
    def correl(self) -> dict[tuple[str, str], float]:
        """Correlations between varied parameters, keyed by name pairs."""
        return {tuple(k.split(",", 1)): v for k, v in self._data["correlations"].items()}

    @property
    def datasets(self) -> list[dict]:
        """Per data set: file/name, points, fixed values, local values and
        ``points`` (conditions, data, sigma, model at the best fit) as arrays."""
        out = []
        for d in self._data["datasets"]:
            d = copy.deepcopy(d)
            pts = d["points"]
            for key in ("conditions", "data", "model", "sigma"):
                pts[key] = {k: (None if v is None else np.asarray(v, dtype=np.float64)) for k, v in pts[key].items()}
            out.append(d)
        return out

    def report(self) -> str:
        """An lmfit-style text report (the command line's ``fit`` output)."""
        return self._report

    def to_dict(self) -> dict:
        """The command line's ``fit --format json`` object (plus each data
        set's points), as plain Python data."""
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        varied = ", ".join(
            f"{k}={p['value']!r}" for k, p in self._data["parameters"].items() if p["vary"]
        )
        return f"<FitResult {self._data['model']}/{self._data['observable']}: {varied}; redchi={self.redchi!r}>"

    def _repr_html_(self) -> str:
        e = html.escape
        rows = []
        for k, p in self._data["parameters"].items():
            if not p["vary"]:
                continue
            err = "—" if p["stderr"] is None else f"{p['stderr']:.4g}"
            flag = " (at bound)" if p["at_bound"] else ""
            val = p["value"] if isinstance(p["value"], str) else f"{p['value']:.6g}"
            rows.append(
                f"<tr><td>{e(k)}</td><td>{e(str(val))}</td><td>{e(err)}</td>"
                f"<td>{e(p['unit'])}</td><td>{e(flag)}</td></tr>"
            )
        s = self._data["statistics"]
        stats = (
            f"n = {s['n_data']}, k = {s['n_varys']}, χ² = {s['chisqr']:.6g}, "
            f"reduced χ² = {s['redchi']:.6g}, AIC = {s['aic']:.6g}, BIC = {s['bic']:.6g}"
        )
        return (
            f"<div><b>Fit</b> {e(self._data['model'])} / {e(self._data['observable'])} — "
            f"{e(self._data['message'])}<br>{e(stats)}"
            "<table><tr><th>parameter</th><th>value</th><th>stderr</th><th>unit</th><th></th></tr>"
            + "".join(rows)
            + "</table></div>"
        )


def fit(
    model: Model | str,
    observable: str,
    data: Any,
    vary: Any,
    *,
    local: Sequence[str] | str | None = None,
    preset: str | None = None,
    params: Mapping[str, Any] | None = None,
    fixed: Mapping[str, Any] | None = None,
    columns: Sequence[str] | str | None = None,
    column_map: Mapping[str, str] | None = None,
    residual: str = "linear",
    absolute_sigma: bool = False,
    starts: int = 1,
    seed: int = 0,
    allow_unconverged: bool = False,
) -> FitResult:
    """Fit ``observable`` of ``model`` to ``data`` (as ``vitreous fit``).

    ``data``: one data set or a list of them (a global fit sharing every
    varied parameter unless it is ``local``); a data set is a file path, a
    dict of arrays or a pandas DataFrame (column names ``name`` or
    ``name [unit]``; ``sigma_<name>`` is the uncertainty of ``<name>``), or
    a :class:`DataSet` with values fixed for it alone. ``fixed`` applies to
    every data set.

    ``vary``: names, command-line specs ``"NAME[=START][:MIN:MAX]"``, or a
    dict ``{name: None | start | (min, max) | (start, min, max)}``; values
    are numbers in the declared unit or strings with a unit.
    """
    m = _model(model)
    if not isinstance(observable, str):
        raise TypeError(f"observable must be a string, got {type(observable).__name__}")
    if residual not in ("linear", "log"):
        raise InputError(f"residual must be `linear` or `log`, got `{residual}`")
    if isinstance(starts, bool) or not isinstance(starts, numbers.Integral) or starts < 1:
        raise TypeError(f"starts must be a positive integer, got {starts!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer, got {seed!r}")
    cmap = []
    for k, v in (column_map or {}).items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError("column_map maps model names to data column names (strings)")
        cmap.append((k, v))
    d, report = _vitreous.fit(
        m._core,
        observable,
        _datasets(data, fixed),
        _vary(vary),
        local=_strings(local, "local"),
        preset=preset,
        sets=_sets(params),
        columns=_strings(columns, "columns"),
        column_map=cmap,
        residual=residual,
        absolute_sigma=bool(absolute_sigma),
        starts=int(starts),
        seed=int(seed),
        allow_unconverged=bool(allow_unconverged),
    )
    return FitResult(d, report)


#: The laws :func:`compare` fits when none are named (as the command line).
DEFAULT_LAWS = ("vft", "myega", "avramov-milchev", "arrhenius", "two-state")


class Comparison:
    """The result of :func:`vitreous.compare`: one entry per law (fit
    statistics, ΔAIC, Akaike weight, T_g and m with errors, the
    extrapolation error) and the ranking, best first — the command line's
    ``compare --format json`` object (:meth:`to_dict`)."""

    def __init__(self, data: dict):
        self._data = data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Comparison) and self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    @property
    def results(self) -> list[dict]:
        """One dict per law, in the order asked."""
        return copy.deepcopy(self._data["results"])

    @property
    def ranking(self) -> list[str]:
        """The laws that fitted, lowest AIC first."""
        return list(self._data["ranking"])

    @property
    def best(self) -> str | None:
        """The law with the lowest AIC (None if none fitted)."""
        return self._data["ranking"][0] if self._data["ranking"] else None

    def to_dict(self) -> dict:
        """The command line's ``compare --format json`` object."""
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        return f"<Comparison ranking={self.ranking!r}>"

    def _repr_html_(self) -> str:
        e = html.escape

        def f(v: Any) -> str:
            return "—" if v is None else f"{v:.4g}"

        rows = "".join(
            f"<tr><td>{e(r['model'])}</td><td>{f(r['aic'])}</td><td>{f(r.get('delta_aic'))}</td>"
            f"<td>{f(r.get('akaike_weight'))}</td><td>{f(r['t_g'])}</td><td>{f(r['m'])}</td>"
            f"<td>{f(r['extrapolation_rms'])}</td></tr>"
            for r in self._data["results"]
        )
        return (
            "<table><tr><th>law</th><th>AIC</th><th>ΔAIC</th><th>weight</th><th>T_g (K)</th>"
            f"<th>m</th><th>extrapolation RMS</th></tr>{rows}</table>"
        )


def compare(
    data: Any,
    models: Sequence[str] | str | None = None,
    *,
    plugins: Sequence[str | os.PathLike] | None = None,
) -> Comparison:
    """Fit several viscosity laws to one series and rank them by AIC (as
    ``vitreous compare --data``).

    ``data``: a file path, a dict of arrays or a pandas DataFrame with
    columns ``T [K]`` and ``log10_eta`` (or ``eta [Pa s]``), temperatures
    strictly monotonic. ``models``: law names (``vft``, ``myega``, …) or
    model ids with a ``viscosity`` observable, as a list or a comma-separated
    string (default: :data:`DEFAULT_LAWS`).
    """
    if models is None:
        names = list(DEFAULT_LAWS)
    elif isinstance(models, str):
        names = models.split(",")
    else:
        names = _strings(models, "models")
    if isinstance(data, DataSet):
        data = data.data
    if isinstance(data, (str, os.PathLike)):
        arg: Any = os.fspath(data)
    else:
        arg = ("data", _columns(data, "data"))
    return Comparison(_vitreous.compare(arg, names, _plugins(plugins)))
