using System.Buffers;
using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Stroma.IO;

namespace Stroma.Cytometry.Formats.Tabular;

/// <summary>Tabular export formats for event data.</summary>
public enum EventExportFormat
{
    /// <summary>Comma-separated values with a header row of parameter names.</summary>
    Csv,
    /// <summary>Apache Parquet, one column per parameter.</summary>
    Parquet,
}

/// <summary>
/// Writes an <see cref="EventTable"/> as CSV or Parquet: one column per parameter, header = unique
/// parameter names. CSV numbers use the shortest text that parses back to the identical value.
/// Output goes to a temporary file that is moved into place only when complete.
/// </summary>
public static class EventExport
{
    /// <summary>Writes <paramref name="events"/> to <paramref name="path"/> in <paramref name="format"/>.</summary>
    public static void Write(string path, EventTable events, EventExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(events);
        AtomicFile.Write(path, stream =>
        {
            if (format == EventExportFormat.Csv) WriteCsv(stream, events);
            else WriteParquetAsync(stream, events).GetAwaiter().GetResult();
        });
    }

    /// <summary>Writes CSV to a stream.</summary>
    public static void WriteCsv(Stream stream, EventTable events)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(events);
        stream.Write(Encoding.UTF8.GetBytes(CsvWriter.Row(events.Names, CsvDialect.UnixLines)));

        // The numbers never need quoting, so they bypass CsvWriter and are formatted straight into a pooled UTF-8
        // buffer. Measured on 1M events x 12 float parameters (117 MB): 2.0-2.7 s and no allocation here, against
        // 3.2-3.7 s and 515 MB allocated writing each row through CsvWriter (a string per number).
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var used = 0;
            for (var e = 0; e < events.EventCount; e++)
            {
                if (used > buffer.Length - 64 * events.ParameterCount - 1)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                }
                for (var p = 0; p < events.ParameterCount; p++)
                {
                    if (p > 0) buffer[used++] = (byte)',';
                    int written;
                    var ok = events.IsDoublePrecision
                        ? events.DoubleColumn(p)[e].TryFormat(buffer.AsSpan(used), out written, "R",
                            CultureInfo.InvariantCulture)
                        : events.SingleColumn(p)[e].TryFormat(buffer.AsSpan(used), out written, "R",
                            CultureInfo.InvariantCulture);
                    if (!ok) throw new InvalidOperationException("CSV buffer too small for one value.");
                    used += written;
                }
                buffer[used++] = (byte)'\n';
            }
            stream.Write(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes Parquet to a stream, in row groups of at most one million events.</summary>
    public static async Task WriteParquetAsync(Stream stream, EventTable events, int rowGroupSize = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fields = events.Names.Select(n =>
            events.IsDoublePrecision ? (DataField)new DataField<double>(n) : new DataField<float>(n)).ToArray();
        var schema = new ParquetSchema(fields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        for (var first = 0; first < Math.Max(events.EventCount, 1); first += rowGroupSize)
        {
            var n = Math.Min(rowGroupSize, events.EventCount - first);
            using var group = writer.CreateRowGroup();
            for (var p = 0; p < fields.Length; p++)
            {
                if (events.IsDoublePrecision)
                    await group.WriteAsync(fields[p], events.DoubleMemory(p).Slice(first, n)).ConfigureAwait(false);
                else
                    await group.WriteAsync(fields[p], events.SingleMemory(p).Slice(first, n)).ConfigureAwait(false);
            }
        }
    }
}
