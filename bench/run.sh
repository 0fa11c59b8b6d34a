#!/usr/bin/env bash
# Runs Stroma's benchmarks and prints the headline figures as ratios to baselines measured in the same run.
#   bench/run.sh            all headline figures
#   bench/run.sh fcs        FCS read: time vs File.ReadAllBytes, peak memory vs event data size
#   bench/run.sh trials     trial landscape: 1,536 corpus records (time vs read only), and a streamed scale run
#                           on a generated zip of TRIALS_SCALE studies (default 500000): studies/s and peak RSS
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
dotnet build -c Release bench/Stroma.Benchmarks -v q -nologo >/dev/null
bin=bench/Stroma.Benchmarks/bin/Release/net10.0/Stroma.Benchmarks.dll
file="${TMPDIR:-/tmp}/stroma-bench-2M-14.fcs"
if [ "$what" = all ] || [ "$what" = fcs ]; then [ -f "$file" ] || dotnet "$bin" write-bench-file "$file"; fi

if [ "$what" = all ] || [ "$what" = fcs ]; then
  echo "== FCS read: 2,000,000 events x 14 float32 parameters ($(stat -c %s "$file") bytes)"
  dotnet "$bin" --filter '*FcsReadBenchmarks*' --exporters csv >/tmp/stroma-bench-fcs.log 2>&1 || { tail -50 /tmp/stroma-bench-fcs.log; exit 1; }
  csv=$(ls -t BenchmarkDotNet.Artifacts/results/*FcsReadBenchmarks-report.csv | head -1)
  python3 bench/bdn_report.py "$csv" 'File.ReadAllBytes' File.ReadAllBytes
  base=$(dotnet "$bin" peak-baseline | sed -n 's/peak_rss_bytes=//p')
  out=$(dotnet "$bin" peak-read "$file")
  peak=$(echo "$out" | sed -n 's/peak_rss_bytes=//p'); data=$(echo "$out" | sed -n 's/data_bytes=//p'); alloc=$(echo "$out" | sed -n 's/allocated_bytes=//p')
  python3 - "$base" "$peak" "$data" "$alloc" <<'PY'
import sys
base, peak, data, alloc = map(int, sys.argv[1:])
print(f"  peak RSS {peak/2**20:.0f} MiB (runtime alone {base/2**20:.0f} MiB); event data {data/2**20:.0f} MiB")
print(f"  peak memory / data size: {peak/data:.2f} (whole process), {(peak-base)/data:.2f} (above runtime); managed allocation / data size {alloc/data:.3f}")
PY
fi

if [ "$what" = all ] || [ "$what" = trials ]; then
  # The shared corpus: ../shared beside the clone, or $STROMA_CORPUS_ROOT.
  if [ -z "${STROMA_CORPUS_ROOT:-}" ] && [ -d ../shared/corpus ]; then export STROMA_CORPUS_ROOT="$(cd ../shared && pwd)"; fi
  echo "== Trials: all classic records of the shared corpus"
  dotnet "$bin" --filter '*TrialsBenchmarks*' --exporters csv >/tmp/stroma-bench-trials.log 2>&1 || { tail -50 /tmp/stroma-bench-trials.log; exit 1; }
  csv=$(ls -t BenchmarkDotNet.Artifacts/results/*TrialsBenchmarks-report.csv | head -1)
  python3 bench/bdn_report.py "$csv" 'read 1,536 records' 'read only'
  n="${TRIALS_SCALE:-500000}"
  zip="${TMPDIR:-/tmp}/stroma-trials-$n.zip"
  [ -f "$zip" ] || dotnet "$bin" trials-write-scale "$zip" "$n"
  echo "== Trials scale run: $n studies streamed from $zip ($(stat -c %s "$zip") bytes)"
  base=$(dotnet "$bin" peak-baseline | sed -n 's/peak_rss_bytes=//p')
  out=$(dotnet "$bin" trials-scale "$zip")
  echo "$out" | sed 's/^/  /'
  peak=$(echo "$out" | sed -n 's/peak_rss_bytes=//p')
  python3 - "$base" "$peak" <<'PY'
import sys
base, peak = map(int, sys.argv[1:])
print(f"  peak RSS {peak/2**20:.0f} MiB (runtime alone {base/2**20:.0f} MiB; limit 500 MB)")
PY
fi
