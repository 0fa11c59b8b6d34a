using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage;

/// <summary>EF Core mapping of the quality records: OOS investigations, deviations and identity panel
/// versions.</summary>
internal static class QualityModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<OosInvestigation>(e =>
        {
            e.ToTable("OosInvestigations");
            e.Property(x => x.Test).HasConversion(new ValueConverter<ReleaseTest,
                string>(v => Terms.Token(v), s => Terms.Parse<ReleaseTest>(s, "test")));
            e.Property(x => x.Status).HasConversion(Lower<InvestigationStatus>());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Result).WithMany().HasForeignKey(x => x.TestResultId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.Status);
        });
        builder.Entity<LotRelease>().Ignore(x => x.OpenInvestigations);
        builder.Entity<LotRelease>()
            .HasMany(x => x.Investigations).WithOne().HasForeignKey(x => x.ReleaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Entity<Deviation>(e =>
        {
            e.ToTable("Deviations");
            e.Property(x => x.Status).HasConversion(Lower<DeviationStatus>());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Lot).WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.LotId, x.Status });
        });
        builder.Entity<IdentityPanelVersion>(e =>
        {
            e.ToTable("IdentityPanels");
            e.HasIndex(x => new { x.Code, x.PanelVersion }).IsUnique();
            e.Property(x => x.Status).HasConversion(Lower<DocumentStatus>());
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<ReleaseSpecification>().Property(x => x.Status).HasConversion(Lower<DocumentStatus>());
    }

    // Stored as lower-case names ("open", "invalidated"), readable in any SQL client.
    private static ValueConverter<T, string> Lower<T>() where T : struct, Enum =>
        new(v => v.ToString().ToLowerInvariant(), s => Enum.Parse<T>(s, true));
}
