namespace Stroma.Manufacturing;

/// <summary>A new donor.</summary>
/// <param name="Code">Coded id.</param>
/// <param name="Type">Autologous or allogeneic.</param>
/// <param name="AgeYears">Age, when recorded.</param>
/// <param name="Sex">Sex.</param>
/// <param name="ConsentObtained">Informed consent obtained.</param>
/// <param name="ConsentDate">Date of consent.</param>
/// <param name="Screening">Test → outcome.</param>
public sealed record DonorInput(string Code, DonorType Type, int? AgeYears, DonorSex Sex, bool ConsentObtained,
    DateOnly? ConsentDate, IReadOnlyDictionary<string, ScreeningOutcome> Screening)
{
    /// <summary>Species of origin.</summary>
    public string Species { get; init; } = "human";
}
