namespace Stroma.Manufacturing.Records;

/// <summary>What kind of record a correction changed.</summary>
public enum CorrectedRecord
{
    /// <summary>A donor (age, sex, consent, screening).</summary>
    Donor,
    /// <summary>A lot's recorded attributes.</summary>
    Lot,
    /// <summary>One passage of a lot.</summary>
    Passage,
}

/// <summary>
/// One correction of a recorded value: which record and field, the value before and after, who, when and why. A
/// correction row is written once and never changed or deleted, so every earlier value of a record stays readable
/// (ALCOA+; 21 CFR 11.10(e): changes do not obscure previously recorded information). The record itself carries the
/// value in force, which every derived value (population doublings, senescence, eligibility) uses.
/// </summary>
public sealed partial class RecordCorrection
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Kind of record corrected.</summary>
    public CorrectedRecord Record { get; set; }

    /// <summary>Donor key (donor corrections).</summary>
    public int? DonorId { get; set; }

    /// <summary>Lot key (lot and passage corrections).</summary>
    public int? LotId { get; set; }

    /// <summary>Passage key (passage corrections).</summary>
    public int? PassageId { get; set; }

    /// <summary>Readable key of the record ("D-2026-014", "MCB-1", "MCB-1/passage 2").</summary>
    public string RecordKey { get; set; } = "";

    /// <summary>Field token (e.g. "harvested_cells", "screening:HIV-1/2").</summary>
    public string Field { get; set; } = "";

    /// <summary>The value before the correction, as text (null when none was recorded).</summary>
    public string? OldValue { get; set; }

    /// <summary>The value in force after the correction, as text (null when cleared).</summary>
    public string? NewValue { get; set; }

    /// <summary>Why the value was corrected (required).</summary>
    public string Reason { get; set; } = "";

    /// <summary>User who corrected it.</summary>
    public string CorrectedBy { get; set; } = "";

    /// <summary>When (UTC).</summary>
    public DateTime CorrectedUtc { get; set; }
}
