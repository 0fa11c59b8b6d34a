using Microsoft.Win32.SafeHandles;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Positional, thread-safe access to the bytes of an FCS file, so data can be decoded by
/// several threads at once without a shared file position.
/// </summary>
internal interface IFcsByteSource
{
    long Length { get; }

    /// <summary>
    /// Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/> (the caller checked the range).
    /// </summary>
    void ReadExactly(long offset, Span<byte> destination);
}

internal sealed class FileByteSource : IFcsByteSource, IDisposable
{
    private readonly SafeFileHandle _handle;

    public FileByteSource(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(_handle);
    }

    public long Length { get; }

    public void ReadExactly(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(_handle, destination, offset);
            if (n <= 0)
                throw new EndOfStreamException($"The file ended at byte {offset} while {destination.Length} more " +
                $"bytes were expected.");
            destination = destination[n..];
            offset += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}

internal sealed class MemoryByteSource(ReadOnlyMemory<byte> memory) : IFcsByteSource
{
    public long Length => memory.Length;

    public void ReadExactly(long offset, Span<byte> destination) =>
        memory.Span.Slice(checked((int)offset), destination.Length).CopyTo(destination);
}
