using Stroma.Cytometry.Transforms;
using Xunit;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>Every parameter outside its Gating-ML constraint is refused with an exception naming it.</summary>
public sealed class ParameterValidationTests
{
    public static TheoryData<string, string, double, Func<Transformation>> BadParameters => new()
    {
        { "flin", "T", 0, () => new LinearTransform(null, 0, 0) },
        { "flin", "T", -1, () => new LinearTransform(null, -1, 0) },
        { "flin", "T", double.PositiveInfinity, () => new LinearTransform(null, double.PositiveInfinity, 0) },
        { "flin", "A", -1, () => new LinearTransform(null, 100, -1) },
        { "flin", "A", 101, () => new LinearTransform(null, 100, 101) },
        { "flog", "T", 0, () => new LogTransform(null, 0, 4) },
        { "flog", "M", 0, () => new LogTransform(null, 100, 0) },
        { "flog", "M", double.NaN, () => new LogTransform(null, 100, double.NaN) },
        { "fasinh", "T", -5, () => new AsinhTransform(null, -5, 4, 0) },
        { "fasinh", "M", -4, () => new AsinhTransform(null, 100, -4, 0) },
        { "fasinh", "A", -0.5, () => new AsinhTransform(null, 100, 4, -0.5) },
        { "fasinh", "A", 4.5, () => new AsinhTransform(null, 100, 4, 4.5) },
        { "logicle", "T", 0, () => new LogicleTransform(null, 0, 0.5, 4.5, 0) },
        { "logicle", "M", 0, () => new LogicleTransform(null, 262144, 0.5, 0, 0) },
        { "logicle", "W", -0.1, () => new LogicleTransform(null, 262144, -0.1, 4.5, 0) },
        { "logicle", "W", 2.3, () => new LogicleTransform(null, 262144, 2.3, 4.5, 0) },
        { "logicle", "A", -0.6, () => new LogicleTransform(null, 262144, 0.5, 4.5, -0.6) },
        { "logicle", "A", 3.6, () => new LogicleTransform(null, 262144, 0.5, 4.5, 3.6) },
        { "logicle", "W", double.NaN, () => new LogicleTransform(null, 262144, double.NaN, 4.5, 0) },
        { "hyperlog", "T", -1, () => new HyperlogTransform(null, -1, 0.5, 4.5, 0) },
        { "hyperlog", "M", -1, () => new HyperlogTransform(null, 10000, 0.5, -1, 0) },
        { "hyperlog", "W", 0, () => new HyperlogTransform(null, 10000, 0, 4.5, 0) },
        { "hyperlog", "W", 2.5, () => new HyperlogTransform(null, 10000, 2.5, 4.5, 0) },
        { "hyperlog", "A", -1.5, () => new HyperlogTransform(null, 10000, 1, 4.5, -1.5) },
        { "hyperlog", "A", 2.6, () => new HyperlogTransform(null, 10000, 1, 4.5, 2.6) },
        { "fratio", "A", double.NaN, () => new RatioTransform(null, double.NaN, 0, 0) },
        { "fratio", "B", double.PositiveInfinity, () => new RatioTransform(null, 1, double.PositiveInfinity, 0) },
        { "fratio", "C", double.NegativeInfinity, () => new RatioTransform(null, 1, 0, double.NegativeInfinity) },
        { "biex", "negative", -1, () => new FlowJoBiexTransform(null, -1, -10, 4.42, 262144) },
        { "biex", "width", -0.5, () => new FlowJoBiexTransform(null, 0, -0.5, 4.42, 262144) },
        { "biex", "width", 10, () => new FlowJoBiexTransform(null, 0, 10, 4.42, 262144) },
        { "biex", "positive", 0.5, () => new FlowJoBiexTransform(null, 0, -100, 0.5, 262144) },
        { "biex", "maxValue", 0, () => new FlowJoBiexTransform(null, 0, -10, 4.42, 0) },
        { "biex", "channelRange", 1, () => new FlowJoBiexTransform(null, 0, -10, 4.42, 262144, 1) },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void Out_of_range_parameters_are_refused_naming_the_transform_parameter_and_value(string transform, string parameter, double value, Func<Transformation> create)
    {
        var error = Assert.Throws<TransformParameterException>(create);
        Assert.Equal(transform, error.Transform);
        Assert.Equal(parameter, error.Parameter);
        Assert.Equal(value, error.Value);
        Assert.False(string.IsNullOrWhiteSpace(error.Constraint));
        Assert.Contains($"{transform} parameter {parameter} = ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CytometryException>(error);
    }

    [Fact]
    public void The_message_states_the_constraint_with_the_other_parameters_values()
    {
        var error = Assert.Throws<TransformParameterException>(() => new LogicleTransform("L1", 262144, 3, 4.5, 0));
        Assert.Equal("logicle parameter W = 3 is out of range; expected 0 ≤ W ≤ M/2 (here 0 ≤ W ≤ 2.25).", error.Message);
    }

    [Fact]
    public void Values_on_the_boundaries_of_the_constraints_are_accepted()
    {
        _ = new LinearTransform(null, 100, 0);
        _ = new LinearTransform(null, 100, 100);
        _ = new AsinhTransform(null, 100, 4, 0);
        _ = new AsinhTransform(null, 100, 4, 4);
        _ = new LogicleTransform(null, 262144, 0, 4.5, 0);
        _ = new LogicleTransform(null, 262144, 2.25, 4.5, 0);
        _ = new LogicleTransform(null, 262144, 0.5, 4.5, -0.5);
        _ = new LogicleTransform(null, 262144, 0.5, 4.5, 3.5);
        _ = new HyperlogTransform(null, 10000, 2.25, 4.5, 0);
        _ = new HyperlogTransform(null, 10000, 1, 4.5, -1);
        _ = new HyperlogTransform(null, 10000, 1, 4.5, 2.5);
        _ = new FlowJoBiexTransform(null, 0, -1, 4.42, 262144);
        _ = new RatioTransform(null, 0, -1e300, 1e300);
    }

    [Fact]
    public void Transforms_with_equal_parameters_are_equal_and_ids_distinguish_them()
    {
        Assert.Equal(new LogicleTransform("a", 262144, 0.5, 4.5, 0), new LogicleTransform("a", 262144, 0.5, 4.5, 0));
        Assert.Equal(new LogicleTransform("a", 262144, 0.5, 4.5, 0).GetHashCode(), new LogicleTransform("a", 262144, 0.5, 4.5, 0).GetHashCode());
        Assert.NotEqual(new LogicleTransform("a", 262144, 0.5, 4.5, 0), new LogicleTransform("a", 262144, 0.5, 4.5, 0.1));
        Assert.NotEqual(new LogicleTransform("a", 262144, 0.5, 4.5, 0), new LogicleTransform("b", 262144, 0.5, 4.5, 0));
        Assert.NotEqual<ScaleTransform>(new LogicleTransform(null, 1000, 1, 4, 0), new HyperlogTransform(null, 1000, 1, 4, 0));
        Assert.Equal(new LinearTransform("x", 10, 1), new LinearTransform("x", 10, 1));
        var renamed = new HyperlogTransform("h", 10000, 1, 4.5, 0) with { Id = "h2" };
        Assert.Equal("h2", renamed.Id);
        Assert.Equal(new HyperlogTransform("h", 10000, 1, 4.5, 0).Apply(17), renamed.Apply(17));
        Assert.Contains("W = 0.5", new LogicleTransform("L", 262144, 0.5, 4.5, 0).ToString(), StringComparison.Ordinal);
    }
}
