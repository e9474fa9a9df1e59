"""Shared fixtures: the command-line program and the reference dynamic
plugin, built from this checkout (or named by VITREOUS_CLI and
VITREOUS_TEST_PLUGIN), and a helper that runs the command line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _cargo_artifacts() -> tuple[str, str]:
    """Build the CLI and the yl-log plugin; return their paths."""
    out = subprocess.run(
        [
            "cargo",
            "build",
            "--quiet",
            "-p",
            "vitreous-cli",
            "-p",
            "vitreous-plugin-yl-log",
            "--message-format=json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    ).stdout
    cli = plugin = None
    for line in out.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("reason") != "compiler-artifact":
            continue
        if msg.get("executable") and msg["target"]["name"] == "vitreous":
            cli = msg["executable"]
        if msg["target"]["name"] == "yl_log":
            for f in msg.get("filenames", []):
                if f.endswith((".so", ".dylib", ".dll")):
                    plugin = f
    assert cli and plugin, "cargo did not report the vitreous binary and the yl-log plugin"
    return cli, plugin


@pytest.fixture(scope="session")
def artifacts() -> tuple[str, str]:
    cli = os.environ.get("VITREOUS_CLI")
    plugin = os.environ.get("VITREOUS_TEST_PLUGIN")
    if cli and plugin:
        return cli, plugin
    return _cargo_artifacts()


@pytest.fixture(scope="session")
def cli_path(artifacts) -> str:
    return artifacts[0]


@pytest.fixture(scope="session")
def plugin_path(artifacts) -> str:
    return artifacts[1]


class Cli:
    def __init__(self, path: str):
        self.path = path

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ)
        env.pop("VITREOUS_PLUGIN_PATH", None)
        p = subprocess.run([self.path, *args], capture_output=True, text=True, timeout=120, env=env)
        if ok:
            assert p.returncode == 0, p.stderr
        return p

    def json(self, *args: str):
        return json.loads(self.run(*args, "--format", "json").stdout)

    def error(self, *args: str) -> str:
        """The one error line, without its `error: ` prefix."""
        p = self.run(*args, ok=False)
        assert p.returncode != 0
        lines = [line for line in p.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr
        return lines[0][len("error: ") :]


@pytest.fixture(scope="session")
def cli(cli_path) -> Cli:
    return Cli(cli_path)
