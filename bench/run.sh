#!/usr/bin/env bash
# Runs Stroma's benchmarks and prints the headline figures as ratios to baselines measured in the same run.
#   bench/run.sh            all headline figures
#   bench/run.sh fcs        FCS read: time vs File.ReadAllBytes, peak memory vs event data size
#   bench/run.sh transforms logicle on 20,000,000 floats: SIMD (128 and 256 bits) vs the scalar loop, ns/value
#   bench/run.sh pipeline   in-process read -> compensate -> logicle -> gates, stage times (median of 7 processes)
#   bench/run.sh gate       whole-process `stroma gate` (rectangle + compensated logicle polygon) on 2,000,000 and
#                           GATE_LARGE (default 20,000,000) events: median (min-max) of GATE_RUNS (default 7) runs,
#                           peak RSS, ratios to the byte floor (File.ReadAllBytes, same run) and 20M/2M scaling;
#                           STROMA_BASELINE_CLI=path/to/stroma.dll also times another build (e.g. main) in the same run
#   bench/run.sh cli        whole-process wall time of `stroma --version`, a small `fcs info`, `fcs info --stats` on
#                           the 2,000,000 x 14 file and a cold `trials landscape` over the corpus records: median
#                           (min-max) of CLI_RUNS (default 11) processes each, and peak RSS
#   bench/run.sh web        web page latency: a demo facility database (`stroma demo`, corpus landscape), `stroma serve`
#                           on a loopback port, WEB_CLIENTS (default 20) signed-in clients at once, WEB_REQUESTS
#                           (default 200) requests per page of /, /lots, /trials: p50/p95/max and the server's peak RSS
#   bench/run.sh trials     trial landscape: 1,536 corpus records (time vs read only), and a streamed scale run
#                           on a generated zip of TRIALS_SCALE studies (default 500000): studies/s and peak RSS
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
dotnet build -c Release bench/Stroma.Benchmarks -v q -nologo >/dev/null
bin=bench/Stroma.Benchmarks/bin/Release/net10.0/Stroma.Benchmarks.dll
# Every input is made in a folder this run owns and removes, so each mode runs standalone.
work=$(mktemp -d "${TMPDIR:-/tmp}/stroma-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
file="$work/bench-2M-14.fcs"
case "$what" in all|fcs|pipeline|gate|cli) dotnet "$bin" write-bench-file "$file" >/dev/null ;; esac
# FlowKit cannot be installed here: its figures are quoted, never measured by this script.
flowkit_ref="FlowKit 1.3.2 reference (quoted, not measured here; 2026-12, this 2-core machine kind): gate job 2.48 s, peak 532 MiB"
echo "machine load: $(uptime | sed 's/.*load average/load average/')"

# The build users install: `dotnet pack` makes one tool package per platform with ReadyToRun code (Stroma.Cli.csproj).
# The same publish, for this machine's platform, is measured beside the portable build (`dotnet stroma.dll`, JIT only).
tool_build() {
  if [ ! -x "$work/tool/stroma" ]; then
    local rid
    rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
    dotnet publish src/Stroma.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
      -o "$work/tool" -v q -nologo >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
  fi
  echo "$work/tool/stroma"
}

if [ "$what" = all ] || [ "$what" = fcs ]; then
  echo "== FCS read: 2,000,000 events x 14 float32 parameters ($(stat -c %s "$file") bytes)"
  dotnet "$bin" --filter '*FcsReadBenchmarks*' --exporters csv --buildTimeout 900 >/tmp/stroma-bench-fcs.log 2>&1 || { tail -50 /tmp/stroma-bench-fcs.log; exit 1; }
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
  dotnet "$bin" --filter '*TransformBenchmarks*' --exporters csv --buildTimeout 900 >/tmp/stroma-bench-transforms.log 2>&1 || { tail -50 /tmp/stroma-bench-transforms.log; exit 1; }
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
  echo "== Pipeline (in process): read -> compensate 10 channels -> logicle on 10 -> rectangle -> polygon (2,000,000 x 14 float32)"
  python3 - "$bin" "$file" "$flowkit_ref" <<'PY'
import subprocess, sys, time, statistics
bin_, file_, ref = sys.argv[1:]
runs = []
for _ in range(7):
    t = time.perf_counter()
    out = subprocess.run(["dotnet", bin_, "pipeline", file_], capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - t
    runs.append((wall, dict(l.split("=", 1) for l in out.split() if "=" in l)))
def row(label, values, unit="ms"):
    print(f"  {label:<30} median {statistics.median(values):8.1f} {unit}  (min {min(values):.1f} - max {max(values):.1f})")
for k in ("read", "compensate", "logicle", "gate"):
    row(k, [float(r[1][k + "_ms"]) for r in runs])
row("whole process (start included)", [r[0] * 1000 for r in runs])
row("peak RSS", [int(r[1]["peak_rss_bytes"]) / 2**20 for r in runs], "MiB")
print(f"  {ref}")
PY
fi

if [ "$what" = all ] || [ "$what" = gate ]; then
  large="${GATE_LARGE:-20000000}"
  runs="${GATE_RUNS:-7}"
  dotnet build -c Release src/Stroma.Cli -v q -nologo >/dev/null
  cli=src/Stroma.Cli/bin/Release/net10.0/stroma.dll
  tool=$(tool_build)
  dotnet "$bin" write-gatingml "$work/gate.xml"
  echo "== stroma gate, whole process: rectangle FSC-A/SSC-A -> polygon on compensated, logicle PE-A/APC-A"
  python3 - "$bin" "$cli" "$work" "$file" "$large" "$runs" "$flowkit_ref" "${STROMA_BASELINE_CLI:-}" "$tool" <<'PY'
import os, subprocess, sys, time, statistics
bin_, cli, work, small, large, runs, ref, baseline, tool = sys.argv[1:]
large, runs = int(large), int(runs)


def series(argv):
    walls, peaks, out = [], [], ""
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out_b, err = p.stdout.read(), p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t)
        if status:
            sys.exit(f"{' '.join(argv)} failed:\n{err.decode()}")
        peaks.append(usage.ru_maxrss * 1024)
        out = out_b.decode()
    return walls, peaks, out

def fmt(walls, peaks, data):
    return (f"median {statistics.median(walls)*1000:7.0f} ms (min {min(walls)*1000:.0f} - max {max(walls)*1000:.0f})"
            f"   peak RSS {statistics.median(peaks)/2**20:6.0f} MiB = {statistics.median(peaks)/data:4.2f}x event data")

files = [(small, 2_000_000)]
big = os.path.join(work, f"bench-{large}-14.fcs")
subprocess.run(["dotnet", bin_, "write-bench-file", big, str(large)], check=True, capture_output=True)
files.append((big, large))
# (label, command prefix): the installed tool (ReadyToRun, its own launcher) and the portable build (JIT only).
clis = [("tool (ReadyToRun)", [tool]), ("portable build", ["dotnet", cli])] + \
    ([("baseline build", ["dotnet", baseline])] if baseline else [])
medians = {}
for path, n in files:
    data = n * 14 * 4
    print(f"  {n:,} events x 14 float32 ({data/2**20:.0f} MiB of event data), {runs} runs each:")
    fw, fp, _ = series(["dotnet", bin_, "read-bytes", path])
    print(f"    {'byte floor (File.ReadAllBytes)':<31} {fmt(fw, fp, data)}")
    for label, c in clis:
        w, p, out = series([*c, "gate", path, "--gatingml", os.path.join(work, "gate.xml"), "--json"])
        medians[(label, n)] = statistics.median(w)
        counts = ", ".join(f"{g['id']}={g['count']}" for g in __import__("json").loads(out)["gates"])
        print(f"    {'stroma gate, ' + label:<31} {fmt(w, p, data)}   {statistics.median(w)/statistics.median(fw):4.1f}x floor   [{counts}]")
for label, _ in clis:
    s, l = medians[(label, 2_000_000)], medians[(label, large)]
    print(f"  {label}: {large:,} / 2,000,000 events time ratio {l/s:.1f}x (target <= 10.5x); "
          f"2 M vs FlowKit reference: {2.48/s:.1f}x faster (target >= 15x, i.e. <= 0.165 s)")
print(f"  {ref}")
PY
fi

if [ "$what" = all ] || [ "$what" = trials ]; then
  # The shared corpus: ../shared beside the clone, or $STROMA_CORPUS_ROOT.
  if [ -z "${STROMA_CORPUS_ROOT:-}" ] && [ -d ../shared/corpus ]; then export STROMA_CORPUS_ROOT="$(cd ../shared && pwd)"; fi
  echo "== Trials: all classic records of the shared corpus"
  dotnet "$bin" --filter '*TrialsBenchmarks*' --exporters csv --buildTimeout 900 >/tmp/stroma-bench-trials.log 2>&1 || { tail -50 /tmp/stroma-bench-trials.log; exit 1; }
  csv=$(ls -t BenchmarkDotNet.Artifacts/results/*TrialsBenchmarks-report.csv | head -1)
  python3 bench/bdn_report.py "$csv" 'read 1,536 records' 'read only'
  n="${TRIALS_SCALE:-500000}"
  zip="$work/stroma-trials-$n.zip"
  [ -f "$zip" ] || dotnet "$bin" trials-write-scale "$zip" "$n"
  echo "== Trials scale run: $n studies streamed from $zip ($(stat -c %s "$zip") bytes)"
  base=$(dotnet "$bin" peak-baseline | sed -n 's/peak_rss_bytes=//p')
  out=$(dotnet "$bin" trials-scale "$zip")
  echo "$out" | sed 's/^/  /'
  peak=$(echo "$out" | sed -n 's/peak_rss_bytes=//p')
  python3 - "$base" "$peak" <<'PY'
import sys
base, peak = map(int, sys.argv[1:])
print(f"  peak RSS {peak/2**20:.0f} MiB (runtime alone {base/2**20:.0f} MiB; target ≤ 300 MB)")
PY
fi

if [ "$what" = all ] || [ "$what" = web ]; then
  if [ -z "${STROMA_CORPUS_ROOT:-}" ] && [ -d ../shared/corpus ]; then export STROMA_CORPUS_ROOT="$(cd ../shared && pwd)"; fi
  dotnet build -c Release src/Stroma.Cli -v q -nologo >/dev/null
  cli=src/Stroma.Cli/bin/Release/net10.0/stroma.dll
  clients="${WEB_CLIENTS:-20}"
  requests="${WEB_REQUESTS:-200}"
  echo "== Web: $clients signed-in clients at once, $requests requests per page, loopback"
  # The demo prints its generated accounts once, in a table: | user | role | password |.
  COLUMNS=200 dotnet "$cli" demo --out "$work/demo" >"$work/demo.txt" 2>&1 || { cat "$work/demo.txt"; exit 1; }
  sed -n 's/^│ \([a-z]*\) *│ [A-Za-z]* *│ \([A-Za-z0-9]*\) *│$/\1 \2/p' "$work/demo.txt" >"$work/users.txt"
  [ -s "$work/users.txt" ] || { echo "no demo users found in:"; cat "$work/demo.txt"; exit 1; }
  echo "  demo facility: $(grep -o 'trial landscape: .*' "$work/demo.txt")"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  dotnet "$cli" serve --db "$work/demo/stroma-demo.db" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.5
  done
  dotnet "$bin" web-latency "http://127.0.0.1:$port" "$work/users.txt" "$clients" "$requests"
  # The server runs under `dotnet`: its process is $server itself.
  echo "  server peak RSS $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$server/status")"
  echo "  machine load after: $(uptime | sed 's/.*load average/load average/')"
fi

if [ "$what" = all ] || [ "$what" = cli ]; then
  if [ -z "${STROMA_CORPUS_ROOT:-}" ] && [ -d ../shared/corpus ]; then export STROMA_CORPUS_ROOT="$(cd ../shared && pwd)"; fi
  dotnet build -c Release src/Stroma.Cli -v q -nologo >/dev/null
  cli=src/Stroma.Cli/bin/Release/net10.0/stroma.dll
  tool=$(tool_build)
  dotnet "$bin" write-bench-file "$work/small.fcs" 1000 >/dev/null
  echo "== stroma as a whole process, ${CLI_RUNS:-11} runs each: the installed tool (ReadyToRun) and the portable build"
  python3 - "$cli" "$work/small.fcs" "$file" "${STROMA_CORPUS_ROOT:-}" "${CLI_RUNS:-11}" "$tool" "$bin" <<'PY'
import os, subprocess, sys, time, statistics
cli, small, big, corpus, runs, tool, bench = sys.argv[1:]
cases = [("stroma --version", ["--version"]),
         ("stroma fcs info (1,000 events)", ["fcs", "info", small]),
         ("stroma fcs info --stats (2 M x 14)", ["fcs", "info", "--stats", big])]
trials = os.path.join(corpus, "corpus", "trials", "ctgov-classic") if corpus else ""
if trials and os.path.isdir(trials):
    cases.append((f"stroma trials landscape ({len(os.listdir(trials))} files)", ["trials", "landscape", trials]))
else:
    print("  (no shared corpus: trials landscape skipped)")
def measure(label, command):
    walls, peaks = [], []
    for _ in range(int(runs)):
        t = time.perf_counter()
        p = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        walls.append((time.perf_counter() - t) * 1000)
        if status:
            sys.exit(f"{label} failed:\n{err.decode()}")
        peaks.append(usage.ru_maxrss / 1024)
    print(f"  {label:<52} median {statistics.median(walls):7.0f} ms (min {min(walls):.0f} - max {max(walls):.0f})"
          f"   peak RSS {statistics.median(peaks):5.0f} MiB")
# Baseline in the same run: a .NET process that only starts the runtime (the benchmark app, JIT only).
measure("runtime floor (an empty .NET process)", ["dotnet", bench, "peak-baseline"])
for label, argv in cases:
    measure(f"{label}, tool (ReadyToRun)", [tool, *argv])
    measure(f"{label}, portable build", ["dotnet", cli, *argv])
PY
fi
