using System.Text;
using Stroma.Cytometry;
using Stroma.Cytometry.Formats.Tabular;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Tabular;

public sealed class EventExportCsvTests
{
    private static string Csv(EventTable events)
    {
        using var stream = new MemoryStream();
        EventExport.WriteCsv(stream, events);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Csv_quotes_header_names_that_need_it_ends_rows_with_lf_and_writes_numbers_that_round_trip()
    {
        var events = EventTable.FromColumns(["FSC-A", "CD73,PE", "say \"x\"", "=cmd"], 2,
            new float[][] { [1.5f, -2f], [0.1f, 262144f], [3f, 4f], [-0.25f, 1e-7f] });
        Assert.Equal("FSC-A,\"CD73,PE\",\"say \"\"x\"\"\",=cmd\n1.5,0.1,3,-0.25\n-2,262144,4,1E-07\n", Csv(events));
    }

    [Fact]
    public void Double_precision_columns_are_written_at_full_precision()
    {
        var events = EventTable.FromColumns(["A"], 2, new double[][] { [0.1, 1.0 / 3] });
        Assert.Equal("A\n0.1\n0.3333333333333333\n", Csv(events));
    }
}
