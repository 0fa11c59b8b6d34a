using System.Globalization;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Log amplification of a parameter (<c>$PnE</c> = "f1,f2"): a stored channel value x stands for
/// f2 · 10^(f1 · x / $PnR). f1 = 0 means linear (FCS 3.1 §3.2.20).
/// </summary>
public readonly record struct FcsAmplification(double Decades, double Offset)
{
    /// <summary>Linear amplification, "0,0".</summary>
    public static FcsAmplification Linear => default;

    /// <summary>True when the parameter was recorded with a log amplifier.</summary>
    public bool IsLog => Decades > 0;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Decades:R},{Offset:R}");
}

/// <summary>One measured parameter (channel) of a data set.</summary>
/// <param name="Number">1-based parameter number n of the <c>$Pn*</c> keywords.</param>
/// <param name="Name">Unique name: <c>$PnN</c>, suffixed when two parameters share it.</param>
/// <param name="ShortName">The <c>$PnN</c> value as written.</param>
/// <param name="Stain"><c>$PnS</c>, the stain or marker label, if any.</param>
/// <param name="Bits"><c>$PnB</c>; 0 for delimited ASCII ('*').</param>
/// <param name="Range"><c>$PnR</c>, the range of stored values.</param>
/// <param name="Amplification"><c>$PnE</c>.</param>
/// <param name="Gain"><c>$PnG</c>, 1 when absent.</param>
public sealed record FcsParameter(int Number, string Name, string ShortName, string? Stain, int Bits, double Range,
    FcsAmplification Amplification, double Gain)
{
    /// <summary>True for the acquisition time parameter (named "Time", any case, as FCS 3.1 recommends).</summary>
    public bool IsTime => string.Equals(ShortName.Trim(), "Time", StringComparison.OrdinalIgnoreCase);

    /// <summary>A label for display: "name (stain)" when a distinct stain is present.</summary>
    public string DisplayLabel =>
        string.IsNullOrWhiteSpace(Stain)
            || string.Equals(Stain, Name, StringComparison.Ordinal) ? Name : $"{Name} ({Stain})";
}
