#!/usr/bin/env bash
# RSS growth over N predictions and over M build/call/close cycles of the generated classifier.
# Usage: benchmarks/scripts/soak.sh [predictions=1000000] [cycles=10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
# The heap is fixed and touched up front (-Xms = -Xmx, AlwaysPreTouch): otherwise G1 shrinks it at
# each reading's System.gc() and grows it again between readings, and the pages it touches anew
# show up as RSS growth that is the heap's sizing, not Cordon's or TensorFlow's memory.
exec mvn -B -q -pl benchmarks -am compile -Pbench-main \
  -Dbench.jvm="-Xms256m -Xmx256m -XX:+AlwaysPreTouch" \
  -Dbench.main=dev.cordon.benchmarks.Soak -Dbench.args="${1:-1000000} ${2:-10000}"
