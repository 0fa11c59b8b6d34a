using System.Globalization;
using Stroma.Cytometry.Transforms;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>FlowJo's biex against a lookup table exported by FlowJo itself.</summary>
public sealed class FlowJoBiexTests
{
    private const string TableFile = "FlowKit__tr_biex_l256_w-7.943282_n1.000000_m4.418540_r262144.000029.csv";

    private static (double[] Channel, double[] Value) ReadTable()
    {
        var path = Corpus.Require("corpus", "fcs", TableFile);
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToArray();
        return (rows.Select(r => r.Item1).ToArray(), rows.Select(r => r.Item2).ToArray());
    }

    /// <summary>Mean of |ours − FlowJo| / FlowJo over channels 1…4095 (channel 0 would divide by zero).</summary>
    internal static double MeanRelativeDifference(FlowJoBiexTransform biex, double[] channel, double[] value)
    {
        var ours = new double[value.Length];
        biex.Apply(value, ours);
        return Enumerable.Range(1, value.Length - 1).Average(i => Math.Abs(ours[i] - channel[i]) / channel[i]);
    }

    [Fact]
    public void Biex_reproduces_FlowJos_table_within_a_hundredth_of_a_percent()
    {
        // FlowJo's table: width −7.943282, negative 1, positive 4.418540, max 262144.000029; column i is the
        // channel (4096 channels; "l256" in the name is the workspace's display length), lookup[i] the data
        // value FlowJo puts there. FlowKit's test (test_wsp_biex_transform_width_interpolation) requires a mean
        // relative difference below 0.01 % for its interpolated table.
        var (channel, value) = ReadTable();
        Assert.Equal(4096, channel.Length);
        var biex = new FlowJoBiexTransform(null, negative: 1, width: -7.943282, positive: 4.418540, maxValue: 262144.000029);
        var mean = MeanRelativeDifference(biex, channel, value);
        TestContext.Current.TestOutputHelper?.WriteLine($"biex mean relative difference to FlowJo's table: {mean:E3}");
        Assert.True(mean < 1e-4, $"mean relative difference {mean:E3}");
        Assert.True(mean < 1e-6, $"mean relative difference {mean:E3} (exact evaluation should beat FlowKit's interpolation by far)");

        // Every channel, including those below zero, lands within 0.05 channel of FlowJo's.
        var ours = new double[value.Length];
        biex.Apply(value, ours);
        for (var i = 0; i < value.Length; i++) Assert.True(Math.Abs(ours[i] - channel[i]) < 0.05, $"channel {i}: {ours[i]}");
    }

    [Fact]
    public void Biex_inverse_reproduces_FlowJos_data_values_to_the_tables_six_digits()
    {
        var (channel, value) = ReadTable();
        var biex = new FlowJoBiexTransform(null, 1, -7.943282, 4.418540, 262144.000029);
        for (var i = 0; i < channel.Length; i++)
        {
            var tolerance = 6e-6 * Math.Abs(value[i]) + 0.01;
            Assert.True(Math.Abs(biex.Inverse(channel[i]) - value[i]) <= tolerance, $"channel {i}: {biex.Inverse(channel[i])} vs {value[i]}");
        }
    }

    [Fact]
    public void Biex_puts_zero_on_FlowJos_integer_zero_channel_and_is_odd_about_it()
    {
        var biex = new FlowJoBiexTransform(null, 1, -7.943282, 4.418540, 262144.000029);
        Assert.Equal(1096.0, biex.Apply(0));
        foreach (var x in new[] { 0.5, 20, 700, 1e4 })
            Assert.Equal(2 * 1096 - biex.Apply(x), biex.Apply(-x), 9);
    }

    [Fact]
    public void Biex_with_FlowJos_defaults_spans_the_channel_range()
    {
        // neg 0, width −10: extra = 0.5 decade, zero channel ⌊0.5·4096/(0.5 + 3.91854)⌋ = 463.
        var biex = new FlowJoBiexTransform(null, 0, -10, 4.418540, 262144.000029);
        Assert.Equal(463.0, biex.Apply(0));
        Assert.InRange(biex.Apply(262144.000029), 4090, 4097);
    }
}
