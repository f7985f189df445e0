#!/usr/bin/env bash
# RSS growth over N predictions and over M build/call/close cycles of the generated classifier.
# Usage: benchmarks/scripts/soak.sh [predictions=1000000] [cycles=10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -q -pl benchmarks -am compile -Pbench-main \
  -Dbench.main=dev.cordon.benchmarks.Soak -Dbench.args="${1:-1000000} ${2:-10000}"
