namespace Stroma.Trials.Formats;

/// <summary>
/// Reads the first bytes of a forward-only stream for format detection, then replays them before the
/// rest (zip entries and pipes cannot seek back).
/// </summary>
internal sealed class PrefixedStream : ForwardOnlyStream
{
    private readonly Stream _inner;
    private readonly byte[] _head;
    private readonly int _headLength;
    private int _headPosition;

    private PrefixedStream(Stream inner, byte[] head, int headLength)
    {
        _inner = inner;
        _head = head;
        _headLength = headLength;
    }

    /// <summary>The bytes read ahead (at most the requested count; fewer for a short stream).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    public static PrefixedStream Peek(Stream inner, int count)
    {
        var head = new byte[count];
        var n = inner.ReadAtLeast(head, count, throwOnEndOfStream: false);
        return new PrefixedStream(inner, head, n);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_headPosition < _headLength)
        {
            var n = Math.Min(buffer.Length, _headLength - _headPosition);
            _head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
            return n;
        }
        return _inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
