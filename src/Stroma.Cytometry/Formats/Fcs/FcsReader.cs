namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Reads FCS 2.0, 3.0, 3.1 and 3.2 files (and Beckman Coulter LMD, which are FCS inside).
/// Every problem with the input surfaces as an <see cref="FcsFormatException"/> naming the file,
/// byte offset and what was expected; no other exception type escapes (except
/// <see cref="FcsParameterSelectionException"/> for a column selection naming an unknown parameter).
/// </summary>
public static class FcsReader
{
    /// <summary>Reads a file from disk.</summary>
    public static FcsFile Read(string path, FcsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var source = Open(path);
        return Guard(path, () => new FcsDecoderCore(source, path, options ?? FcsReadOptions.Default).ReadFile());
    }

    /// <summary>Reads an FCS file held in memory; <paramref name="name"/> is used in messages.</summary>
    public static FcsFile Read(ReadOnlyMemory<byte> bytes, string? name = null, FcsReadOptions? options = null) =>
        Guard(name,
            () => new FcsDecoderCore(new MemoryByteSource(bytes), name, options ?? FcsReadOptions.Default).ReadFile());

    /// <summary>Reads an FCS file from a stream (copied to memory when it cannot seek).</summary>
    public static FcsFile Read(Stream stream, string? name = null, FcsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        try
        {
            stream.CopyTo(copy);
        }
        catch (IOException ex)
        {
            throw new FcsFormatException(name, null, null, $"the stream could not be read ({ex.Message})",
                "a readable FCS stream", ex);
        }
        return Read(copy.GetBuffer().AsMemory(0, (int)copy.Length), name, options);
    }

    /// <summary>Reads keywords and parameters of every data set without decoding events.</summary>
    public static FcsFile ReadMetadata(string path) => Read(path, new FcsReadOptions { ReadEvents = false });

    /// <summary>Reads the first data set (or the one chosen in <paramref name="options"/>).</summary>
    public static FcsDataset ReadDataset(string path, FcsReadOptions? options = null) => Read(path, options).First;

    /// <summary>
    /// Reads the data sets of a file one at a time, handing each readable one (or the failure of an unreadable one)
    /// over before the next is read, so that only one data set's events are held at once.
    /// </summary>
    internal static void ReadEach(string path, FcsReadOptions options, Action<FcsDataset> dataset,
        Action<FcsDatasetFailure> failure)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var source = Open(path);
        Guard(path, () => new FcsDecoderCore(source, path, options).Walk(dataset, failure));
    }

    private static FileByteSource Open(string path)
    {
        try
        {
            return new FileByteSource(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                       or NotSupportedException)
        {
            throw new FcsFormatException(path, null, null, $"the file cannot be opened ({ex.Message})",
                "a readable FCS file", ex);
        }
    }

    /// <summary>Runs a read, rethrowing format errors and wrapping any other exception (a decoder bug) as one marked
    /// unexpected.</summary>
    internal static T Guard<T>(string? path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is FcsFormatException or FcsParameterSelectionException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // A decoder bug must still reach the caller as a typed, located error rather than a stray exception.
            throw new FcsFormatException(path, null, null,
                $"the file could not be decoded ({ex.GetType().Name}: {ex.Message})", "a well-formed FCS file", ex)
            {
                IsUnexpected = true,
            };
        }
    }
}
