using Stroma.Manufacturing.Audit;
using Xunit;

namespace Stroma.Manufacturing.Tests;

public sealed class AuditChainTests
{
    private static (List<AuditEntry> Rows, AuditHead Head) Chain(int n)
    {
        var head = new AuditHead();
        var rows = new List<AuditEntry>();
        for (var i = 0; i < n; i++)
        {
            var row = new AuditEntry { TimestampUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i).AddTicks(1234567), Actor = "olga", Action = "insert", Entity = "Lot", EntityKey = $"L-{i}", Changes = "{}" };
            AuditChain.Append(head, row);
            rows.Add(row);
        }
        return (rows, head);
    }

    [Fact]
    public void An_untouched_chain_verifies_and_reports_its_head()
    {
        var (rows, head) = Chain(5);
        var result = AuditChain.Verify(rows, head);
        Assert.True(result.Intact);
        Assert.Equal(head.Hash, result.LastHash);
        Assert.Equal(AuditChain.Genesis, rows[0].PreviousHash);
        Assert.Equal(0, rows[0].TimestampUtc.Ticks % 10); // microseconds, so PostgreSQL stores it exactly
    }

    [Fact]
    public void Editing_any_field_is_named()
    {
        var (rows, head) = Chain(5);
        rows[2].Changes = "{\"Status\":{\"old\":\"quarantined\",\"new\":\"released\"}}";
        var problem = Assert.Single(AuditChain.Verify(rows, head).Problems);
        Assert.Equal((3L, "edited"), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public void Deleting_a_row_in_the_middle_or_at_the_end_is_named()
    {
        var (rows, head) = Chain(6);
        rows.RemoveAt(5);
        rows.RemoveAt(1);
        var problems = AuditChain.Verify(rows, head).Problems;
        Assert.Equal(["audit row 2 is missing (deleted)", "audit row 6 is missing (deleted from the end)"], problems.Select(p => p.Message));
    }

    [Fact]
    public void Field_boundaries_cannot_be_forged_by_moving_text_between_fields()
    {
        var a = new AuditEntry { Sequence = 1, TimestampUtc = DateTime.UnixEpoch, Actor = "ab", Action = "c", PreviousHash = AuditChain.Genesis };
        var b = new AuditEntry { Sequence = 1, TimestampUtc = DateTime.UnixEpoch, Actor = "a", Action = "bc", PreviousHash = AuditChain.Genesis };
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }
}
