"""vitreous — the physics of glasses from Python.

Tunneling systems, mosaic (RFOT) theory and local relaxation events:
published models with units and citations, evaluated on NumPy arrays and
fitted to data by the same Rust library as the ``vitreous`` command line
(values equal the command line's to the last bit).

>>> import vitreous
>>> m = vitreous.Model("stm")
>>> out = m.evaluate("heat-capacity", preset="vitreous-silica", T=[0.1, 0.2])

Errors are :class:`vitreous.Error` subclasses carrying the command line's
one-line message. Models and fit results pickle, so they travel to worker
processes; :mod:`vitreous.distributed` runs grids and many fits on Dask.
"""

from . import _vitreous
from ._vitreous import (
    DataError,
    DomainError,
    Error,
    FitError,
    InputError,
    NumericalError,
    PluginError,
    UnknownName,
    __version__,
)

# The exception classes live in the extension module; name them after the
# package so that they pickle (Dask sends a task's exception back pickled).
for _cls in (
    Error,
    DomainError,
    UnknownName,
    InputError,
    DataError,
    PluginError,
    NumericalError,
    FitError,
):
    try:
        _cls.__module__ = "vitreous"
    except (AttributeError, TypeError):  # pragma: no cover - static types
        pass
del _cls

from ._api import (  # noqa: E402
    DEFAULT_LAWS,
    Column,
    Comparison,
    Condition,
    DataSet,
    EvaluationWarning,
    FitParam,
    FitResult,
    Model,
    ModelInfo,
    Observable,
    Parameter,
    Preset,
    compare,
    fit,
    models,
)

__all__ = [
    "DEFAULT_LAWS",
    "Column",
    "Comparison",
    "Condition",
    "DataError",
    "DataSet",
    "DomainError",
    "Error",
    "EvaluationWarning",
    "FitError",
    "FitParam",
    "FitResult",
    "InputError",
    "Model",
    "ModelInfo",
    "NumericalError",
    "Observable",
    "Parameter",
    "PluginError",
    "Preset",
    "UnknownName",
    "__version__",
    "compare",
    "fit",
    "models",
]
