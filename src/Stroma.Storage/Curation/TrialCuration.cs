using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stroma.Storage.Curation;

/// <summary>
/// A reviewer's stored decision on one field of one registry trial (table <c>TrialCurations</c>, one row per trial and
/// field; a new decision on the same field updates the row, and the audit trail keeps every earlier value with who,
/// when and why). See <see cref="Stroma.Trials.Curation.CurationDecision"/> for the meaning of each column.
/// </summary>
public sealed class TrialCuration
{
    /// <summary>Key.</summary>
    public int Id { get; set; }

    /// <summary>NCT id.</summary>
    public string NctId { get; set; } = "";

    /// <summary>Curated field (gold column name).</summary>
    public string Field { get; set; } = "";

    /// <summary><c>accept</c> or <c>correct</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The reviewed value.</summary>
    public string Value { get; set; } = "";

    /// <summary>What the extractor said.</summary>
    public string ExtractedValue { get; set; } = "";

    /// <summary>Record content fingerprint (SHA-256, hexadecimal).</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>Who decided.</summary>
    public string DecidedBy { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTime DecidedUtc { get; set; }

    /// <summary>Why.</summary>
    public string? Reason { get; set; }

    /// <summary>The quote shown to the reviewer.</summary>
    public string? Evidence { get; set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public int Version { get; set; }
}

/// <summary>The mapping of <see cref="TrialCuration"/>.</summary>
internal sealed class TrialCurationConfiguration : IEntityTypeConfiguration<TrialCuration>
{
    public void Configure(EntityTypeBuilder<TrialCuration> e)
    {
        e.ToTable("TrialCurations");
        e.HasIndex(x => new { x.NctId, x.Field }).IsUnique();
        e.Property(x => x.NctId).HasMaxLength(16).IsRequired();
        e.Property(x => x.Field).HasMaxLength(32).IsRequired();
        e.Property(x => x.Action).HasMaxLength(16).IsRequired();
        e.Property(x => x.Fingerprint).HasMaxLength(64).IsRequired();
        e.Property(x => x.DecidedBy).IsRequired();
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
