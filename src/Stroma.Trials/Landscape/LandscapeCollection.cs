namespace Stroma.Trials.Landscape;

/// <summary>What <see cref="LandscapeRun.Collect"/> returns: every readable record in reading order, and the
/// counts.</summary>
/// <param name="Trials">The readable records with their extractions.</param>
/// <param name="Report">The counts over them (unreadable records counted as skipped).</param>
public sealed record LandscapeCollection(IReadOnlyList<LandscapeTrial> Trials, LandscapeReport Report);
