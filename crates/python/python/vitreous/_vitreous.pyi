"""Type stubs of the extension module ``vitreous._vitreous`` (the Rust
core); the public API is re-exported, with friendlier signatures, by
``vitreous``."""

import os
from typing import Any, Sequence

import numpy as np
import numpy.typing as npt

__version__: str

class Error(Exception):
    """Base class of every vitreous error (the command line's one-line message)."""

class DomainError(Error):
    """A value outside the model's domain, its bounds, or not finite."""

class UnknownName(Error):
    """An unknown model, observable, parameter, condition or preset."""

class InputError(Error):
    """A bad unit, grid, choice, a conflict or a missing condition."""

class DataError(Error):
    """Measured data that cannot be read or do not fit the model."""

class PluginError(Error):
    """A plugin that could not be loaded or clashes with a registered id."""

class NumericalError(Error):
    """A numerical method failed at every point asked for."""

class FitError(Error):
    """A fit that cannot be set up or did not converge."""

_Failure = tuple[str, str, str]

class Model:
    def __new__(cls, id: str, plugins: Sequence[str | os.PathLike[str]] = ...) -> Model: ...
    @property
    def id(self) -> str: ...
    @property
    def plugins(self) -> list[str]: ...
    @property
    def origin(self) -> str: ...
    def __reduce__(self) -> tuple[type[Model], tuple[str, list[str]]]: ...
    def info(self) -> dict[str, Any]: ...
    def evaluate(
        self,
        observable: str,
        preset: str | None = None,
        sets: Sequence[tuple[str, str]] = ...,
        axes: Sequence[tuple[str, str | npt.NDArray[np.float64]]] = ...,
        pointwise: bool = False,
    ) -> tuple[list[tuple[str, npt.NDArray[np.float64]]], list[int], int, _Failure | None]: ...
    def axis_values(self, observable: str, name: str, spec: str) -> list[float]: ...

def models(plugins: Sequence[str | os.PathLike[str]] = ...) -> list[str]: ...
def fit(
    model: Model,
    observable: str,
    datasets: Sequence[tuple[str | tuple[str | None, Sequence[tuple[str, npt.NDArray[np.float64]]]], Sequence[tuple[str, str]]]],
    vary: Sequence[tuple[str, str | None, tuple[str, str] | None]],
    local: Sequence[str] = ...,
    preset: str | None = None,
    sets: Sequence[tuple[str, str]] = ...,
    columns: Sequence[str] = ...,
    column_map: Sequence[tuple[str, str]] = ...,
    residual: str = "linear",
    absolute_sigma: bool = False,
    starts: int = 1,
    seed: int = 0,
    allow_unconverged: bool = False,
) -> tuple[dict[str, Any], str]: ...
def compare(
    data: str | tuple[str | None, Sequence[tuple[str, npt.NDArray[np.float64]]]],
    models: Sequence[str],
    plugins: Sequence[str | os.PathLike[str]] = ...,
) -> dict[str, Any]: ...
