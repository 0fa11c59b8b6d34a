using System.Diagnostics;

namespace Stroma.Cli.Tests;

/// <summary>Runs the real <c>stroma</c> command (the built assembly next to the tests) as a separate process.</summary>
internal static class StromaProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args) => RunIn(null, args);

    public static Result RunIn(string? workingDirectory, params string[] args) => RunWithInput(workingDirectory, null, args);

    /// <summary>Runs with <paramref name="input"/> written to standard input (e.g. a password for --password-stdin).</summary>
    public static Result RunWithInput(string? workingDirectory, string? input, params string[] args) => RunWithEnvironment(workingDirectory, input, null, args);

    /// <summary>Runs with standard input and extra environment variables (e.g. STROMA_TOKEN_FILE).</summary>
    public static Result RunWithEnvironment(string? workingDirectory, string? input, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "stroma.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"stroma {string.Join(' ', args)} did not finish in 120 s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
