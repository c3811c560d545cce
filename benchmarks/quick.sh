#!/usr/bin/env bash
# The quick set: builds the benchmark jar, runs every comparison with short settings (1 fork, 3 x 1 s
# warm-up, 3 x 1 s measurement, -prof gc), measures memory per route, draws the plot and prints the
# README tables. About 7 minutes on 2 cores. Usage (from anywhere): benchmarks/quick.sh [output-prefix]
# Results go to benchmarks/results/<date-time>-quick.{json,txt,png,md} and -memory.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${1:-benchmarks/results/$(date +%F-%H%M)-quick}"
jar=benchmarks/target/benchmarks.jar
# EvaluateBenchmark (our own per-filter detail) is left to the full set; everything else runs.
set_regex='(CompileBenchmark|RouteLoadBenchmark|AddRouteBenchmark|SingleFilterBenchmark|RouteMatchBenchmark|RouteLocalityBenchmark|SelectiveReadBenchmark|JsonFloorBenchmark|DispatchBenchmark)'

mvn -B -q -pl benchmarks -am package -DskipTests
{
  echo "# $(date -Is) $(uname -srm); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | sed 's/^/# /'
  java -jar "$jar" "$set_regex" -f 1 -wi 3 -w 1s -i 3 -r 1s -prof gc -rf json -rff "$out.json"
  echo "# memory per route"
  java -cp "$jar" io.eventroute.benchmarks.compile.RouteMemory "$out-memory.json"
  echo "# $(date -Is) done; load: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out.txt"
java -cp "$jar" io.eventroute.benchmarks.PlotResults "$out.json" "$out.png"
java -cp "$jar" io.eventroute.benchmarks.SummarizeResults "$out.json" "$out-memory.json" | tee "$out.md"
