using System.Text;
using Stroma.Cytometry.Compensation;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Compensation;

/// <summary>
/// Seeded mutation fuzzing of spillover matrix text (FlowJo/FlowKit exports): every mutated file reads to a matrix
/// that can be inverted or is refused with a <see cref="CytometryException"/>, within time and allocation bounds.
/// </summary>
public sealed class SpilloverCsvFuzzTests : IDisposable
{
    private const string RowLabelled = """
        ,FL1-A,FL2-A,FL3-A,FL4-A
        FL1-A,1,0.12,0.01,0
        FL2-A,0.05,1,0.2,0.002
        FL3-A,0,0.03,1,0.15
        FL4-A,0,0,0.04,1
        """;

    private const string Tabbed = "#FL1-A\tFL2-A\tFL3-A\n1\t0.1\t0\n0.02\t1\t0.3\n0\t0.01\t1\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(RowLabelled, 4101)]
    [InlineData(Tabbed, 4102)]
    public void Mutated_spillover_files_end_as_matrices_or_cytometry_errors_within_bounds(string text, int seed)
    {
        var path = _dir.File("spill.csv");
        var outcome = MutationFuzzer.Run(Encoding.UTF8.GetBytes(text), seed, MutationFuzzer.Iterations(1_500), bytes =>
        {
            File.WriteAllBytes(path, bytes);
            var matrix = SpilloverCsv.Read(path);
            if (matrix.Channels.Count == 0) throw new InvalidOperationException("a matrix without channels");
            // A singular or badly named matrix is refused by the compensator with a typed error too.
            _ = new Compensator(matrix);
            return FuzzResult.Accepted;
        }, ex => ex is CytometryException, tokens: ["\t", ",,", "1e-320", "FL1-A", "\"FL2-A\""]);
        Assert.True(outcome.Failures.Count == 0, outcome.Describe());
        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"accepted {outcome.Accepted}, refused {outcome.Refused}");
    }
}
