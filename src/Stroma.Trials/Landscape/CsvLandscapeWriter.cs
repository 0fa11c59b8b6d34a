using System.Globalization;
using System.Text;
using Stroma.IO;

namespace Stroma.Trials.Landscape;

/// <summary>
/// Writes a landscape as CSV files in a folder: <c>table1-cells.csv</c> and <c>table2-secretome.csv</c>
/// (the review's Table 1/Table 2 layout, streamed row by row), <c>approved-products.csv</c> and
/// <c>counts.csv</c> (section, label, count).
/// </summary>
public sealed class CsvLandscapeWriter : ILandscapeTableSink
{
    private readonly string _folder;
    private readonly string _run = Guid.NewGuid().ToString("N");
    private readonly StreamWriter _table1;
    private readonly StreamWriter _table2;
    private readonly List<string> _temporary = [];
    private bool _finished;

    /// <summary>
    /// Creates the folder and opens the table files under temporary names; they take their final names only
    /// when <see cref="Finish"/> has written everything, so a failed run leaves no partial tables.
    /// </summary>
    public CsvLandscapeWriter(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        _table1 = Open("table1-cells.csv");
        _table2 = Open("table2-secretome.csv");
        WriteRow(_table1, ReviewTables.Header);
        WriteRow(_table2, ReviewTables.Header);
    }

    /// <summary>The files written.</summary>
    public IReadOnlyList<string> Files =>
        ["table1-cells.csv", "table2-secretome.csv", "approved-products.csv", "counts.csv"];

    /// <inheritdoc/>
    public void Add(ReviewTable table, IReadOnlyList<string> row) =>
        WriteRow(table == ReviewTable.Cells ? _table1 : _table2, row);

    /// <inheritdoc/>
    public void Finish(LandscapeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using (var w = Open("approved-products.csv"))
        {
            WriteRow(w, ["Product", "Region", "Indication", "Year", "Source (msc-review.txt §1.4.2.2)", "Trials"]);
            foreach (var p in report.ApprovedProducts)
                WriteRow(w, [p.Product.Name, p.Product.Region, p.Product.Indication,
                    p.Product.Year?.ToString(CultureInfo.InvariantCulture) ?? "", p.Product.Quote,
                    string.Join(" ", p.Trials)]);
            w.Flush();
            ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        }
        using (var w = Open("counts.csv"))
        {
            WriteRow(w, ["section", "label", "count"]);
            WriteRow(w, ["summary", "trials", report.Trials.ToString(CultureInfo.InvariantCulture)]);
            WriteRow(w, ["summary", "mscTrials", report.MscTrials.ToString(CultureInfo.InvariantCulture)]);
            WriteRow(w, ["summary", "skipped", report.Skipped.ToString(CultureInfo.InvariantCulture)]);
            foreach (var (key, _, counts) in LandscapeRun.Sections(report))
                foreach (var (label, n) in counts) WriteRow(w, [key, label, n.ToString(CultureInfo.InvariantCulture)]);
            w.Flush();
            ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        }
        foreach (var table in new[] { _table1, _table2 })
        {
            table.Flush();
            ((FileStream)table.BaseStream).Flush(flushToDisk: true);
            table.Dispose();
        }
        for (var i = 0; i < Files.Count; i++)
            File.Move(_temporary[i], Path.Combine(_folder, Files[i]), overwrite: true);
        _finished = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _table1.Dispose();
        _table2.Dispose();
        if (_finished) return;
        foreach (var temporary in _temporary)
        {
            try { File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    // Read by people and by the landscape tests as the registry wrote it: RFC 4180, cells unchanged.
    // Registry text (conditions, sponsors, citations) goes to people's spreadsheets: a cell starting with = + - @, tab
    // or CR is defused with a leading quote (OWASP "CSV Injection"); numbers such as "-1.5" stay numbers.
    private static void WriteRow(TextWriter w, IEnumerable<string> cells) =>
        CsvWriter.WriteRow(w, cells, CsvDialect.Spreadsheet);

    // Same folder as the final file, so the rename is a move within one file system.
    private StreamWriter Open(string name)
    {
        var temporary = Path.Combine(_folder, $".{name}.{_run}.tmp");
        _temporary.Add(temporary);
        return new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None,
            1 << 16), new UTF8Encoding(true));
    }
}
