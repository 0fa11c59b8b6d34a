using System.Text;
using Stroma.Identity.Analysis;
using Stroma.Testing;
using Xunit;

namespace Stroma.Identity.Tests.Analysis;

/// <summary>
/// Seeded mutation fuzzing of the identity batch manifest: every mutated manifest reads to samples or ends as an
/// <see cref="IdentityException"/> naming the file and line, within time and allocation bounds.
/// </summary>
public sealed class IdentityManifestFuzzTests : IDisposable
{
    private const string Manifest = """
        # sample manifest
        sample,stained,control,panel,markers
        MSC-01,msc01_stained.fcs,msc01_fmo.fcs;msc01_iso.fcs,isct-2006,CD73=FL1-A;CD90=FL2-A
        MSC-02,msc02_stained.fcs,msc02_fmo.fcs,,CD105=FL3-A
        "MSC-03",tubes/msc03.fcs,tubes/msc03_ctrl.fcs,isct-2006,
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(3101)]
    [InlineData(3102)]
    public void Mutated_manifests_end_as_samples_or_identity_errors_within_bounds(int seed)
    {
        var path = _dir.File("manifest.csv");
        var outcome = MutationFuzzer.Run(Encoding.UTF8.GetBytes(Manifest), seed, MutationFuzzer.Iterations(1_500), bytes =>
        {
            File.WriteAllBytes(path, bytes);
            var samples = IdentityBatch.ReadManifest(path);
            foreach (var s in samples)
                if (string.IsNullOrEmpty(s.Sample)) throw new InvalidOperationException("a sample without a name");
            return FuzzResult.Accepted;
        }, ex => ex is IdentityException, tokens: ["sample,stained,control", "=", ";;", "CD73=", "=FL1-A", "\0"]);
        Assert.True(outcome.Failures.Count == 0, outcome.Describe());
        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"accepted {outcome.Accepted}, refused {outcome.Refused}");
    }
}
