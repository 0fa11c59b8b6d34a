using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Stroma.Trials.Formats;

/// <summary>
/// Forward-only reader of a zip archive's entries that keeps one central-directory record in memory at a
/// time. <see cref="ZipArchive"/> materialises every entry up front (about 350 bytes each, so 170 MB for
/// the 500,000-study bulk downloads); this walks the central directory sequentially instead. Supports
/// stored and deflated entries and ZIP64 (needed beyond 65,535 entries).
/// </summary>
internal sealed class StreamingZip : IDisposable
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;

    private readonly string _path;
    private readonly FileStream _directory;
    private readonly FileStream _data;

    public StreamingZip(string path)
    {
        _path = path;
        _directory = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        (EntryCount, DirectoryOffset) = ReadEnd();
    }

    /// <summary>Number of entries the archive declares.</summary>
    public long EntryCount { get; }

    private long DirectoryOffset { get; }

    /// <summary>Entries in central-directory order.</summary>
    public IEnumerable<Entry> Entries()
    {
        _directory.Position = DirectoryOffset;
        var fixedPart = new byte[46];
        for (long i = 0; i < EntryCount; i++)
        {
            ReadExactly(_directory, fixedPart, "central directory record");
            var h = fixedPart.AsSpan();
            if (BinaryPrimitives.ReadUInt32LittleEndian(h) != CentralHeader) throw Bad($"central directory record {i} has a bad signature");
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            var variable = new byte[nameLength + extraLength + commentLength];
            ReadExactly(_directory, variable, "central directory record");
            var name = ((flags & 0x800) != 0 ? Encoding.UTF8 : Encoding.Latin1).GetString(variable, 0, nameLength);
            ApplyZip64(variable.AsSpan(nameLength, extraLength), ref size, ref compressed, ref offset);
            yield return new Entry(name, method, compressed, size, offset);
        }
    }

    /// <summary>Opens an entry's content (only one entry's stream may be in use at a time).</summary>
    public Stream Open(Entry entry)
    {
        _data.Position = entry.LocalHeaderOffset;
        var local = new byte[30];
        ReadExactly(_data, local, "local header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeader) throw Bad($"entry {entry.Name} has a bad local header");
        var skip = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        _data.Position += skip;
        var raw = new BoundedStream(_data, entry.CompressedSize);
        return entry.Method switch
        {
            0 => raw,
            8 => new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: false),
            _ => throw Bad($"entry {entry.Name} uses compression method {entry.Method}; expected stored (0) or deflate (8)"),
        };
    }

    public void Dispose()
    {
        _directory.Dispose();
        _data.Dispose();
    }

    private (long Count, long Offset) ReadEnd()
    {
        var length = _directory.Length;
        var tail = (int)Math.Min(length, 22 + 65535 + 20);
        if (tail < 22) throw Bad("too short to be a zip archive");
        var buffer = new byte[tail];
        _directory.Position = length - tail;
        ReadExactly(_directory, buffer, "end of central directory");
        for (var i = tail - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != EndOfCentralDirectory) continue;
            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i + 16));
            if (i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i - 20)) == Zip64Locator)
            {
                var record = new byte[56];
                _directory.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(i - 20 + 8));
                ReadExactly(_directory, record, "ZIP64 end of central directory");
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndOfCentralDirectory) throw Bad("ZIP64 end record has a bad signature");
                count = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
                offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
            }
            if (offset < 0 || offset > length) throw Bad($"central directory offset {offset} lies outside the file ({length} bytes)");
            return (count, offset);
        }
        throw Bad("no end-of-central-directory record; not a zip archive");
    }

    private static void ApplyZip64(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var len = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (len > extra.Length - 4) return;
            if (id == 1)
            {
                var field = extra.Slice(4, len);
                // ZIP64 extended information holds only the values whose 32-bit fields are saturated, in this order.
                if (size == uint.MaxValue && field.Length >= 8) { size = (long)BinaryPrimitives.ReadUInt64LittleEndian(field); field = field[8..]; }
                if (compressed == uint.MaxValue && field.Length >= 8) { compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(field); field = field[8..]; }
                if (offset == uint.MaxValue && field.Length >= 8) offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                return;
            }
            extra = extra[(4 + len)..];
        }
    }

    private void ReadExactly(Stream stream, byte[] buffer, string what)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException ex) { throw new TrialFormatException(_path, null, null, $"zip archive truncated in the {what}", ex); }
    }

    private TrialFormatException Bad(string problem) => new(_path, null, null, problem);

    /// <summary>One central-directory entry.</summary>
    public sealed record Entry(string Name, int Method, long CompressedSize, long Size, long LocalHeaderOffset)
    {
        public bool IsDirectory => Name.EndsWith('/');
    }

    /// <summary>A read-only window of <paramref name="length"/> bytes from the inner stream's current position.</summary>
    private sealed class BoundedStream(Stream inner, long length) : ForwardOnlyStream
    {
        private long _remaining = length;

        public override int Read(Span<byte> buffer)
        {
            if (_remaining <= 0) return 0;
            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= n;
            return n;
        }
    }
}
