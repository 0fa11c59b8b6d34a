namespace Stroma.Trials.Formats.CtGovXml;

/// <summary>
/// Passes XML bytes through to the reader while counting <c>&lt;clinical_study</c> start tags in the raw
/// bytes (the count the reader's result is checked against) and bounding the bytes of one study.
/// </summary>
internal sealed class StudyStream(Stream inner) : ForwardOnlyStream
{
    private static ReadOnlySpan<byte> Tag => "<clinical_study"u8;

    private long _bytes;
    private long _studyStart = -1;
    private int _study;
    private int _matched;
    private bool _tagComplete;

    /// <summary><c>&lt;clinical_study</c> start tags seen so far (followed by white space, <c>&gt;</c> or
    /// <c>/</c>).</summary>
    public int StartTags { get; private set; }

    /// <summary>From now on, bytes count towards study <paramref name="number"/>.</summary>
    public void BeginStudy(int number)
    {
        _study = number;
        // The reader has buffered ahead; the study started at most one buffer before.
        _studyStart = _bytes;
    }

    /// <summary>
    /// Whether the current study has passed <see cref="TrialLimits.MaxRecordBytes"/>: the reader then skips to its
    /// end tag without building it, reports it, and goes on with the next study.
    /// </summary>
    public bool Oversized => _studyStart >= 0 && _bytes - _studyStart > TrialLimits.MaxRecordBytes;

    /// <summary>The study whose bytes are being counted.</summary>
    public int Study => _study;

    /// <summary>Bytes between studies are not bounded (a file may hold any number of them).</summary>
    public void EndStudy() => _studyStart = -1;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Count(buffer[..n]);
        _bytes += n;
        return n;
    }

    private void Count(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_tagComplete)
            {
                if (data[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'>' or (byte)'/')
                    StartTags++;
                _tagComplete = false;
                _matched = 0;
                continue;
            }
            if (_matched == 0)
            {
                var lt = data[i..].IndexOf((byte)'<');
                if (lt < 0) return;
                i += lt + 1;
                _matched = 1;
                continue;
            }
            if (data[i] == Tag[_matched])
            {
                i++;
                if (++_matched == Tag.Length) _tagComplete = true;
            }
            else
            {
                // '<' appears only first in the tag, so a mismatch restarts the match at this byte.
                _matched = 0;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
