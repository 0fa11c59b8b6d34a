using System.Xml.Linq;
using Stroma.Manufacturing.Records;
using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>
/// The dependency graph README.md's "Repository layout" shows, checked against every project file under src/:
/// a project may reference only the projects listed for it, and only the layers named here may use a database,
/// web or rendering package. Data flows one way: formats → domain → storage → faces.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Project → the projects it may reference directly.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Stroma.IO"] = [],
        ["Stroma.Cytometry"] = ["Stroma.IO"],
        ["Stroma.Identity"] = ["Stroma.Cytometry"],
        ["Stroma.Knowledge"] = [],
        ["Stroma.Trials"] = ["Stroma.IO", "Stroma.Knowledge"],
        ["Stroma.Manufacturing"] = ["Stroma.Identity", "Stroma.Knowledge"],
        ["Stroma.Reports"] = ["Stroma.Identity", "Stroma.Manufacturing"],
        ["Stroma.Storage"] = ["Stroma.Manufacturing", "Stroma.Knowledge", "Stroma.IO", "Stroma.Trials"],
        ["Stroma.Web"] = ["Stroma.Reports", "Stroma.Knowledge", "Stroma.Storage", "Stroma.Trials"],
        ["Stroma.Cli"] =
        [
            "Stroma.Cytometry", "Stroma.Identity", "Stroma.Reports", "Stroma.Knowledge", "Stroma.Manufacturing", "Stroma.Storage",
            "Stroma.Trials", "Stroma.Web",
        ],
    };

    /// <summary>Package name prefixes and the only projects that may use them.</summary>
    private static readonly (string Prefix, string[] Projects)[] Packages =
    [
        ("Microsoft.EntityFrameworkCore", ["Stroma.Storage"]),
        ("Npgsql", ["Stroma.Storage"]),
        ("Microsoft.AspNetCore", ["Stroma.Storage", "Stroma.Web"]),
        ("ScottPlot", ["Stroma.Reports"]),
        ("Spectre.Console", ["Stroma.Cli"]),
        ("System.CommandLine", ["Stroma.Cli"]),
    ];

    private static string Src
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stroma.slnx"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Stroma.slnx not found above the test folder."), "src");
        }
    }

    private static IEnumerable<(string Project, XDocument Xml)> Projects() =>
        Directory.EnumerateFiles(Src, "*.csproj", SearchOption.AllDirectories)
            .Select(f => (Path.GetFileNameWithoutExtension(f), XDocument.Load(f)));

    private static IEnumerable<string> Items(XDocument xml, string kind) =>
        xml.Descendants(kind).Select(e => (string?)e.Attribute("Include")).OfType<string>();

    [Fact]
    public void Every_project_references_only_the_projects_the_dependency_graph_allows()
    {
        var projects = Projects().ToArray();
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects.Select(p => p.Project).Order(StringComparer.Ordinal));
        foreach (var (project, xml) in projects)
        {
            var references = Items(xml, "ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Replace('\\', '/'))).ToArray();
            var extra = references.Except(Allowed[project], StringComparer.Ordinal).ToArray();
            Assert.True(extra.Length == 0, $"{project} references {string.Join(", ", extra)}, which the dependency graph does not allow.");
        }
    }

    [Fact]
    public void Database_web_rendering_and_console_packages_stay_in_their_layers()
    {
        foreach (var (project, xml) in Projects())
        {
            foreach (var package in Items(xml, "PackageReference"))
            {
                var rule = Packages.FirstOrDefault(p => package.StartsWith(p.Prefix, StringComparison.Ordinal));
                Assert.True(rule.Prefix is null || rule.Projects.Contains(project),
                    $"{project} uses {package}, which only {string.Join(", ", rule.Projects ?? [])} may use.");
            }
        }
    }

    [Fact]
    public void The_manufacturing_assembly_loads_no_entity_framework_rendering_or_storage_assembly()
    {
        var referenced = typeof(Lot).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();
        Assert.Contains("Stroma.Knowledge", referenced);
        Assert.DoesNotContain(referenced, n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                                               || n is "Stroma.Reports" or "Stroma.Storage" or "ScottPlot" or "Stroma.Web");
    }

    [Fact]
    public void The_cytometry_engine_knows_nothing_of_msc_manufacturing()
    {
        var cytometry = Path.Combine(Src, "Stroma.Cytometry");
        foreach (var file in Directory.EnumerateFiles(cytometry, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains("using Stroma.Manufacturing", StringComparison.Ordinal) || text.Contains("using Stroma.Identity", StringComparison.Ordinal)
                         || text.Contains("using Stroma.Knowledge", StringComparison.Ordinal), $"{file} uses an MSC-specific namespace.");
        }
    }
}
