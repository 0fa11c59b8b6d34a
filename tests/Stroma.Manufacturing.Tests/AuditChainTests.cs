using Stroma.Manufacturing.Audit;
using Xunit;

namespace Stroma.Manufacturing.Tests;

public sealed class AuditChainTests
{
    private static readonly AuditKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static (List<AuditEntry> Rows, AuditHead Head) Chain(int n)
    {
        var head = new AuditHead();
        var rows = new List<AuditEntry>();
        for (var i = 0; i < n; i++)
        {
            var row = new AuditEntry { TimestampUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i).AddTicks(1234567), Actor = "olga", Action = "insert", Entity = "Lot", EntityKey = $"L-{i}", Changes = "{}" };
            AuditChain.Append(head, row, Key);
            rows.Add(row);
        }
        return (rows, head);
    }

    [Fact]
    public void An_untouched_chain_verifies_and_reports_its_head()
    {
        var (rows, head) = Chain(5);
        var result = AuditChain.Verify(rows, head, Key);
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
        var problem = Assert.Single(AuditChain.Verify(rows, head, Key).Problems);
        Assert.Equal((3L, "edited"), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public void Deleting_a_row_in_the_middle_or_at_the_end_is_named()
    {
        var (rows, head) = Chain(6);
        rows.RemoveAt(5);
        rows.RemoveAt(1);
        var problems = AuditChain.Verify(rows, head, Key).Problems;
        Assert.Equal(["audit row 2 is missing (deleted)", "audit row 6 is missing (deleted from the end)"], problems.Select(p => p.Message));
    }

    [Fact]
    public void Field_boundaries_cannot_be_forged_by_moving_text_between_fields()
    {
        var a = new AuditEntry { Sequence = 1, TimestampUtc = DateTime.UnixEpoch, Actor = "ab", Action = "c", PreviousHash = AuditChain.Genesis };
        var b = new AuditEntry { Sequence = 1, TimestampUtc = DateTime.UnixEpoch, Actor = "a", Action = "bc", PreviousHash = AuditChain.Genesis };
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }

    [Fact]
    public void A_row_edited_and_re_hashed_without_the_key_is_named_whichever_hash_the_forger_uses()
    {
        var (rows, head) = Chain(4);
        rows[1].Reason = "backdated";
        rows[1].Seal = null;
        rows[1].Hash = AuditChain.ComputeHash(rows[1]); // unkeyed SHA-256, as a forger without the key can compute
        rows[2].PreviousHash = rows[1].Hash;
        var problems = AuditChain.Verify(rows, head, Key).Problems;
        Assert.Contains(problems, p => p.Sequence == 2);
        var forgedKey = new AuditKey(new byte[32]);
        rows[1].Seal = forgedKey.Seal;
        rows[1].Hash = AuditChain.ComputeHash(rows[1], forgedKey);
        Assert.Contains(AuditChain.Verify(rows, head, Key).Problems, p => p.Sequence == 2 && p.Kind == "foreign-key");
    }

    [Fact]
    public void Legacy_unkeyed_rows_before_the_first_keyed_row_verify_and_are_counted()
    {
        var head = new AuditHead();
        var legacy = new AuditEntry { Sequence = 1, TimestampUtc = DateTime.UnixEpoch, Actor = "olga", Action = "insert", Entity = "Lot", EntityKey = "L", PreviousHash = AuditChain.Genesis };
        legacy.Hash = AuditChain.ComputeHash(legacy);
        head.Sequence = 1;
        head.Hash = legacy.Hash;
        var seal = new AuditEntry { TimestampUtc = DateTime.UnixEpoch, Actor = "stroma", Action = "seal", Entity = "AuditTrail", EntityKey = "key" };
        AuditChain.Append(head, seal, Key);
        var result = AuditChain.Verify([legacy, seal], head, Key);
        Assert.True(result.Intact, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal(1, result.LegacyRows);
        legacy.Actor = "mallory";
        legacy.Hash = AuditChain.ComputeHash(legacy); // re-hashed legacy row: the keyed row's link no longer matches
        Assert.Contains(AuditChain.Verify([legacy, seal], head, Key).Problems, p => p.Sequence == 2 && p.Kind == "relinked");
    }

    [Fact]
    public void A_trail_of_only_unkeyed_rows_is_reported_as_unsealed()
    {
        var legacy = new AuditEntry { Sequence = 1, TimestampUtc = DateTime.UnixEpoch, Actor = "olga", Action = "insert", Entity = "Lot", EntityKey = "L", PreviousHash = AuditChain.Genesis };
        legacy.Hash = AuditChain.ComputeHash(legacy);
        Assert.Equal("unsealed", Assert.Single(AuditChain.Verify([legacy], null, Key).Problems).Kind);
    }
}
