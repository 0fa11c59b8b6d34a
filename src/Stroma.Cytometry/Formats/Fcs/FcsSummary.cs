using System.Text.Json.Serialization;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>What <c>stroma fcs info</c> reports about one parameter.</summary>
/// <param name="Name">Unique parameter name.</param>
/// <param name="Stain"><c>$PnS</c>, or null.</param>
/// <param name="Bits"><c>$PnB</c> (0 for delimited ASCII).</param>
/// <param name="Range"><c>$PnR</c>.</param>
/// <param name="Amplification"><c>$PnE</c> as "decades,offset".</param>
/// <param name="Min">Smallest raw value (NaN values skipped), when statistics were asked for.</param>
/// <param name="Max">Largest raw value, when statistics were asked for.</param>
/// <param name="Mean">Mean raw value, when statistics were asked for.</param>
public sealed record FcsParameterSummary(
    string Name, string? Stain, int Bits, double Range, string Amplification,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Mean = null);

/// <summary>A spillover matrix as reported: channel names, rows and where it came from.</summary>
/// <param name="Channels">Channel names.</param>
/// <param name="Matrix">Rows of coefficients.</param>
/// <param name="Source">The keyword it was read from: <c>$SPILLOVER</c>, <c>SPILL</c>, <c>$COMP</c>, <c>$DFCiTOj</c>,
/// ….</param>
public sealed record FcsSpilloverSummary(IReadOnlyList<string> Channels, double[][] Matrix, string Source);

/// <summary>What <c>stroma fcs info</c> reports about one data set.</summary>
/// <param name="Index">0-based data set number.</param>
/// <param name="Version">"FCS3.1" etc.</param>
/// <param name="Events"><c>$TOT</c>.</param>
/// <param name="Datatype">I, F, D or A.</param>
/// <param name="ByteOrder">"little", "big" or "mixed".</param>
/// <param name="Parameters">Parameters in order.</param>
/// <param name="Spillover">Declared spillover, or null.</param>
/// <param name="Keywords">Every keyword.</param>
/// <param name="Warnings">Irregularities the reader tolerated.</param>
/// <param name="Error">Why this data set could not be read (the others of the file are still reported), or
/// null.</param>
public sealed record FcsDatasetSummary(
    int Index, string Version, int Events, string Datatype, string ByteOrder,
        IReadOnlyList<FcsParameterSummary> Parameters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] FcsSpilloverSummary? Spillover,
    IReadOnlyDictionary<string, string> Keywords, IReadOnlyList<string> Warnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>What <c>stroma fcs info</c> reports about one file: its data sets, or why it could not be read.</summary>
/// <param name="File">The path as given.</param>
/// <param name="Datasets">Data sets, when readable.</param>
/// <param name="Error">The reason it could not be read.</param>
public sealed record FcsFileSummary(
    string File,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FcsDatasetSummary>? Datasets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

/// <summary>Builds <see cref="FcsFileSummary"/> records: the engine behind <c>stroma fcs info</c>.</summary>
public static class FcsSummaries
{
    /// <summary>
    /// Summarises a file; with <paramref name="statistics"/> all events are read and min/max/mean added. Data sets are
    /// read one at a time (only one data set's events are held at once); one that cannot be read becomes an entry with
    /// its error while the others are reported; a file with no readable data set is reported with the first error.
    /// </summary>
    public static FcsFileSummary Summarize(string path, bool statistics)
    {
        var entries = new List<FcsDatasetSummary>();
        string? firstError = null;
        try
        {
            FcsReader.ReadEach(path, new FcsReadOptions { ReadEvents = statistics },
                d => entries.Add(Summarize(d, statistics)), f =>
            {
                firstError ??= f.Error.Message;
                entries.Add(Summarize(f));
            });
        }
        catch (FcsFormatException ex)
        {
            return new FcsFileSummary(path, null, ex.Message);
        }
        return entries.Exists(e => e.Error is null) ? new FcsFileSummary(path, entries, null)
            : new FcsFileSummary(path, null, firstError);
    }

    /// <summary>Summarises a data set that could not be read: what was learnt before the error, and the
    /// error.</summary>
    public static FcsDatasetSummary Summarize(FcsDatasetFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var keywords = failure.Keywords?.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal) ?? [];
        var datatype = failure.Keywords?.GetTrimmed("$DATATYPE") ?? "";
        return new FcsDatasetSummary(failure.Index, failure.Version ?? "", 0, datatype, "", [], null,
            keywords, failure.Warnings, failure.Error.Message);
    }

    /// <summary>Summarises one data set (statistics need its events).</summary>
    public static FcsDatasetSummary Summarize(FcsDataset dataset, bool statistics)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var parameters = new FcsParameterSummary[dataset.Parameters.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = dataset.Parameters[i];
            var summary = new FcsParameterSummary(p.Name, p.Stain, p.Bits, p.Range, p.Amplification.ToString());
            if (statistics && dataset.Events is { } events)
            {
                var (min, max, mean) = ColumnStatistics.MinMaxMean(events, i);
                summary = summary with { Min = min, Max = max, Mean = mean };
            }
            parameters[i] = summary;
        }
        var spill = dataset.Spillover is { } s ? new FcsSpilloverSummary(s.Channels, s.ToRows(), s.Source) : null;
        return new FcsDatasetSummary(dataset.Index, dataset.Version, dataset.EventCount, dataset.DataTypeCode,
            dataset.ByteOrder switch { FcsByteOrder.LittleEndian => "little", FcsByteOrder.BigEndian => "big",
                _ => "mixed" },
            parameters, spill, dataset.Keywords.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal),
                dataset.Warnings);
    }
}

/// <summary>Per-column statistics over an <see cref="EventTable"/>.</summary>
public static class ColumnStatistics
{
    /// <summary>Minimum, maximum and mean of a column, skipping NaN; nulls for an empty (or all-NaN) column.</summary>
    public static (double? Min, double? Max, double? Mean) MinMaxMean(EventTable events, int column)
    {
        ArgumentNullException.ThrowIfNull(events);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long n = 0;
        if (events.IsDoublePrecision)
        {
            foreach (var v in events.DoubleColumn(column))
            {
                if (double.IsNaN(v)) continue;
                if (v < min) min = v;
                if (v > max) max = v;
                sum += v;
                n++;
            }
        }
        else
        {
            foreach (var f in events.SingleColumn(column))
            {
                if (float.IsNaN(f)) continue;
                double v = f;
                if (v < min) min = v;
                if (v > max) max = v;
                sum += v;
                n++;
            }
        }
        return n == 0 ? (null, null, null) : (min, max, sum / n);
    }
}
