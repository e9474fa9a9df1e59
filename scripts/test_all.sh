#!/usr/bin/env bash
# Every test of the project: the Rust workspace's (`cargo test --workspace`)
# and the Python package's (pytest on crates/python/tests).
#
# Needs only the Rust toolchain and Python >= 3.10 with pip: it makes its own
# virtual environment (target/py-venv, reused when present; override with
# VITREOUS_VENV, choose the interpreter with PYTHON) and installs the package
# with its test extras (maturin, numpy, pytest, dask[distributed]) from the
# package index. Stops at the first failure.
#
#   scripts/test_all.sh            # Rust tests, then Python tests
#   scripts/test_all.sh --python   # only the Python half (install + pytest)
set -euo pipefail

python_only=0
case "${1:-}" in
    "") ;;
    --python) python_only=1 ;;
    *) echo "usage: $0 [--python]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
venv="${VITREOUS_VENV:-$root/target/py-venv}"
target="${CARGO_TARGET_DIR:-$root/target}"

if [ "$python_only" = 0 ]; then
    echo "== cargo test --workspace"
    cargo test --workspace
    # the tests compare with the CLI and load the reference dynamic plugin:
    # cargo test has just built both (without this, the tests build them)
    case "$(uname -s)" in
        Darwin) plugin="$target/debug/libyl_log.dylib" ;;
        *) plugin="$target/debug/libyl_log.so" ;;
    esac
    if [ -x "$target/debug/vitreous" ] && [ -f "$plugin" ]; then
        export VITREOUS_CLI="$target/debug/vitreous" VITREOUS_TEST_PLUGIN="$plugin"
    fi
fi

echo "== Python environment ($venv)"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" - <<'PY'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"vitreous needs Python >= 3.10, this is {sys.version.split()[0]}")
PY

echo "== pip install ./crates/python[test] (release build of the extension)"
# the wheel build gets its own target directory, so that it and the debug
# builds above do not rebuild each other's dependencies
CARGO_TARGET_DIR="$target/maturin" \
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "./crates/python[test]"

echo "== pytest crates/python/tests"
# the tests build (or reuse) the CLI and the reference plugin in $target
cd "$root/crates/python"
CARGO_TARGET_DIR="$target" "$venv/bin/python" -m pytest -q -p no:cacheprovider tests
