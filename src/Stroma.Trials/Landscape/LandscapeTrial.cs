using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Landscape;

/// <summary>A record a landscape run kept: the normalised trial and what was extracted from it.</summary>
/// <param name="Trial">The normalised record.</param>
/// <param name="Extraction">Extracted fields with evidence (reviewed values in place when a curation was
/// given).</param>
public sealed record LandscapeTrial(ClinicalTrial Trial, TrialExtraction Extraction);
