using System.Xml.Linq;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Gating;

/// <summary>
/// The ISAC GatingML 2.0 compliance suite: every gate of every file in gml/ applied to data1.fcs must give
/// exactly the per-event membership of truth/Results_&lt;GateId&gt;.txt. One test case per (file, gate).
/// </summary>
public sealed class GatingMlComplianceTests
{
    private const string Folder = "corpus/gatingml";

    // The suite stores ParRectangle1's result (gml_parent_quadrant_rect_gate.xml) as Results_ParQuadRect.txt.
    private static readonly Dictionary<string, string> TruthAliases = new(StringComparer.Ordinal) { ["ParRectangle1"] = "ParQuadRect" };

    private static readonly Lazy<FcsDataset> Data1 = new(() => FcsReader.ReadDataset(Corpus.Require(Folder, "data1.fcs")));

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            var root = Corpus.Root is null ? null : Path.Combine(Corpus.Root, Folder);
            if (root is null || !Directory.Exists(root))
            {
                data.Add(Corpus.Placeholder, "");
                return data;
            }
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "gml"), "*.xml").Order(StringComparer.Ordinal))
            {
                var doc = XDocument.Load(file);
                foreach (var id in doc.Descendants().Where(e => e.Name.LocalName is "RectangleGate" or "PolygonGate" or "EllipsoidGate" or "BooleanGate" or "Quadrant")
                             .Select(e => e.Attributes().First(a => a.Name.LocalName == "id").Value))
                {
                    if (File.Exists(TruthPath(root, id))) data.Add(Path.GetFileName(file), id);
                }
            }
            return data;
        }
    }

    private static string TruthPath(string root, string gateId) =>
        Path.Combine(root, "truth", $"Results_{TruthAliases.GetValueOrDefault(gateId, gateId)}.txt");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gate_membership_matches_the_compliance_truth(string file, string gateId)
    {
        var gml = Corpus.RequireFile(Path.Combine(Folder, "gml"), file);
        var strategy = GatingMlReader.Read(gml);
        var results = strategy.Apply(Data1.Value);
        var truth = File.ReadAllLines(TruthPath(Path.Combine(Corpus.Root!, Folder), gateId)).Where(l => l.Length > 0).Select(l => l.Trim() == "1").ToArray();
        var membership = results[gateId].Membership.ToArray();
        Assert.Equal(truth.Length, membership.Length);
        var mismatches = Enumerable.Range(0, truth.Length).Where(i => truth[i] != membership[i]).ToArray();
        Assert.True(mismatches.Length == 0,
            $"{gateId}: {mismatches.Length} of {truth.Length} events differ (truth in: {truth.Count(t => t)}, ours: {membership.Count(m => m)}); first at events {string.Join(", ", mismatches.Take(5))}");
    }
}
