#!/usr/bin/env bash
# Latency against batch size (1..256), generated and hand-written, interleaved; draws an SVG.
# Usage: benchmarks/scripts/latency-chart.sh [svg=benchmarks/latency-vs-batch.svg] [calls per batch=4000]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -q -pl benchmarks -am compile -Pbench-main \
  -Dbench.main=dev.cordon.benchmarks.LatencyChart -Dbench.args="${1:-benchmarks/latency-vs-batch.svg} ${2:-4000}"
