using SpreadCheetah;
using Stroma.IO;

namespace Stroma.Trials.Registry;

/// <summary>
/// Writes a <see cref="TrialDiffReport"/> as one XLSX workbook (SpreadCheetah, as the landscape workbook): sheets
/// "Summary", "Added", "Removed", "Changed" (one row per changed field) and "Counts". Written atomically.
/// </summary>
public static class XlsxDiffWriter
{
    /// <summary>Writes the workbook to <paramref name="path"/>.</summary>
    public static void Write(string path, TrialDiffReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        AtomicFile.Write(path, stream =>
        {
            // SpreadCheetah's API is asynchronous; over a local FileStream its operations complete synchronously
            // in practice.
            var book = Spreadsheet.CreateNewAsync(stream).AsTask().GetAwaiter().GetResult();
            try
            {
                Sheet(book, "Summary", ["", "old", "new"]);
                Row(book, "source", r.Old.Path, r.New.Path);
                Row(book, "data of", r.Old.DataDate ?? "", r.New.DataDate ?? "");
                Row(book, "search", r.Old.Query ?? "", r.New.Query ?? "");
                Numbers(book, "records", r.Old.Records, r.New.Records);
                Numbers(book, "MSC trials", r.Old.MscTrials, r.New.MscTrials);
                Numbers(book, "skipped", r.Old.Skipped, r.New.Skipped);
                Wait(book.AddRowAsync([new DataCell("studies"), new DataCell("count")]));
                var studies = new[]
                {
                    ("added", r.Added.Count), ("removed", r.Removed.Count), ("changed", r.Changed.Count),
                    ("unchanged", r.Unchanged),
                };
                foreach (var (label, n) in studies) Wait(book.AddRowAsync([new DataCell(label), new DataCell(n)]));
                foreach (var (name, list) in new[] { ("Added", r.Added), ("Removed", r.Removed) })
                {
                    Sheet(book, name, ["NCT id", "title", "status", "phase", "MSC"]);
                    foreach (var s in list) Row(book, s.NctId, s.Title ?? "", s.Status ?? "", s.Phase,
                        s.MscIntervention ? "yes" : "no");
                }
                Sheet(book, "Changed", ["NCT id", "title", "field", "kind", "old", "new"]);
                foreach (var c in r.Changed)
                    foreach (var f in c.Changes) Row(book, c.NctId, c.Title ?? "", f.Field, f.Kind, f.Old ?? "",
                        f.New ?? "");
                Sheet(book, "Counts", ["section", "label", "old", "new", "difference"]);
                foreach (var s in r.Counts)
                    foreach (var c in s.Rows)
                        Wait(book.AddRowAsync([new DataCell(s.Key), new DataCell(c.Label), new DataCell(c.Old),
                            new DataCell(c.New), new DataCell(c.Difference)]));
                Wait(book.FinishAsync());
            }
            finally
            {
                book.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
    }

    private static void Sheet(Spreadsheet book, string name, string[] header)
    {
        Wait(book.StartWorksheetAsync(name));
        Row(book, header);
    }

    private static void Row(Spreadsheet book, params string[] cells) => Wait(book.AddRowAsync(cells.Select(c =>
        new DataCell(c)).ToArray()));

    private static void Numbers(Spreadsheet book, string label, int old, int @new) =>
        Wait(book.AddRowAsync([new DataCell(label), new DataCell(old), new DataCell(@new)]));

    private static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
