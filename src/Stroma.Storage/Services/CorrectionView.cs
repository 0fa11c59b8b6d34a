using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>One correction as shown: the value before (struck through on pages) and the value in force after
/// it.</summary>
/// <param name="Record">donor, lot or passage.</param>
/// <param name="RecordKey">Readable key ("MCB-1/passage 2").</param>
/// <param name="Passage">Passage number (passage corrections).</param>
/// <param name="Field">Field token.</param>
/// <param name="FieldLabel">Human label of the field.</param>
/// <param name="OldValue">Value before.</param>
/// <param name="NewValue">Value after.</param>
/// <param name="Reason">Why.</param>
/// <param name="CorrectedBy">Who.</param>
/// <param name="CorrectedUtc">When (UTC).</param>
public sealed record CorrectionView(string Record, string RecordKey, int? Passage, string Field, string FieldLabel,
    string? OldValue,
    string? NewValue, string Reason, string CorrectedBy, DateTime CorrectedUtc)
{
    internal static CorrectionView Of(RecordCorrection c, int? passage) =>
        new(c.Record.ToString().ToLowerInvariant(), c.RecordKey, passage, c.Field, RecordCorrection.FieldLabel(c.Field),
            c.OldValue, c.NewValue,
            c.Reason, c.CorrectedBy, DateTime.SpecifyKind(c.CorrectedUtc, DateTimeKind.Utc));
}
