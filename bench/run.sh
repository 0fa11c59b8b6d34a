#!/usr/bin/env bash
# Runs Stroma's benchmarks and prints the headline figures as ratios to baselines measured in the same run.
#   bench/run.sh            all headline figures
#   bench/run.sh fcs        FCS read: time vs File.ReadAllBytes, peak memory vs event data size
#   bench/run.sh transforms logicle on 20,000,000 floats: SIMD vs the scalar loop, ns/value
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

if [ "$what" = all ] || [ "$what" = transforms ]; then
  echo "== Logicle (T=262144, W=0.5, M=4.5, A=0) on 10 x 2,000,000 float values"
  dotnet "$bin" --filter '*TransformBenchmarks*' --exporters csv >/tmp/stroma-bench-transforms.log 2>&1 || { tail -50 /tmp/stroma-bench-transforms.log; exit 1; }
  csv=$(ls -t BenchmarkDotNet.Artifacts/results/*TransformBenchmarks-report.csv | head -1)
  python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def ms(s):
    v, unit = s.replace(',', '').split()
    return float(v) * {'ns': 1e-6, 'us': 1e-3, 'μs': 1e-3, 'ms': 1, 's': 1000}[unit]
values = 20_000_000
name = lambda r: r['Method'].strip("'")  # BenchmarkDotNet quotes descriptions with spaces
base = {name(r): ms(r['Mean']) for r in rows}
for r in rows:
    t = ms(r['Mean'])
    ref = base['logicle scalar loop'] if name(r).startswith('logicle') else base['inverse scalar loop']
    print(f"  {name(r):<28} {t:8.1f} ms   {t * 1e6 / values:6.2f} ns/value   speed-up over the scalar loop {ref / t:5.1f}x")
PY
fi

if [ "$what" = all ] || [ "$what" = pipeline ]; then
  echo "== Pipeline: read -> compensate 10 channels -> logicle on 10 -> rectangle gate -> polygon gate (2,000,000 x 14 float32)"
  python3 - "$bin" "$file" <<'PY'
import subprocess, sys, time, statistics
bin_, file_ = sys.argv[1], sys.argv[2]
runs = []
for _ in range(7):
    t = time.perf_counter()
    out = subprocess.run(["dotnet", bin_, "pipeline", file_], capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - t
    kv = dict(l.split("=", 1) for l in out.split() if "=" in l)
    runs.append((wall, kv))
runs.sort(key=lambda r: r[0])
best_wall, best = runs[0]
median_wall = statistics.median(r[0] for r in runs)
stages = {k: float(best[k + "_ms"]) for k in ("read", "compensate", "logicle", "gate")}
compute = stages["compensate"] + stages["logicle"] + stages["gate"]
peak = int(best["peak_rss_bytes"])
for k, v in stages.items():
    print(f"  {k:<11} {v:8.1f} ms")
print(f"  whole process (start included): best {best_wall*1000:.0f} ms, median {median_wall*1000:.0f} ms of 7 runs; peak RSS {peak/2**20:.0f} MiB")
print(f"  vs FlowKit 1.3.2 on this machine kind (6.08 s, 1.52 GB): {6.08/best_wall:.1f}x faster, {1.52e9/peak:.1f}x less memory")
print(f"  compute stages / bare read: {compute/stages['read']:.2f} (target <= 3)")
print(f"  targets: wall <= 600 ms -> {'met' if best_wall <= 0.6 else 'NOT met'}; peak <= 0.3 GB -> {'met' if peak <= 0.3e9 else 'NOT met'}")
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
