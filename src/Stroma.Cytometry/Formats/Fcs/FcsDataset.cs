using Stroma.Cytometry.Compensation;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary><c>$DATATYPE</c>: how event values are stored.</summary>
public enum FcsDataType
{
    /// <summary>'I': unsigned binary integers of <c>$PnB</c> bits.</summary>
    Integer,
    /// <summary>'F': IEEE 754 single precision.</summary>
    Single,
    /// <summary>'D': IEEE 754 double precision.</summary>
    Double,
    /// <summary>'A': ASCII digits, fixed width or delimited.</summary>
    Ascii,
}

/// <summary><c>$BYTEORD</c> reduced to what matters for decoding.</summary>
public enum FcsByteOrder
{
    /// <summary>"1,2,3,4": least significant byte first.</summary>
    LittleEndian,
    /// <summary>"4,3,2,1": most significant byte first.</summary>
    BigEndian,
    /// <summary>A legacy permutation such as "3,4,1,2" (FCS 2.0/3.0 allowed any order).</summary>
    Mixed,
}

/// <summary>One data set of an FCS file: keywords, parameters and (unless only metadata was read) events.</summary>
public sealed class FcsDataset
{
    internal FcsDataset(
        int index, long offset, FcsHeader header, FcsKeywords keywords, IReadOnlyList<FcsParameter> parameters,
        int eventCount, FcsDataType dataType, FcsByteOrder byteOrder, long dataBegin, long dataEnd,
        SpilloverMatrix? spillover, double? timestep, IReadOnlyList<string> warnings, EventTable? events, bool isScaled)
    {
        Index = index;
        Offset = offset;
        Header = header;
        Keywords = keywords;
        Parameters = parameters;
        EventCount = eventCount;
        DataType = dataType;
        ByteOrder = byteOrder;
        DataBegin = dataBegin;
        DataEnd = dataEnd;
        Spillover = spillover;
        Timestep = timestep;
        Warnings = warnings;
        Events = events;
        IsScaled = isScaled;
    }

    /// <summary>0-based position of this data set in the file.</summary>
    public int Index { get; }

    /// <summary>Absolute byte offset of this data set's HEADER.</summary>
    public long Offset { get; }

    /// <summary>The HEADER as read.</summary>
    public FcsHeader Header { get; }

    /// <summary>FCS version of this data set, e.g. "FCS3.1".</summary>
    public string Version => Header.Version;

    /// <summary>Every keyword of TEXT and supplemental TEXT.</summary>
    public FcsKeywords Keywords { get; }

    /// <summary>Parameters in <c>$Pn</c> order.</summary>
    public IReadOnlyList<FcsParameter> Parameters { get; }

    /// <summary>Number of events (<c>$TOT</c>).</summary>
    public int EventCount { get; }

    /// <summary><c>$DATATYPE</c>.</summary>
    public FcsDataType DataType { get; }

    /// <summary><c>$BYTEORD</c>.</summary>
    public FcsByteOrder ByteOrder { get; }

    /// <summary>Absolute offset of the first DATA byte.</summary>
    public long DataBegin { get; }

    /// <summary>Absolute offset of the last DATA byte (inclusive, as in the standard).</summary>
    public long DataEnd { get; }

    /// <summary>The spillover matrix declared in the file, if any.</summary>
    public SpilloverMatrix? Spillover { get; }

    /// <summary><c>$TIMESTEP</c> in seconds, if given and numeric.</summary>
    public double? Timestep { get; }

    /// <summary>Irregularities the reader tolerated, in plain words.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Event values, or null when only metadata was read.</summary>
    public EventTable? Events { get; }

    /// <summary>True when <see cref="Events"/> holds scaled rather than raw stored values.</summary>
    public bool IsScaled { get; }

    /// <summary>The events; throws when the data set was read without them.</summary>
    public EventTable RequireEvents() =>
        Events ?? throw new InvalidOperationException("This data set was read without events (metadata only).");

    /// <summary>
    /// Scaled values of one parameter in double precision (log amplification, gain and time step applied as
    /// <see cref="FcsReadOptions.Scale"/> describes), computed from the raw values, or copied when the data set
    /// was read scaled. This is the "channel to scale" conversion GatingML 2.0 gates are defined on.
    /// </summary>
    public double[] ScaledColumn(int index)
    {
        var events = RequireEvents();
        var column = events.ToDoubleArray(index);
        if (IsScaled || FcsScaling.For(Parameters[index], DataType, Timestep, null) is not { } f) return column;
        for (var i = 0; i < column.Length; i++) column[i] = f(column[i]);
        return column;
    }

    /// <summary>Short code of <see cref="DataType"/> as in <c>$DATATYPE</c>.</summary>
    public string DataTypeCode => DataType switch
    {
        FcsDataType.Integer => "I",
        FcsDataType.Single => "F",
        FcsDataType.Double => "D",
        _ => "A",
    };

    /// <summary>
    /// Index of a parameter by unique name, then <c>$PnN</c>, then <c>$PnS</c> (each ordinal, then ignoring case); -1
    /// if none.
    /// </summary>
    public int IndexOf(string name) => IndexOf(Parameters, name);

    internal static int IndexOf(IReadOnlyList<FcsParameter> parameters, string name)
    {
        Func<FcsParameter, string?>[] keys = [p => p.Name, p => p.ShortName, p => p.Stain];
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
            foreach (var key in keys)
                for (var i = 0; i < parameters.Count; i++)
                    if (string.Equals(key(parameters[i]), name, comparison)) return i;
        return -1;
    }
}

/// <summary>A whole FCS file: one or more data sets chained by <c>$NEXTDATA</c>.</summary>
/// <param name="Path">The file read, or a name given for a stream.</param>
/// <param name="Datasets">Readable data sets in file order (only the chosen one when a data set was selected).</param>
public sealed record FcsFile(string? Path, IReadOnlyList<FcsDataset> Datasets)
{
    /// <summary>
    /// Data sets of a multi-data-set file that could not be read, each with its error; the readable ones are
    /// still in <see cref="Datasets"/>. A file none of whose data sets is readable is refused as a whole.
    /// </summary>
    public IReadOnlyList<FcsDatasetFailure> Failures { get; init; } = [];

    /// <summary>
    /// The first data set (most files hold exactly one); throws that data set's error when it could not be read,
    /// rather than silently handing over a later one.
    /// </summary>
    public FcsDataset First =>
        Failures.Count > 0 && (Datasets.Count == 0 || Failures[0].Index < Datasets[0].Index) ? throw Failures[0].Error
            : Datasets[0];
}

/// <summary>One data set of a file that could not be read, with what was learnt about it before the error.</summary>
/// <param name="Index">0-based position of the data set in the file.</param>
/// <param name="Offset">Absolute byte offset of its HEADER.</param>
/// <param name="Version">Its FCS version when the HEADER was readable.</param>
/// <param name="Keywords">Its keywords when the TEXT was readable.</param>
/// <param name="Warnings">Irregularities tolerated before the error.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record FcsDatasetFailure(
    int Index, long Offset, string? Version, FcsKeywords? Keywords, IReadOnlyList<string> Warnings,
        FcsFormatException Error);

/// <summary>How to pick DATA offsets when HEADER and TEXT disagree.</summary>
public enum FcsOffsetPolicy
{
    /// <summary>
    /// Take the pair whose length matches <c>$TOT</c> × event width and lies within the file; HEADER when both do.
    /// </summary>
    Auto,
    /// <summary>Always HEADER (unless it holds zeros).</summary>
    Header,
    /// <summary>Always TEXT (<c>$BEGINDATA</c>/<c>$ENDDATA</c>) when present.</summary>
    Text,
}

/// <summary>Options for <see cref="FcsReader"/>.</summary>
public sealed record FcsReadOptions
{
    /// <summary>Read event values (false: keywords and parameters only, data segment still validated).</summary>
    public bool ReadEvents { get; init; } = true;

    /// <summary>Read only this 0-based data set; null reads all.</summary>
    public int? DatasetIndex { get; init; }

    /// <summary>
    /// Return scaled values instead of raw stored values: log-amplified integer channels as
    /// f2·10^(f1·x/$PnR), linear channels divided by <c>$PnG</c>, the time channel multiplied by <c>$TIMESTEP</c>.
    /// </summary>
    public bool Scale { get; init; }

    /// <summary>Mask integer values to the bits implied by <c>$PnR</c> (FCS 3.1 §3.3.39); on by default.</summary>
    public bool ApplyRangeMask { get; init; } = true;

    /// <summary>How to resolve DATA offsets when HEADER and TEXT disagree.</summary>
    public FcsOffsetPolicy OffsetPolicy { get; init; } = FcsOffsetPolicy.Auto;

    /// <summary>
    /// Read only these parameters' values (each named as <see cref="FcsDataset.IndexOf(string)"/> resolves names:
    /// unique name, <c>$PnN</c> or <c>$PnS</c>); null reads all. The other columns of <see cref="FcsDataset.Events"/>
    /// hold no values (<see cref="EventTable.IsLoaded"/> is false, reading them throws), so memory is that of the
    /// selected columns only; parameters, keywords and column indices are those of a full read, and a selected column
    /// is identical to the same column of a full read. A name that is no parameter of a data set read with events
    /// raises <see cref="FcsParameterSelectionException"/>.
    /// </summary>
    public IReadOnlyCollection<string>? Parameters { get; init; }

    /// <summary>
    /// Chooses the parameters to read once a data set's TEXT is known, for callers whose selection depends on it
    /// (e.g. on its spillover matrix): called with the data set without events, before DATA is decoded; its
    /// answer is used as <see cref="Parameters"/> (null: all), and takes precedence over it.
    /// </summary>
    public Func<FcsDataset, IReadOnlyCollection<string>?>? SelectParameters { get; init; }

    /// <summary>Threads used to decode large DATA segments; -1 for all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Defaults: all data sets, raw values, range masks applied.</summary>
    public static FcsReadOptions Default { get; } = new();
}
