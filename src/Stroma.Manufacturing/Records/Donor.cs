namespace Stroma.Manufacturing.Records;

/// <summary>A tissue donor, known only by a coded id (no personal data is stored).</summary>
public sealed partial class Donor
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Coded donor id, unique (e.g. "D-2026-014").</summary>
    public string Code { get; set; } = "";

    /// <summary>Age in years at donation, when recorded.</summary>
    public int? AgeYears { get; set; }

    /// <summary>Sex.</summary>
    public DonorSex Sex { get; set; } = DonorSex.Unknown;

    /// <summary>Species of origin (nomenclature), normally "human".</summary>
    public string Species { get; set; } = "human";

    /// <summary>Autologous or allogeneic.</summary>
    public DonorType Type { get; set; }

    /// <summary>Whether informed consent was obtained.</summary>
    public bool ConsentObtained { get; set; }

    /// <summary>Date of consent.</summary>
    public DateOnly? ConsentDate { get; set; }

    /// <summary>Infectious-disease screening results.</summary>
    public List<ScreeningResult> Screening { get; set; } = [];

    /// <summary>When the record was created (UTC).</summary>
    public DateTime CreatedUtc { get; set; }

    /// <summary>Optimistic-concurrency version, incremented by every update.</summary>
    public int Version { get; set; }
}

/// <summary>One infectious-disease screening test of a donor (e.g. HIV-1/2, HBsAg, anti-HCV, syphilis).</summary>
public sealed class ScreeningResult
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Donor key.</summary>
    public int DonorId { get; set; }

    /// <summary>Test name as reported by the laboratory.</summary>
    public string Test { get; set; } = "";

    /// <summary>Outcome.</summary>
    public ScreeningOutcome Outcome { get; set; }
}
