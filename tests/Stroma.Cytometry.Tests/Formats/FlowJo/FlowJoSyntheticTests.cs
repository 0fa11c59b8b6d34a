using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.FlowJo;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Transforms;
using Stroma.Testing;
using Xunit;
using static Stroma.Cytometry.Tests.Formats.FlowJo.WspText;

namespace Stroma.Cytometry.Tests.Formats.FlowJo;

/// <summary>Workspaces built here, one per gate kind, transform and compensation variant; counts checked by arithmetic.</summary>
public sealed class FlowJoSyntheticTests : IDisposable
{
    private const int N = 600;
    private readonly TempDirectory _dir = new();
    private readonly double[] _fsc = new double[N];
    private readonly double[] _fl1 = new double[N];
    private readonly double[] _fl2 = new double[N];

    public FlowJoSyntheticTests()
    {
        var random = new Random(20261202);
        for (var i = 0; i < N; i++)
        {
            // Float-representable values so the file holds exactly what the test computes with.
            _fsc[i] = (float)(random.NextDouble() * 1000);
            _fl1[i] = (float)(random.NextDouble() * 1200 - 200);
            _fl2[i] = (float)(random.NextDouble() * 1200 - 200);
        }
    }

    public void Dispose() => _dir.Dispose();

    private string WriteFcs(string name, SpilloverMatrix? spillover = null)
    {
        var path = _dir.File(name);
        var columns = new[] { _fsc, _fl1, _fl2 }.Select(c => c.Select(v => (float)v).ToArray()).ToArray();
        FcsWriter.Write(path, EventTable.FromColumns(["FSC-A", "FL1-A", "FL2-A"], N, columns),
            new FcsWriteSettings { Spillover = spillover, Channels = [new("FSC-A", Range: 1024), new("FL1-A", Range: 1024), new("FL2-A", Range: 1024)] });
        return path;
    }

    private (FlowJoWorkspace Workspace, FlowJoSampleCounts Counts) Gate(string body, string transforms = "", string matrix = "", SpilloverMatrix? spill = null)
    {
        var fcs = WriteFcs("tube 1.fcs", spill);
        var xml = Workspace(Sample("tube 1.fcs", body, transforms, matrix, N));
        var wsPath = _dir.File("lab.wsp");
        File.WriteAllText(wsPath, xml);
        var ws = FlowJoReader.Read(wsPath);
        var report = FlowJoAnalysis.Run(ws, wsPath, []);
        Assert.Empty(report.Missing);
        Assert.Equal(fcs, report.Samples.Single().File);
        return (ws, report.Samples.Single());
    }

    private int Where(Func<int, bool> predicate) => Enumerable.Range(0, N).Count(predicate);

    private static int CountOf(FlowJoSampleCounts counts, string path) => counts.Populations.Single(p => p.Path == path).Count;

    [Fact]
    public void Rectangles_with_half_open_sides_bound_only_the_sides_they_state()
    {
        var body = Population("Cells", Rectangle("FSC-A", 200, null, "FL1-A", null, 400),
            Population("High", Rectangle("FL2-A", 300, 700)));
        var (_, counts) = Gate(body);
        Assert.Equal(Where(i => _fsc[i] >= 200 && _fl1[i] < 400), CountOf(counts, "/Cells"));
        Assert.Equal(Where(i => _fsc[i] >= 200 && _fl1[i] < 400 && _fl2[i] >= 300 && _fl2[i] < 700), CountOf(counts, "/Cells/High"));
    }

    [Fact]
    public void Quadrants_stored_as_four_rectangles_partition_their_parent()
    {
        var quads = string.Concat(
            Population("Q1", Rectangle("FL1-A", null, 250.5, "FL2-A", 300.5, null)),
            Population("Q2", Rectangle("FL1-A", 250.5, null, "FL2-A", 300.5, null)),
            Population("Q3", Rectangle("FL1-A", 250.5, null, "FL2-A", null, 300.5)),
            Population("Q4", Rectangle("FL1-A", null, 250.5, "FL2-A", null, 300.5)));
        var (_, counts) = Gate(quads);
        Assert.Equal(N, new[] { "/Q1", "/Q2", "/Q3", "/Q4" }.Sum(q => CountOf(counts, q)));
        Assert.Equal(Where(i => _fl1[i] >= 250.5 && _fl2[i] < 300.5), CountOf(counts, "/Q3"));
    }

    [Fact]
    public void Polygon_counts_the_events_inside_its_vertices()
    {
        // A triangle: inside when y ≥ 100, x ≤ 800 and y ≤ x (on linear axes, in data units).
        var (_, counts) = Gate(Population("Tri", Polygon("FSC-A", "FL1-A", (100, 100), (800, 100), (800, 800))));
        Assert.Equal(Where(i => _fl1[i] >= 100 && _fsc[i] <= 800 && _fl1[i] <= _fsc[i]), CountOf(counts, "/Tri"));
    }

    [Fact]
    public void Ellipse_is_read_from_foci_and_edge_points_on_the_display_grid()
    {
        // Linear axes 0–1000 shown on FlowJo's 256-point grid: centre (500, 400), semi-axes 300 (x) and 180 (y).
        const double k = 256.0 / 1000;
        var c = Math.Sqrt(300 * 300 - 180 * 180);
        var foci = new[] { ((500 - c) * k, 400 * k), ((500 + c) * k, 400 * k) };
        var edge = new[] { (800 * k, 400 * k), (200 * k, 400 * k), (500 * k, 580 * k), (500 * k, 220 * k) };
        var transforms = Linear("FSC-A") + Linear("FL1-A");
        var (_, counts) = Gate(Population("Ell", Ellipse("FSC-A", "FL1-A", foci, edge)), transforms);
        Assert.Equal(Where(i => Math.Pow((_fsc[i] - 500) / 300, 2) + Math.Pow((_fl1[i] - 400) / 180, 2) <= 1), CountOf(counts, "/Ell"));
    }

    [Fact]
    public void Boolean_and_or_not_combine_sibling_populations_within_their_parent()
    {
        var body = Population("Cells", Rectangle("FSC-A", 100, null), string.Concat(
            Population("A+", Rectangle("FL1-A", 300, null)),
            Population("B+", Rectangle("FL2-A", 500, null)),
            Boolean("AndNode", "A+ and B+", ["Cells/A+", "Cells/B+"]),
            Boolean("OrNode", "A+ or B+", ["Cells/A+", "Cells/B+"]),
            Boolean("NotNode", "not A+", ["Cells/A+"])));
        var (_, counts) = Gate(body);
        bool Cell(int i) => _fsc[i] >= 100;
        Assert.Equal(Where(i => Cell(i) && _fl1[i] >= 300 && _fl2[i] >= 500), CountOf(counts, "/Cells/A+ and B+"));
        Assert.Equal(Where(i => Cell(i) && (_fl1[i] >= 300 || _fl2[i] >= 500)), CountOf(counts, "/Cells/A+ or B+"));
        Assert.Equal(Where(i => Cell(i) && _fl1[i] < 300), CountOf(counts, "/Cells/not A+"));
    }

    [Fact]
    public void A_gate_with_events_inside_off_selects_the_events_outside_it()
    {
        var body = Population("Cells", Rectangle("FSC-A", 100, null), Population("Not dim", Rectangle("FL1-A", 0, 200, inside: false)));
        var (ws, counts) = Gate(body);
        Assert.True(ws.Samples[0].FindPopulation("/Cells/Not dim")!.Complement);
        Assert.Equal(Where(i => _fsc[i] >= 100 && !(_fl1[i] >= 0 && _fl1[i] < 200)), CountOf(counts, "/Cells/Not dim"));
    }

    [Fact]
    public void Names_with_slashes_dots_plus_signs_and_spaces_have_escaped_paths()
    {
        var body = Population("CD3+/CD4+ T.cells", Rectangle("FSC-A", 100, null),
            Population("a\\b", Rectangle("FL1-A", 0, null)));
        var (ws, counts) = Gate(body);
        var sample = ws.Samples.Single();
        Assert.Equal(["/CD3+\\/CD4+ T.cells", "/CD3+\\/CD4+ T.cells/a\\\\b"], sample.Populations.Select(p => p.Path));
        Assert.Equal(["CD3+/CD4+ T.cells", "a\\b"], FlowJoPath.Split(sample.Populations[1].Path));
        Assert.Equal(Where(i => _fsc[i] >= 100 && _fl1[i] >= 0), CountOf(counts, "/CD3+\\/CD4+ T.cells/a\\\\b"));
        Assert.Same(sample.Populations[0], sample.FindPopulation("CD3+\\/CD4+ T.cells"));
    }

    public static TheoryData<string, string> TransformCases() => new()
    {
        { "log", """transforms:offset="1" transforms:decades="4" """ },
        { "biex", """transforms:length="256" transforms:maxRange="262144" transforms:neg="0" transforms:width="-10" transforms:pos="4.418539922" """ },
        { "logicle", """transforms:T="262144" transforms:W="0.5" transforms:M="4.5" transforms:A="0" """ },
        { "fasinh", """transforms:length="256" transforms:maxRange="262144" transforms:T="1000" transforms:A="0.5" transforms:M="3" transforms:W="-10" """ },
        { "hyperlog", """transforms:T="1000" transforms:W="0.5" transforms:M="3" transforms:A="0.5" """ },
    };

    // The reference mapping from FlowJo's attributes to the transform, written out independently of the reader.
    private static Func<double, double> Reference(string kind) => kind switch
    {
        "log" => x => Math.Log10(Math.Max(x, 1)) / 4, // (log10 x − log10 offset)/decades, clamped at the offset
        "biex" => new FlowJoBiexTransform(null, 0, -10, 4.418539922, 262144).Apply,
        "logicle" => new LogicleTransform(null, 262144, 0.5, 4.5, 0).Apply,
        "fasinh" => new AsinhTransform(null, 1000, 3, 0.5).Apply,
        _ => new HyperlogTransform(null, 1000, 0.5, 3, 0.5).Apply,
    };

    [Theory]
    [MemberData(nameof(TransformCases))]
    public void Polygon_edges_are_straight_on_each_transformed_axis(string kind, string attributes)
    {
        // Triangle with a diagonal edge: FSC-A linear, FL1-A on the transformed axis, vertices in data units.
        (double X, double Y)[] vertices = [(50, 20), (950, 20), (950, 900)];
        var transforms = Linear("FSC-A") + Transform(kind, "FL1-A", attributes);
        var (ws, counts) = Gate(Population("Tri", Polygon("FSC-A", "FL1-A", vertices)), transforms);
        var t = Reference(kind);
        var (ya, yc) = (t(20), t(900));
        var expected = Where(i =>
        {
            var y = t(_fl1[i]);
            // inside: above the bottom edge, left of x = 950, below the line from (50, ya) to (950, yc)
            return !double.IsNaN(y) && y >= ya && _fsc[i] <= 950 && (y - ya) * (950 - 50) <= (yc - ya) * (_fsc[i] - 50);
        });
        Assert.Equal(expected, CountOf(counts, "/Tri"));
        Assert.Equal(kind, ws.Samples[0].Transforms.Single(x => x.Parameter == "FL1-A").Kind);
    }

    private static readonly SpilloverMatrix FileSpill = new(["FL1-A", "FL2-A"], [1, 0.2, 0, 1], "$SPILLOVER");

    [Fact]
    public void Comp_prefixed_dimensions_use_the_files_own_spillover_when_the_workspace_stores_none()
    {
        var (ws, counts) = Gate(Population("FL2 pos", Rectangle("Comp-FL2-A", 300, null)), spill: FileSpill);
        Assert.Equal(FlowJoCompensationKind.None, ws.Samples[0].Compensation.Kind);
        Assert.Equal(Where(i => _fl2[i] - 0.2 * _fl1[i] >= 300), CountOf(counts, "/FL2 pos"));
    }

    [Fact]
    public void An_acquisition_defined_matrix_stored_in_the_workspace_compensates_Comp_dimensions()
    {
        var matrix = Matrix("Acquisition-defined", ["FL1-A", "FL2-A"], [[1, 0.2], [0, 1]]);
        var (ws, counts) = Gate(Population("FL2 pos", Rectangle("Comp-FL2-A", 300, null)), matrix: matrix, spill: FileSpill);
        Assert.Equal(FlowJoCompensationKind.AcquisitionDefined, ws.Samples[0].Compensation.Kind);
        Assert.Equal(Where(i => _fl2[i] - 0.2 * _fl1[i] >= 300), CountOf(counts, "/FL2 pos"));
    }

    [Fact]
    public void A_workspace_matrix_overrides_the_files_spillover_and_its_own_prefix_and_suffix_name_compensated_parameters()
    {
        var matrix = Matrix("Lab comp", ["FL1-A", "FL2-A"], [[1, 0.5], [0, 1]], prefix: "[", suffix: "]");
        var body = Population("FL2 pos", Rectangle("[FL2-A]", 300, null)) + Population("raw FL2", Rectangle("FL2-A", 300, null));
        var (ws, counts) = Gate(body, matrix: matrix, spill: FileSpill);
        Assert.Equal(FlowJoCompensationKind.Workspace, ws.Samples[0].Compensation.Kind);
        Assert.Equal(Where(i => _fl2[i] - 0.5 * _fl1[i] >= 300), CountOf(counts, "/FL2 pos"));
        Assert.Equal(Where(i => _fl2[i] >= 300), CountOf(counts, "/raw FL2"));
    }

    [Fact]
    public void A_sample_whose_FCS_file_is_missing_is_reported_and_the_others_are_gated()
    {
        WriteFcs("present.fcs");
        var body = Population("Cells", Rectangle("FSC-A", 100, null));
        var wsPath = _dir.File("two.wsp");
        File.WriteAllText(wsPath, Workspace(Sample("absent.fcs", body), Sample("present.fcs", body)));
        var report = FlowJoAnalysis.Run(FlowJoReader.Read(wsPath), wsPath, []);
        Assert.Equal("absent.fcs", Assert.Single(report.Missing).File);
        Assert.Equal(Where(i => _fsc[i] >= 100), Assert.Single(report.Samples).Populations.Single().Count);
    }

    [Fact]
    public void Fcs_option_files_are_matched_by_file_name_and_folders_are_searched()
    {
        var elsewhere = Directory.CreateDirectory(_dir.File("elsewhere")).FullName;
        var fcs = WriteFcs("tube 1.fcs");
        File.Move(fcs, Path.Combine(elsewhere, "tube 1.fcs"));
        var wsPath = _dir.File("lab.wsp");
        File.WriteAllText(wsPath, Workspace(Sample("tube 1.fcs", Population("Cells", Rectangle("FSC-A", 100, null)))));
        var ws = FlowJoReader.Read(wsPath);
        Assert.Single(FlowJoAnalysis.Run(ws, wsPath, []).Missing);
        Assert.Single(FlowJoAnalysis.Run(ws, wsPath, [elsewhere]).Samples);
        Assert.Single(FlowJoAnalysis.Run(ws, wsPath, [Path.Combine(elsewhere, "tube 1.fcs")]).Samples);
    }

    [Fact]
    public void Export_to_GatingML_reproduces_every_count_of_the_import()
    {
        const double k = 256.0;
        var body = Population("Cells", Rectangle("FSC-A", 100, null), string.Concat(
            Population("Tri", Polygon("FSC-A", "FL1-A", (50, 20), (950, 20), (950, 900))),
            Population("Ell", Ellipse("FSC-A", "FL2-A", [(0.4 * k, 0.5 * k), (0.6 * k, 0.5 * k)],
                [(0.7 * k, 0.5 * k), (0.3 * k, 0.5 * k), (0.5 * k, 0.6 * k), (0.5 * k, 0.4 * k)])),
            Population("Out", Rectangle("Comp-FL2-A", 0, 300, inside: false)),
            Boolean("AndNode", "Tri and Out", ["Cells/Tri", "Cells/Out"])));
        var transforms = Linear("FSC-A") + Transform("logicle", "FL1-A", """transforms:T="1000" transforms:W="0.5" transforms:M="3" transforms:A="0.5" """)
            + Transform("fasinh", "FL2-A", """transforms:T="1000" transforms:M="3" transforms:A="0.5" """);
        var (ws, counts) = Gate(body, transforms, spill: FileSpill);
        var sample = ws.Samples[0];
        var strategy = GatingMlReader.Parse(FlowJoAnalysis.ExportGatingMl(sample), "export.xml");
        var results = strategy.Apply(FcsReader.ReadDataset(counts.File));
        foreach (var (population, count) in sample.Populations.Zip(counts.Populations))
            Assert.Equal(count.Count, results[population.GateId].Count);
        Assert.True(counts.Populations.All(p => p.Count > 0 && p.Count < N), "every population selects some but not all events");
    }

    [Fact]
    public void A_polygon_on_a_biex_axis_exports_on_the_closest_logicle_with_the_same_counts()
    {
        var transforms = Transform("biex", "FL1-A", """transforms:maxRange="262144" transforms:neg="0" transforms:width="-10" transforms:pos="4.42" """);
        var (ws, counts) = Gate(Population("Tri", Polygon("FSC-A", "FL1-A", (50, 20), (950, 20), (950, 900))), transforms);
        var strategy = GatingMlReader.Parse(FlowJoAnalysis.ExportGatingMl(ws.Samples[0]));
        Assert.IsType<LogicleTransform>(Assert.Single(strategy.Transforms).Value);
        Assert.Equal(["FL1-A"], FlowJoAnalysis.ApproximatedAxes(ws.Samples[0]));
        Assert.Equal(counts.Populations.Single().Count, strategy.Apply(FcsReader.ReadDataset(counts.File)).Populations.Single().Count);
    }

    [Fact]
    public void A_rectangle_on_a_biex_axis_exports_in_data_units()
    {
        var transforms = Transform("biex", "FL1-A", """transforms:maxRange="262144" transforms:neg="0" transforms:width="-10" transforms:pos="4.42" """);
        var (ws, counts) = Gate(Population("Pos", Rectangle("FL1-A", 250, null)), transforms);
        var strategy = GatingMlReader.Parse(FlowJoAnalysis.ExportGatingMl(ws.Samples[0]));
        Assert.Empty(strategy.Transforms);
        Assert.Equal(Where(i => _fl1[i] >= 250), counts.Populations.Single().Count);
    }
}
