#!/bin/sh
# Re-capture tests/data/reference_outputs.json, the bit-for-bit reference of
# tests/reference_outputs.rs. Run only when a change of numbers is intended
# and reviewed; the test then compares every later build against it.
set -e
cd "$(dirname "$0")/.."
VITREOUS_CAPTURE_REFERENCE="$PWD/tests/data/reference_outputs.json" \
    cargo test --release --test reference_outputs -- --nocapture
