#!/usr/bin/env bash
# Egret vs Apache Storm 2.8.3, same topologies, same machine, one run. See benchmarks/README.md.
#   benchmarks/run.sh [--help] [options]        (BENCH_SKIP_BUILD=1 to use the current build)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # the whole reactor: the distribution under test and this module (its classpath, topologies jar)
  mvn -B -q -o install -DskipTests || mvn -B -q install -DskipTests
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx256m -Dlog4j2.level=WARN \
  -cp "$repo/benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  org.egret.bench.BenchmarkMain "$@"
