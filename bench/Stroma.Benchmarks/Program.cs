using BenchmarkDotNet.Running;
using Stroma.Benchmarks;

// Modes:
//   (default)                       BenchmarkDotNet over the benchmarks in this assembly (args passed through).
//   peak-read FILE                  reads FILE once with FcsReader and prints peak RSS / allocation figures (child process).
//   peak-baseline                   prints the peak RSS of a process that only starts the runtime (child process).
//   write-bench-file PATH [N]       writes the N-event (default 2,000,000) × 14 float32 benchmark file.
//   write-gatingml PATH             writes the gate job (rectangle + compensated logicle polygon) as GatingML 2.0.
//   read-bytes FILE                 File.ReadAllBytes of FILE once (the byte floor, as a whole process).
//   pipeline [FILE]                 runs the read → compensate → logicle → gates pipeline once and prints stage times and peak RSS.
//   transforms-quick                logicle on 20,000,000 floats, SIMD vs scalar, by stopwatch (ns/value).
//   trials-write-scale ZIP N        writes a zip of N classic-JSON studies replicated from the shared corpus with fresh NCT ids.
//   web-latency URL USERS N R       signs in N clients (USERS: "user password" lines) and times R requests per page.
//   trials-scale ZIP                reads, extracts and summarises the zip once; prints studies/s and peak RSS (child process).
return args.FirstOrDefault() switch
{
    "peak-read" => PeakMemory.ReadAndReport(args[1]),
    "peak-baseline" => PeakMemory.Baseline(),
    "write-bench-file" => args.Length > 2
        ? BenchFiles.WriteLarge(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture))
        : BenchFiles.WriteLarge(args[1]),
    "write-gatingml" => BenchFiles.WriteGatingMl(args[1]),
    "read-bytes" => PeakMemory.ReadBytesAndReport(args[1]),
    "pipeline" => Pipeline.RunAndReport(args.Length > 1 ? args[1] : BenchFiles.Ensure()),
    "transforms-quick" => TransformBenchmarks.Quick(),
    "trials-write-scale" => TrialsScale.Write(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "trials-scale" => TrialsScale.Run(args[1]),
    "web-latency" => await WebLatency.Run(args[1], args[2],
        int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture)),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchFiles).Assembly).Run(args);
    return 0;
}
