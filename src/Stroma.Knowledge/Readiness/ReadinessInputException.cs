namespace Stroma.Knowledge.Readiness;

/// <summary>One problem in a readiness input.</summary>
/// <param name="Path">Where (e.g. "lot.tissueSource", "$.plan.numberOfDoses").</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record ReadinessInputProblem(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// A readiness input is malformed or names unknown ids. Lists every problem found, not just the first.
/// </summary>
public sealed class ReadinessInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReadinessInputException(string? source, IReadOnlyList<ReadinessInputProblem> problems,
        Exception? inner = null)
        : base($"{(source is null ? "readiness input" : source)}: {string.Join("; ", problems)}", inner)
    {
        Origin = source;
        Problems = problems;
    }

    /// <summary>The file the input came from, or null.</summary>
    public string? Origin { get; }

    /// <summary>The problems.</summary>
    public IReadOnlyList<ReadinessInputProblem> Problems { get; }
}
