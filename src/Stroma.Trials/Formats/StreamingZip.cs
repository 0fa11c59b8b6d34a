using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Stroma.Trials.Formats;

/// <summary>
/// Forward-only reader of a zip archive's entries that keeps one central-directory record in memory at a
/// time, with the checks <see cref="ZipArchive"/> would otherwise give: declared sizes checked against the
/// file, decompressed output cut at the declared size, CRC-32 verified, encrypted entries refused.
/// </summary>
/// <remarks>
/// Why not <see cref="ZipArchive"/>: it materialises every entry on first access. Measured (.NET 10,
/// 500,000 one-byte entries named as in the registry's bulk XML download): 191 MB retained and 275 MB peak
/// working set before the first entry is read; walking the same directory here retains at most 70 KB
/// (58 MB peak working set, the runtime's own). Layout and field meanings
/// follow PKWARE APPNOTE.TXT 6.3.10 (§4.3.7 local header, §4.3.12 central directory, §4.3.14–4.3.16
/// ZIP64 end records, §4.5.3 ZIP64 extra field). Stored (0) and deflated (8) entries are read (§4.4.5).
/// </remarks>
internal sealed class StreamingZip : IDisposable
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;
    private const int CentralHeaderSize = 46;
    private const int LocalHeaderSize = 30;

    // APPNOTE §4.4.4: bit 0 encrypted, bit 6 strong encryption, bit 13 central directory encrypted; bit 11 UTF-8 names.
    private const int EncryptedFlags = 0x1 | 0x40 | 0x2000;
    private const int Utf8Flag = 0x800;

    // APPNOTE §4.4.5 and appendix E (method 99: WinZip AES).
    private const int AesMethod = 99;

    private readonly string _path;
    private readonly FileStream _directory;
    private readonly FileStream _data;
    private readonly long _length;

    public StreamingZip(string path)
    {
        _path = path;
        _directory = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            _length = _directory.Length;
            (EntryCount, DirectoryOffset, DirectoryEnd) = ReadEnd();
        }
        catch
        {
            _directory.Dispose();
            _data?.Dispose();
            throw;
        }
    }

    /// <summary>Number of entries the archive declares (checked against the size of its central directory).</summary>
    public long EntryCount { get; }

    private long DirectoryOffset { get; }

    private long DirectoryEnd { get; }

    /// <summary>
    /// Entries in central-directory order. An entry that cannot be read (encrypted, unknown method, sizes
    /// outside the file) carries its <see cref="Entry.Problem"/>; a damaged directory record raises
    /// <see cref="TrialFormatException"/>, since the records after it cannot be found.
    /// </summary>
    public IEnumerable<Entry> Entries()
    {
        var position = DirectoryOffset;
        var fixedPart = new byte[CentralHeaderSize];
        for (long i = 0; i < EntryCount; i++)
        {
            _directory.Position = position;
            ReadExactly(_directory, fixedPart, $"central directory record {i}");
            var h = fixedPart.AsSpan();
            if (BinaryPrimitives.ReadUInt32LittleEndian(h) != CentralHeader)
                throw Bad(
                    $"central directory record {i} (byte {position}) has a bad signature; the archive is damaged");
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[20..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(h[42..]);
            // Lengths are 16-bit, so this allocation is at most 192 KB whatever the archive says.
            var variable = new byte[nameLength + extraLength + commentLength];
            ReadExactly(_directory, variable, $"central directory record {i}");
            position += CentralHeaderSize + variable.Length;
            if (position > DirectoryEnd) throw Bad($"central directory record {i} runs past the end of the directory");
            var name = ((flags & Utf8Flag) != 0 ? Encoding.UTF8 : Encoding.Latin1).GetString(variable, 0, nameLength);
            ApplyZip64(variable.AsSpan(nameLength, extraLength), ref size, ref compressed, ref offset);
            yield return new Entry(name, method, compressed, size, offset, crc,
                Check(flags, method, compressed, size, offset));
        }
    }

    /// <summary>
    /// Opens an entry's content (only one entry's stream may be in use at a time). The stream ends with a
    /// <see cref="TrialFormatException"/> when the content is longer or shorter than declared or its CRC-32
    /// differs.
    /// </summary>
    public Stream Open(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var where = $"{_path}!{entry.Name}";
        if (entry.Problem is not null) throw new TrialFormatException(where, null, null, entry.Problem);
        _data.Position = entry.LocalHeaderOffset;
        var local = new byte[LocalHeaderSize];
        try { _data.ReadExactly(local); }
        catch (EndOfStreamException ex) { throw new TrialFormatException(where, null, null,
            "zip archive truncated in the local header", ex); }
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeader)
            throw new TrialFormatException(where, null, null,
                $"bad local header signature at byte {entry.LocalHeaderOffset}");
        var skip = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) +
            BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        var dataStart = entry.LocalHeaderOffset + LocalHeaderSize + skip;
        if (dataStart + entry.CompressedSize > _length)
            throw new TrialFormatException(where, null, null,
                $"entry data ({entry.CompressedSize} bytes from byte {dataStart}) runs past the end of the file " +
                $"({_length} bytes)");
        _data.Position = dataStart;
        Stream raw = new BoundedStream(_data, entry.CompressedSize);
        var content = entry.Method == 0 ? raw : new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: false);
        return new VerifyingStream(content, entry.Size, entry.Crc32, where);
    }

    public void Dispose()
    {
        _directory.Dispose();
        _data.Dispose();
    }

    /// <summary>Why an entry cannot be read, or null.</summary>
    private string? Check(int flags, int method, long compressed, long size, long offset)
    {
        if ((flags & EncryptedFlags) != 0 || method == AesMethod)
            return "entry is encrypted; Stroma reads only unencrypted archives (decrypt it first)";
        if (method is not (0 or 8))
            return $"entry uses compression method {method}; expected stored (0) or deflate (8)";
        if (compressed < 0 || size < 0 || offset < 0)
            return "entry declares a size or offset beyond 2^63 bytes; the archive is damaged";
        if (offset >= DirectoryOffset || compressed > DirectoryOffset - offset)
            return $"entry declares {compressed} compressed bytes at byte {offset}, " +
                $"outside the data before the central directory (byte {DirectoryOffset})";
        if (size > TrialLimits.MaxEntryBytes)
            return $"entry declares {size} bytes; more than the limit of {TrialLimits.MaxEntryBytes} bytes " +
                "for one entry";
        if (method == 0 && size != compressed) return $"stored entry declares {size} bytes but holds {compressed}";
        return null;
    }

    private (long Count, long Offset, long End) ReadEnd()
    {
        var tail = (int)Math.Min(_length, 22 + 65535 + 20);
        if (tail < 22) throw Bad("too short to be a zip archive");
        var buffer = new byte[tail];
        _directory.Position = _length - tail;
        ReadExactly(_directory, buffer, "end of central directory");
        for (var i = tail - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != EndOfCentralDirectory) continue;
            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i + 16));
            var end = _length - tail + i;
            if (i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i - 20)) == Zip64Locator)
            {
                var at = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(i - 20 + 8));
                if (at > (ulong)(end - 56)) throw Bad($"ZIP64 end record offset {at} lies outside the file");
                var record = new byte[56];
                _directory.Position = (long)at;
                ReadExactly(_directory, record, "ZIP64 end of central directory");
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndOfCentralDirectory)
                    throw Bad("ZIP64 end record has a bad signature");
                var count64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
                var offset64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
                if (offset64 > (ulong)at)
                    throw Bad($"central directory offset {offset64} lies after the ZIP64 end record");
                end = (long)at;
                offset = (long)offset64;
                count = count64 > long.MaxValue ? long.MaxValue : (long)count64;
            }
            if (offset > end) throw Bad($"central directory offset {offset} lies outside the file ({_length} bytes)");
            // Each directory record takes at least 46 bytes: a count the directory cannot hold is damage, not an
            // archive.
            if (count > (end - offset) / CentralHeaderSize)
                throw Bad($"the archive declares {count} entries but its central directory ({end - offset} bytes) " +
                    $"can hold at most {(end - offset) / CentralHeaderSize}");
            return (count, offset, end);
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
                // APPNOTE §4.5.3: only the values whose 32-bit fields are saturated, in this order. A value past
                // long.MaxValue becomes negative here and is refused by Check.
                if (size == uint.MaxValue && field.Length >= 8)
                {
                    size = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                    field = field[8..];
                }
                if (compressed == uint.MaxValue && field.Length >= 8)
                {
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                    field = field[8..];
                }
                if (offset == uint.MaxValue && field.Length >= 8)
                    offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                return;
            }
            extra = extra[(4 + len)..];
        }
    }

    private void ReadExactly(Stream stream, byte[] buffer, string what)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException ex) { throw new TrialFormatException(_path, null, null,
            $"zip archive truncated in the {what}", ex); }
    }

    private TrialFormatException Bad(string problem) => new(_path, null, null, problem);

    /// <summary>One central-directory entry.</summary>
    /// <param name="Name">Entry name.</param>
    /// <param name="Method">Compression method.</param>
    /// <param name="CompressedSize">Bytes stored.</param>
    /// <param name="Size">Bytes after decompression, as declared.</param>
    /// <param name="LocalHeaderOffset">Where the entry's local header starts.</param>
    /// <param name="Crc32">Declared CRC-32 of the content.</param>
    /// <param name="Problem">Why the entry cannot be read, or null.</param>
    public sealed record Entry(string Name, int Method, long CompressedSize, long Size, long LocalHeaderOffset,
        uint Crc32, string? Problem)
    {
        public bool IsDirectory => Name.EndsWith('/');
    }

    /// <summary>A read-only window of <paramref name="length"/> bytes from the inner stream's current
    /// position.</summary>
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

    /// <summary>
    /// Passes the content through, never more than the declared size (a deflate stream that would go on is
    /// a lie or a bomb), and checks length and CRC-32 (APPNOTE §4.4.7) at the end.
    /// </summary>
    private sealed class VerifyingStream(Stream inner, long size, uint crc, string where) : ForwardOnlyStream
    {
        private readonly Crc32 _crc = new();
        private long _read;
        private bool _checked;

        public override int Read(Span<byte> buffer)
        {
            if (_checked || buffer.Length == 0) return 0;
            // Ask for one byte more than remains, so content beyond the declared size is seen.
            var want = (int)Math.Min(buffer.Length, size - _read + 1);
            var n = inner.Read(buffer[..want]);
            _read += n;
            if (_read > size)
                throw new TrialFormatException(where, null, null,
                $"entry holds more than the {size} bytes it declares");
            _crc.Append(buffer[..n]);
            if (n > 0) return n;
            _checked = true;
            if (_read != size)
                throw new TrialFormatException(where, null, null,
                $"entry ends after {_read} of the {size} bytes it declares");
            var actual = _crc.GetCurrentHashAsUInt32();
            if (actual != crc)
                throw new TrialFormatException(where, null, null,
                $"CRC-32 {actual:x8} differs from the declared {crc:x8}; the entry is corrupt");
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
