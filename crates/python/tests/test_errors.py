"""Bad input from Python raises the right `vitreous.Error` subclass with
the command line's one-line message (or a TypeError for a wrong Python
type), and never a panic."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import vitreous


@pytest.mark.parametrize(
    "cli_args, call, exc",
    [
        (["eval", "no-such-model", "x"], lambda: vitreous.Model("no-such-model"), vitreous.UnknownName),
        (
            ["eval", "stm", "no-such-observable"],
            lambda: vitreous.Model("stm").evaluate("no-such-observable"),
            vitreous.UnknownName,
        ),
        (
            ["eval", "stm", "heat-capacity", "--set", "zz=1", "--set", "T=1"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity", params={"zz": 1}, T=1),
            vitreous.UnknownName,
        ),
        (
            ["eval", "stm", "heat-capacity", "--preset", "nope", "--set", "T=1"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity", preset="nope", T=1),
            vitreous.UnknownName,
        ),
        (
            ["eval", "vft", "relaxation-time", "--set", "d=-1", "--set", "T=300"],
            lambda: vitreous.Model("vft").evaluate("relaxation-time", params={"d": -1}, T=300),
            vitreous.DomainError,
        ),
        (
            ["eval", "stm", "heat-capacity", "--set", "T=-1"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity", T=-1),
            vitreous.DomainError,
        ),
        (
            ["eval", "stm", "heat-capacity", "--grid", "T=0.1,-1"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity", T=[0.1, -1.0]),
            vitreous.DomainError,
        ),
        (
            ["eval", "stm", "heat-capacity", "--set", "T=3parsec"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity", T="3parsec"),
            vitreous.InputError,
        ),
        (
            ["eval", "stm", "heat-capacity"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity"),
            vitreous.InputError,
        ),
        (
            ["eval", "stm", "heat-capacity", "--grid", "T=1:2"],
            lambda: vitreous.Model("stm").evaluate("heat-capacity", T="1:2"),
            vitreous.InputError,
        ),
        (
            ["eval", "etm", "heat-capacity", "--preset", "bas-0.60K", "--set", "T=0.1", "--set", "orientation=sideways"],
            lambda: vitreous.Model("etm").evaluate(
                "heat-capacity", preset="bas-0.60K", T=0.1, params={"orientation": "sideways"}
            ),
            vitreous.InputError,
        ),
        (
            ["--plugin", "/nonexistent/libnothing.so", "list"],
            lambda: vitreous.Model("stm", plugins=["/nonexistent/libnothing.so"]),
            vitreous.PluginError,
        ),
    ],
)
def test_message_equals_cli(cli, cli_args, call, exc):
    expected = cli.error(*cli_args)
    with pytest.raises(exc) as info:
        call()
    assert str(info.value) == expected
    assert isinstance(info.value, vitreous.Error)


def test_nan_array_is_a_domain_error():
    with pytest.raises(vitreous.DomainError, match="`T` must be finite, got NaN"):
        vitreous.Model("stm").evaluate("heat-capacity", T=np.array([0.1, np.nan]))


def test_mismatched_lengths():
    with pytest.raises(vitreous.InputError, match="cannot be broadcast"):
        vitreous.Model("etm").evaluate("heat-capacity", preset="bas-0.60K", T=[0.1, 0.2, 0.3], B=[0.0, 1.0])


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(T=None),
        dict(T=True),
        dict(T=[True, False]),
        dict(T={"a": 1}),
        dict(params=5, T=1.0),
        dict(params={"p_bar": [1, 2]}, T=1.0),
    ],
)
def test_wrong_types_raise_type_error(kwargs):
    with pytest.raises(TypeError):
        vitreous.Model("stm").evaluate("heat-capacity", **kwargs)


def test_wrong_type_of_model_and_observable():
    with pytest.raises(TypeError):
        vitreous.Model(3)
    with pytest.raises(TypeError):
        vitreous.Model("stm").evaluate(3, T=1.0)


def test_grid_needs_one_dimensional_axes():
    with pytest.raises(vitreous.InputError, match="one-dimensional"):
        vitreous.Model("stm").evaluate("heat-capacity", grid=True, T=np.ones((2, 2)))


def test_every_point_failing_raises_like_cli(cli):
    expected = cli.error("eval", "vft", "relaxation-time", "--grid", "T=100,120")
    with pytest.raises(vitreous.Error) as info:
        vitreous.Model("vft").evaluate("relaxation-time", T=[100.0, 120.0])
    assert str(info.value) == expected


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_exceptions_pickle(protocol):
    with pytest.raises(vitreous.DomainError) as info:
        vitreous.Model("stm").evaluate("heat-capacity", T=-1)
    e = pickle.loads(pickle.dumps(info.value, protocol=protocol))
    assert type(e) is vitreous.DomainError and str(e) == str(info.value)
