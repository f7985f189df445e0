#!/usr/bin/env bash
# Throughput of 2 threads on one model / 1 thread, batch 1, generated and hand-written, interleaved.
# Usage (from anywhere): benchmarks/scripts/thread-scaling.sh [rounds] [seconds per variant] [warm-up seconds] [mlp|dense]
# JVM options for the measured process (e.g. JavaCPP's -Dorg.bytedeco.javacpp.maxPhysicalBytes=0): BENCH_JVM.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -q -pl benchmarks -am compile -Pbench-main \
  -Dbench.main=dev.cordon.benchmarks.ThreadScaling -Dbench.args="${1:-10} ${2:-1} ${3:-5} ${4:-mlp}" \
  -Dbench.jvm="${BENCH_JVM:-}"
