namespace Stroma.Trials.Registry;

/// <summary>
/// A registry fetch or snapshot cannot go on: the API answered with an error after the allowed retries, a page is
/// not what the API documents, or a snapshot on disk belongs to another search. Carries the page (1-based) and the
/// URL when the problem concerns one.
/// </summary>
public sealed class RegistryFetchException : TrialsException
{
    /// <summary>Creates the exception.</summary>
    public RegistryFetchException(string message, int? page = null, string? url = null, Exception? inner = null)
        : base(page is null ? message : $"page {page}: {message}", inner)
    {
        Page = page;
        Url = url;
    }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public RegistryFetchException() : base("registry fetch failed") { }

    /// <summary>Creates the exception with a message (for serializers).</summary>
    public RegistryFetchException(string message) : this(message, null, null, null) { }

    /// <summary>Creates the exception with a message and a cause (for serializers).</summary>
    public RegistryFetchException(string message, Exception? innerException) : this(message, null, null,
        innerException) { }

    /// <summary>The page being fetched (1-based), when the problem concerns one.</summary>
    public int? Page { get; }

    /// <summary>The URL requested, when known.</summary>
    public string? Url { get; }
}
