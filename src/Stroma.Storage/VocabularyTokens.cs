using Microsoft.EntityFrameworkCore.Migrations;

namespace Stroma.Storage;

/// <summary>
/// The one place that knows the stored vocabulary tokens before they became the knowledge base's ids
/// (<c>bone_marrow</c> → <c>bone-marrow</c>, <c>ifn_gamma</c> → <c>ifn-gamma</c>, <c>hpl</c> →
/// <c>human-platelet-lysate</c>, …). Both providers' <c>VocabularyKnowledgeIds</c> migrations rewrite stored
/// rows with it, so a database holds one vocabulary; the audit trail keeps the tokens it recorded.
/// </summary>
internal static class VocabularyTokens
{
    /// <summary>(table, column, token before, knowledge id).</summary>
    public static IReadOnlyList<(string Table, string Column, string Old, string New)> Renamed { get; } =
    [
        ("Lots", "Source", "bone_marrow", "bone-marrow"),
        ("Lots", "Source", "umbilical_cord", "umbilical-cord"),
        ("Lots", "Source", "placenta_amnion", "placenta"),
        ("Lots", "Source", "cord_blood", "cord-blood"),
        ("Lots", "Source", "dental_pulp", "dental-pulp"),
        ("Lots", "Source", "menstrual_blood", "menstrual-blood"),
        ("Lots", "Source", "peripheral_blood", "peripheral-blood"),
        ("Passages", "Supplement", "fbs", "fetal-bovine-serum"),
        ("Passages", "Supplement", "hpl", "human-platelet-lysate"),
        ("Passages", "Supplement", "human_ab_serum", "human-ab-serum"),
        ("Passages", "Supplement", "chemically_defined", "chemically-defined"),
        ("Passages", "System", "3d_spheroid", "3d"),
        ("PrimingSteps", "Agent", "ifn_gamma", "ifn-gamma"),
        ("PrimingSteps", "Agent", "tnf_alpha", "tnf-alpha"),
        ("PrimingSteps", "Agent", "poly_ic", "tlr3-poly-ic"),
        ("PrimingSteps", "Agent", "lps", "tlr4-lps"),
        ("PrimingSteps", "Agent", "platelet_lysate", "human-platelet-lysate"),
        ("Releases", "Route", "intraarticular", "intra-articular"),
        ("Releases", "Route", "local_injection", "direct-tissue-injection"),
    ];

    /// <summary>Rewrites stored tokens to knowledge ids (<paramref name="up"/>) or back.</summary>
    public static void Migrate(MigrationBuilder migrationBuilder, bool up)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var (table, column, old, id) in Renamed)
        {
            var (from, to) = up ? (old, id) : (id, old);
            // Tokens are this fixed list, never input: the SQL is built from constants.
            migrationBuilder.Sql($"""UPDATE "{table}" SET "{column}" = '{to}' WHERE "{column}" = '{from}';""");
        }
    }
}
