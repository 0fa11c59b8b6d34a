using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Compensation;

/// <summary>Compensation = observed × S⁻¹: exact reconstruction, matrices from files and CSV, in-place and float paths.</summary>
public sealed class CompensatorTests
{
    [Fact]
    public void Compensating_then_reapplying_spillover_reconstructs_the_observed_values()
    {
        var spill = new SpilloverMatrix(["A", "B", "C"], [1, 0.2, 0.05, 0.1, 1, 0.3, 0.02, 0.01, 1]);
        var compensator = new Compensator(spill);
        var random = new Random(5);
        var observed = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 100_003).Select(_ => random.NextDouble() * 1e5 - 100).ToArray()).ToArray();
        var outputs = Enumerable.Range(0, 3).Select(_ => new double[100_003]).ToArray();
        compensator.Apply(observed.Select(o => (Memory<double>)o).ToArray(), outputs.Select(o => (Memory<double>)o).ToArray());
        for (var e = 0; e < 100_003; e += 997)
            for (var j = 0; j < 3; j++)
            {
                var back = 0.0;
                for (var i = 0; i < 3; i++) back += outputs[i][e] * spill[i, j];
                Assert.Equal(observed[j][e], back, 6);
            }
    }

    [Fact]
    public void In_place_compensation_of_float_columns_matches_the_double_result()
    {
        var spill = new SpilloverMatrix(["A", "B"], [1, 0.25, 0.1, 1]);
        var random = new Random(9);
        var a = Enumerable.Range(0, 70_000).Select(_ => (float)(random.NextDouble() * 1000)).ToArray();
        var b = Enumerable.Range(0, 70_000).Select(_ => (float)(random.NextDouble() * 1000)).ToArray();
        var table = EventTable.FromColumns(["A", "B", "C"], a.Length, new[] { (float[])a.Clone(), (float[])b.Clone(), new float[a.Length] });
        var compensator = new Compensator(spill);
        compensator.ApplyInPlace(table);
        double[][] outputs = [new double[a.Length], new double[a.Length]];
        compensator.Apply(new Memory<double>[] { a.Select(x => (double)x).ToArray(), b.Select(x => (double)x).ToArray() }, outputs.Select(o => (Memory<double>)o).ToArray());
        for (var e = 0; e < a.Length; e++) Assert.Equal(outputs[1][e], table.SingleColumn(1)[e], 1e-3); // float rounding on inputs up to 1000
    }

    [Fact]
    public void A_singular_matrix_is_refused_with_a_clear_error()
    {
        var ex = Assert.Throws<CytometryException>(() => new Compensator(new SpilloverMatrix(["A", "B"], [1, 1, 1, 1], "twins")));
        Assert.Contains("singular", ex.Message, StringComparison.Ordinal);
        Assert.Contains("twins", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_square_spectra_are_unmixed_by_least_squares()
    {
        // Two dyes seen by three detectors; noise-free signals unmix exactly.
        double[] spectra = [1, 0.5, 0.1, 0.2, 1, 0.6];
        var compensator = new Compensator(["F1", "F2"], ["D1", "D2", "D3"], spectra);
        double[] truth = [300, 70];
        var detectors = Enumerable.Range(0, 3).Select(j => new double[] { truth[0] * spectra[j] + truth[1] * spectra[3 + j] }).ToArray();
        double[][] outputs = [new double[1], new double[1]];
        compensator.Apply(detectors.Select(d => (Memory<double>)d).ToArray(), outputs.Select(o => (Memory<double>)o).ToArray());
        Assert.Equal(300, outputs[0][0], 9);
        Assert.Equal(70, outputs[1][0], 9);
    }

    [Fact]
    public void FlowKit_compensation_pair_csv_matches_the_files_own_spill_and_reconstructs()
    {
        var fcs = FcsReader.ReadDataset(Corpus.Require("corpus/fcs", "FlowKit__test_comp_example.fcs"));
        var csv = SpilloverCsv.Read(Corpus.Require("corpus/fcs", "FlowKit__comp_complete_example.csv"));
        Assert.NotNull(fcs.Spillover);
        Assert.Equal(fcs.Spillover.Channels, csv.Channels);
        var events = fcs.RequireEvents();
        var compensator = new Compensator(csv);
        var inputs = csv.Channels.Select(c => (Memory<double>)events.ToDoubleArray(fcs.IndexOf(c))).ToArray();
        var outputs = csv.Channels.Select(_ => new double[fcs.EventCount]).ToArray();
        compensator.Apply(inputs, outputs.Select(o => (Memory<double>)o).ToArray());
        // observed = compensated × S, per event and channel.
        for (var e = 0; e < fcs.EventCount; e += 101)
            for (var j = 0; j < csv.Size; j++)
            {
                var back = 0.0;
                for (var i = 0; i < csv.Size; i++) back += outputs[i][e] * csv[i, j];
                Assert.Equal(inputs[j].Span[e], back, 1e-6 * Math.Max(1, Math.Abs(back)));
            }
    }

    [Fact]
    public void Both_FlowJo_and_FlowKit_csv_layouts_load()
    {
        var den = SpilloverCsv.Read(Corpus.Require("corpus/fcs", "FlowKit__den_comp.csv"));
        Assert.Equal(8, den.Size);
        Assert.Equal("TNFa FITC FLR-A", den.Channels[0]);
        Assert.Equal(0.014139, den[0, 1]);
        var labelled = SpilloverCsv.Parse([",A,B", "A,1,0.1", "B,0.2,1"], "labelled");
        Assert.Equal(0.2, labelled[1, 0]);
        var ex = Assert.Throws<CytometryException>(() => SpilloverCsv.Parse(["A,B", "1,x", "0,1"], "bad.csv"));
        Assert.Contains("bad.csv, line 2, column 2", ex.Message, StringComparison.Ordinal);
    }
}
