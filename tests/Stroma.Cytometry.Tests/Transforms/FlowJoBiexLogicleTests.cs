using Stroma.Cytometry.Transforms;
using Xunit;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>The logicle written for a FlowJo biex axis in GatingML exports.</summary>
public sealed class FlowJoBiexLogicleTests
{
    [Theory]
    [InlineData(0, -10, 4.418540, 262144)]
    [InlineData(1, -100, 4.5, 262144)]
    [InlineData(0.5, -1000, 5.4, 4194304)]
    public void The_logicle_counterpart_follows_the_biex_curve_to_a_fraction_of_a_channel(double neg, double width, double pos, double max)
    {
        var biex = new FlowJoBiexTransform(null, neg, width, pos, max);
        var logicle = biex.ToLogicle("L");
        var worst = 0.0;
        for (var x = -5000.0; x <= max; x = x < 0 ? x + 37 : x * 1.01 + 1)
            worst = Math.Max(worst, Math.Abs(biex.ChannelToLogicle(biex.Apply(x)) - logicle.Apply(x)));
        // FlowJo's zero channel z sits at z/(R + 1), the logicle's at z/R: the curves may differ by 2·z/(R(R + 1)) in y,
        // under one of the 4096 channels.
        Assert.True(worst * 4097 < 1, $"largest difference {worst * 4097} channels");
    }
}
