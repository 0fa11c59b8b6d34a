using System.Globalization;
using System.Text;
using SpreadCheetah;
using Stroma.IO;
using Stroma.Trials.Formats;

namespace Stroma.Trials.Landscape;

/// <summary>
/// Writes a landscape as one XLSX workbook (SpreadCheetah, streaming): sheets "Table 1 (cells)",
/// "Table 2 (secretome, EV)", "Approved products" and "Counts". Table 1 rows go straight into the
/// workbook; Table 2 rows are spooled to a temporary file meanwhile, because an XLSX package is written
/// one sheet after another. Memory stays flat however many trials there are.
/// </summary>
public sealed class XlsxLandscapeWriter : ILandscapeTableSink
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _file;
    private readonly Spreadsheet _book;
    private readonly string _spoolPath;
    private readonly StreamWriter _spool;
    private bool _finished;

    /// <summary>
    /// Starts the workbook under a temporary name beside <paramref name="path"/> and starts Table 1; the
    /// workbook takes its final name only when <see cref="Finish"/> completes it, so a failed run leaves none.
    /// </summary>
    public XlsxLandscapeWriter(string path)
    {
        _path = Path.GetFullPath(path);
        _temporary = Path.Combine(Path.GetDirectoryName(_path) ?? ".",
            $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        _file = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        // SpreadCheetah's API is asynchronous; over a local FileStream its operations complete synchronously in
        // practice.
        _book = Spreadsheet.CreateNewAsync(_file).AsTask().GetAwaiter().GetResult();
        Wait(_book.StartWorksheetAsync("Table 1 (cells)"));
        Row(ReviewTables.Header);
        _spoolPath = Path.Combine(Path.GetTempPath(), $"stroma-table2-{Guid.NewGuid():N}.csv");
        _spool = new StreamWriter(_spoolPath, false, new UTF8Encoding(false));
    }

    /// <inheritdoc/>
    public void Add(ReviewTable table, IReadOnlyList<string> row)
    {
        if (table == ReviewTable.Cells) Row(row);
        else CsvWriter.WriteRow(_spool, row, CsvDialect.Rfc4180); // read back by DelimitedReader: cells unchanged
    }

    /// <inheritdoc/>
    public void Finish(LandscapeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _spool.Dispose();
        Wait(_book.StartWorksheetAsync("Table 2 (secretome, EV)"));
        Row(ReviewTables.Header);
        using (var reader = new StreamReader(_spoolPath))
        {
            var csv = new DelimitedReader(reader);
            while (csv.ReadRow() is { } row) Row(row);
        }

        Wait(_book.StartWorksheetAsync("Approved products"));
        Row(["Product", "Region", "Indication", "Year", "Source (msc-review.txt §1.4.2.2)", "Trials naming it"]);
        foreach (var p in report.ApprovedProducts)
            Row([p.Product.Name, p.Product.Region, p.Product.Indication,
                p.Product.Year?.ToString(CultureInfo.InvariantCulture) ?? "", p.Product.Quote,
                string.Join(" ", p.Trials)]);

        Wait(_book.StartWorksheetAsync("Counts"));
        Row(["section", "label", "count"]);
        Count("summary", "trials", report.Trials);
        Count("summary", "mscTrials", report.MscTrials);
        Count("summary", "skipped", report.Skipped);
        foreach (var (key, _, counts) in LandscapeRun.Sections(report))
            foreach (var (label, n) in counts) Count(key, label, n);
        Wait(_book.FinishAsync());
        _book.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _finished = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_finished)
        {
            _spool.Dispose();
            _book.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _file.Dispose();
            Delete(_temporary);
        }
        Delete(_spoolPath);
    }

    private static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private void Row(IReadOnlyList<string> cells)
    {
        var row = new DataCell[cells.Count];
        for (var i = 0; i < cells.Count; i++) row[i] = new DataCell(cells[i]);
        Wait(_book.AddRowAsync(row));
    }

    private void Count(string section, string label, int n) =>
        Wait(_book.AddRowAsync([new DataCell(section), new DataCell(label), new DataCell(n)]));

    private static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
