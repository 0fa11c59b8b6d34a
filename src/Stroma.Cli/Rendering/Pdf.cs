using System.Diagnostics;

namespace Stroma.Cli.Rendering;

/// <summary>Prints an HTML file to PDF with headless Chromium, when it is installed.</summary>
internal static class Pdf
{
    public static string? Chromium =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Writes <paramref name="pdfPath"/>; returns an error message, or null on success.</summary>
    public static string? Print(string htmlPath, string pdfPath)
    {
        var browser = Chromium;
        if (browser is null) return "Chromium is not installed (set CHROMIUM_PATH or install Debian's chromium); the " +
            "HTML certificate prints from any browser.";
        var profile = Path.Combine(Path.GetTempPath(), "stroma-pdf-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(browser) { RedirectStandardError = true, RedirectStandardOutput = true,
            UseShellExecute = false };
        // Headless as root in a closed network: no sandbox, no background connections.
        foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
                         $"--user-data-dir={profile}", $"--print-to-pdf={Path.GetFullPath(pdfPath)}" })
            start.ArgumentList.Add(flag);
        start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
        try
        {
            using var process = Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                return "Chromium did not finish printing in 120 s.";
            }
            return File.Exists(pdfPath) ? null : $"Chromium exited with code {process.ExitCode} without writing " +
                $"{pdfPath}.";
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException)
                { } catch (UnauthorizedAccessException) { }
        }
    }
}
