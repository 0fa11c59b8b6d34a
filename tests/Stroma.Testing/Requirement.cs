using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace Stroma.Testing;

/// <summary>
/// A test's outside requirement (the shared corpus, PostgreSQL, Chromium). On a developer's machine a missing
/// requirement skips the test with a clear message; under CI (<c>CI=true</c>) it fails the test, because CI
/// always provides them and a silent skip there would hide a broken install step.
/// </summary>
public static class Requirement
{
    /// <summary>True when running under CI (<c>CI</c> is <c>true</c> or <c>1</c>).</summary>
    public static bool UnderCi => Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Skips the running test with <paramref name="message"/>, or fails it under CI.</summary>
    [DoesNotReturn]
    public static void Missing(string message)
    {
        if (UnderCi) Assert.Fail($"required under CI: {message}");
        Assert.Skip(message);
    }
}
