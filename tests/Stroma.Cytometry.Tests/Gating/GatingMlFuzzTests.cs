using System.Text;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Gating;

/// <summary>
/// Seeded mutation fuzzing of GatingML 2.0 documents (the compliance suite's documents of every gate and transform
/// kind): every mutated document reads to a strategy or ends as a <see cref="GatingException"/>, within bounds.
/// </summary>
public sealed class GatingMlFuzzTests
{
    private const string Folder = "corpus/gatingml/gml";

    [Theory]
    [InlineData("gml_all_gates.xml", 5101)]
    [InlineData("gml_matrix_transform_logicle_range8c_gate.xml", 5102)]
    [InlineData("gml_boolean_and3_complement_gate.xml", 5103)]
    public void Mutated_documents_end_as_strategies_or_gating_errors_within_bounds(string file, int seed)
    {
        var path = Path.Combine(Corpus.Root ?? "", Folder, file);
        if (Corpus.Root is null || !File.Exists(path))
        {
            Requirement.Missing($"{Corpus.MissingMessage} ({Folder}/{file})");
            return;
        }
        var original = File.ReadAllBytes(path);
        var outcome = MutationFuzzer.Run(original, seed, MutationFuzzer.Iterations(400), bytes =>
        {
            var strategy = GatingMlReader.Parse(Encoding.UTF8.GetString(bytes), file);
            // A strategy that was read can be written back: nothing half-built escapes the reader.
            _ = GatingMlWriter.Write(strategy);
            return FuzzResult.Accepted;
        }, ex => ex is GatingException, tokens: ["<", ">", "</", "/>", "gating:id=\"", "&amp;", "<!DOCTYPE x [<!ENTITY e \"e\">]>",
            "<![CDATA[", "gating:parent_id=\"", "data-type:name=\""]);
        Assert.True(outcome.Failures.Count == 0, outcome.Describe());
        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"accepted {outcome.Accepted}, refused {outcome.Refused}");
    }
}
