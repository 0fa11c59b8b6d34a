using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Stroma.Trials.Tests.Formats;

/// <summary>
/// Writes zip archives byte by byte (PKWARE APPNOTE.TXT §4.3), so tests can build the damaged and hostile
/// archives that <see cref="ZipArchive"/> refuses to write: lying sizes and CRCs, encryption flags, ZIP64
/// values past 2^63, broken directory records.
/// </summary>
internal sealed class RawZip
{
    private readonly List<Item> _items = [];

    /// <summary>One entry and the header values to write for it (null: the true value).</summary>
    public sealed class Item(string name, byte[] content)
    {
        public string Name { get; } = name;
        public byte[] Content { get; } = content;
        public bool Deflate { get; init; } = true;
        public ushort Flags { get; init; }
        public ushort? Method { get; init; }
        public uint? Crc { get; init; }
        public uint? Size { get; init; }
        public ulong? Zip64Size { get; init; }
        public bool BadDirectorySignature { get; init; }
    }

    public RawZip Add(Item item)
    {
        _items.Add(item);
        return this;
    }

    public RawZip Add(string name, string content) => Add(new Item(name, Encoding.UTF8.GetBytes(content)));

    /// <summary>The archive; <paramref name="declaredEntries"/> overrides the count in the end record.</summary>
    public byte[] Build(ushort? declaredEntries = null)
    {
        using var file = new MemoryStream();
        using var directory = new MemoryStream();
        foreach (var item in _items)
        {
            var data = item.Deflate ? Compress(item.Content) : item.Content;
            var crc = item.Crc ?? Crc32.HashToUInt32(item.Content);
            var size = item.Zip64Size is null ? item.Size ?? (uint)item.Content.Length : uint.MaxValue;
            var method = item.Method ?? (ushort)(item.Deflate ? 8 : 0);
            var name = Encoding.UTF8.GetBytes(item.Name);
            var offset = (uint)file.Position;

            var local = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(6), (ushort)(item.Flags | 0x800));
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(8), method);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), size);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)name.Length);
            file.Write(local);
            file.Write(name);
            file.Write(data);

            var extra = Array.Empty<byte>();
            if (item.Zip64Size is { } big)
            {
                extra = new byte[12];
                BinaryPrimitives.WriteUInt16LittleEndian(extra, 1);
                BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), 8);
                BinaryPrimitives.WriteUInt64LittleEndian(extra.AsSpan(4), big);
            }
            var central = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(central, item.BadDirectorySignature ? 0x02014b51u : 0x02014b50u);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(8), (ushort)(item.Flags | 0x800));
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(10), method);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(16), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(20), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(24), size);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(30), (ushort)extra.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(42), offset);
            directory.Write(central);
            directory.Write(name);
            directory.Write(extra);
        }
        var directoryOffset = (uint)file.Position;
        directory.Position = 0;
        directory.CopyTo(file);
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), declaredEntries ?? (ushort)_items.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), declaredEntries ?? (ushort)_items.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directory.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), directoryOffset);
        file.Write(end);
        return file.ToArray();
    }

    private static byte[] Compress(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) deflate.Write(content);
        return buffer.ToArray();
    }
}
