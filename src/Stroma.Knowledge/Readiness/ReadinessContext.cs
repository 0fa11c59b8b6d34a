namespace Stroma.Knowledge.Readiness;

/// <summary>
/// One evaluation: a normalised input, the knowledge it is read against and the effective parameters.
/// </summary>
internal sealed class ReadinessContext(ReadinessInput input, KnowledgeBase knowledge,
    IReadOnlyDictionary<string, double> parameters)
{
    public LotProfile Lot { get; } = input.Lot;

    public DosePlan? Plan { get; } = input.Plan;

    public PatientProfile? Patient { get; } = input.Patient;

    public KnowledgeBase Knowledge { get; } = knowledge;

    public double Parameter(string name) => parameters[name];

    public TissueSource? TissueSource => Lot.TissueSource is { } id ? Knowledge.TissueSources.Find(id) : null;

    public AdministrationRoute? Route => Plan?.Route is { } id ? Knowledge.Routes.Find(id) : null;
}
