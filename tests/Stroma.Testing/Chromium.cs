using System.Diagnostics;
using Xunit;

namespace Stroma.Testing;

/// <summary>Headless Debian Chromium for screenshot checks; tests skip with a message when it is not installed.</summary>
public static class Chromium
{
    /// <summary>Path of the browser (CHROMIUM_PATH or /usr/bin/chromium).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>Skips the running test when Chromium is missing.</summary>
    public static string Require()
    {
        if (!File.Exists(ExecutablePath)) Requirement.Missing($"Chromium not found at {ExecutablePath}; install Debian's chromium (the CI script does) to run browser checks.");
        return ExecutablePath;
    }

    /// <summary>Flags that let Chromium run headless as root in a closed network (no background connections).</summary>
    public static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    ];

    /// <summary>Screenshots a local HTML file to PNG; returns the PNG bytes.</summary>
    public static byte[] Screenshot(string htmlPath, string pngPath, int width = 1200, int height = 3000)
    {
        var browser = Require();
        var profile = Path.Combine(Path.GetTempPath(), "stroma-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(browser) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var f in Flags) start.ArgumentList.Add(f);
        start.ArgumentList.Add($"--user-data-dir={profile}");
        start.ArgumentList.Add($"--window-size={width},{height}");
        start.ArgumentList.Add($"--screenshot={pngPath}");
        start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish the screenshot in 90 s.");
        }
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return File.ReadAllBytes(pngPath);
    }
}
