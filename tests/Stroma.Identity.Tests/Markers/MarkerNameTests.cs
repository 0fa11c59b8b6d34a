using Stroma.Identity.Markers;
using Xunit;

namespace Stroma.Identity.Tests.Markers;

/// <summary>Marker recognition in real-world stain labels.</summary>
public sealed class MarkerNameTests
{
    [Theory]
    [InlineData("CD73 APC", new[] { "CD73" })]
    [InlineData("CD73-APC", new[] { "CD73" })]
    [InlineData("APC-A :: CD73", new[] { "CD73" })]
    [InlineData("CD34/CD11b/CD19/CD45/HLA-DR", new[] { "CD34", "CD11b", "CD19", "CD45", "HLA-DR" })]
    [InlineData("cd 105 PerCP-Cy5.5", new[] { "CD105" })]
    [InlineData("CD79α FITC", new[] { "CD79a" })]
    [InlineData("HLA DR PE", new[] { "HLA-DR" })]
    [InlineData("PE-Cy7-A", new string[0])]
    [InlineData("IgG1 isotype APC", new string[0])]
    [InlineData("Lineage cocktail (CD14, CD11B, CD19) PE", new[] { "CD14", "CD11b", "CD19" })]
    public void Markers_are_found_in_labels(string label, string[] expected) => Assert.Equal(expected, MarkerName.FindAll(label));

    [Theory]
    [InlineData("cd11B", "CD11b")]
    [InlineData("HLADR", "HLA-DR")]
    [InlineData("STRO1", "STRO-1")]
    [InlineData("CD73 APC", null)]
    [InlineData("viability", null)]
    public void Names_normalise_to_one_spelling(string text, string? expected) => Assert.Equal(expected, MarkerName.Normalize(text));
}
