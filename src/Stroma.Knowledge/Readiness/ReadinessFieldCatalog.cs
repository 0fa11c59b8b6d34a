namespace Stroma.Knowledge.Readiness;

/// <summary>
/// Every field readiness rules may test. Most map one input property; a few are derived through the knowledge
/// base (the source's tissue-factor level, whether the route is intravascular), which is how the rules stay
/// tied to the cited data instead of repeating it. Marker fields are <c>lot.markers.&lt;marker id&gt;</c>.
/// </summary>
public sealed class ReadinessFieldCatalog
{
    /// <summary>Prefix of measured-marker fields.</summary>
    public const string MarkerPrefix = "lot.markers.";

    private readonly Dictionary<string, ReadinessField> _byName;
    private readonly KnowledgeCollection<Marker> _markers;

    internal ReadinessFieldCatalog(KnowledgeBase knowledge)
    {
        _markers = knowledge.Markers;
        string[] Ids<T>(KnowledgeCollection<T> c) where T : class, IKnowledgeEntry => [.. c.Entries.Select(e => e.Id)];
        string[] Names<TEnum>() where TEnum : struct, Enum =>
            [.. Enum.GetValues<TEnum>().Select(KnowledgeJson.EnumName)];
        string? Name<TEnum>(TEnum? value) where TEnum : struct, Enum =>
            value is { } v ? KnowledgeJson.EnumName(v) : null;
        var potency = knowledge.QcTests.Entries.Where(t => t.Category == QcCategory.Potency).Select(t => t.Id)
            .ToArray();

        All =
        [
            new("lot.tissueSource", ReadinessFieldType.Text, "Tissue-source id.", c => c.TissueSource?.Id,
                Ids(knowledge.TissueSources)),
            new("lot.tissueGroup", ReadinessFieldType.Text, "Adult or perinatal, from the tissue source.",
                c => Name(c.TissueSource?.Group), Names<TissueGroup>()),
            new("lot.tissueFactor", ReadinessFieldType.Text,
                "Tissue-factor (CD142) level of the source relative to bone marrow, as the review states it; unknown " +
                "where it says nothing.",
                c => Name(c.TissueSource?.TissueFactor), Names<TissueFactorLevel>()),
            new("lot.donorType", ReadinessFieldType.Text, "Autologous or allogeneic.", c => Name(c.Lot.DonorType),
                Names<DonorType>()),
            new("lot.donorAgeYears", ReadinessFieldType.Number, "Donor age.", c => c.Lot.DonorAgeYears, unit: " years"),
            new("lot.species", ReadinessFieldType.Text, "Species of origin.", c => c.Lot.Species),
            new("lot.cellType", ReadinessFieldType.Text, "Stem, stromal or progenitor.", c => Name(c.Lot.CellType),
                Names<MscCellType>()),
            new("lot.passage", ReadinessFieldType.Number, "Passage number.", c => (double?)c.Lot.Passage),
            new("lot.cumulativePopulationDoublings", ReadinessFieldType.Number, "Cumulative population doublings.",
                c => c.Lot.CumulativePopulationDoublings),
            new("lot.mediumSupplement", ReadinessFieldType.Text, "Medium supplement.",
                c => Name(c.Lot.MediumSupplement), Names<MediumSupplement>()),
            new("lot.oxygenPercent", ReadinessFieldType.Number, "O₂ during expansion.", c => c.Lot.OxygenPercent,
                unit: "%"),
            new("lot.cultureFormat", ReadinessFieldType.Text, "2d, 3d or bioreactor.", c => Name(c.Lot.CultureFormat),
                Names<CultureFormat>()),
            new("lot.primed", ReadinessFieldType.Boolean, "True when the lot has at least one priming step.",
                c => c.Lot.PrimingSteps is { } s ? s.Count > 0 : null),
            new("lot.primingAgents", ReadinessFieldType.TextList, "Culture-factor ids of the priming steps.",
                c => c.Lot.PrimingSteps is { } s ? s.Select(p => p.Agent).Distinct(StringComparer.Ordinal)
                    .ToArray() : null, Ids(knowledge.CultureFactors)),
            new("lot.lastPrimingDate", ReadinessFieldType.Date,
                "Last priming date (given, or the latest dated priming step).",
                c => c.Lot.LastPrimingDate ?? c.Lot.PrimingSteps?.Where(p => p.Date is not null).Max(p => p.Date)),
            new("lot.cryopreserved", ReadinessFieldType.Boolean, "Cryopreserved product.", c => c.Lot.Cryopreserved),
            new("lot.infusedDirectlyAfterThaw", ReadinessFieldType.Boolean, "Infused directly after thaw.",
                c => c.Lot.InfusedDirectlyAfterThaw),
            new("lot.postThawViabilityPercent", ReadinessFieldType.Number, "Post-thaw viability.",
                c => c.Lot.PostThawViabilityPercent, unit: "%"),
            new("lot.identityAnalysisDate", ReadinessFieldType.Date, "Date of the identity analysis.",
                c => c.Lot.IdentityAnalysisDate),
            new("lot.lastPassageDate", ReadinessFieldType.Date, "Date of the last passage.",
                c => c.Lot.LastPassageDate),
            new("lot.qcTests", ReadinessFieldType.TextList, "QC-test ids performed.", c => c.Lot.QcTests,
                Ids(knowledge.QcTests)),
            new("lot.potencyTests", ReadinessFieldType.TextList, "Potency-test ids measured.", c => c.Lot.PotencyTests,
                potency),
            new("lot.claimedMechanisms", ReadinessFieldType.TextList, "Claimed mechanisms of action.",
                c => c.Lot.ClaimedMechanisms?.Select(KnowledgeJson.EnumName).ToArray(), Names<ClaimedMechanism>()),
            new("plan.route", ReadinessFieldType.Text, "Route id.", c => c.Route?.Id, Ids(knowledge.Routes)),
            new("plan.routeDelivery", ReadinessFieldType.Text, "Systemic or local, from the route.",
                c => Name(c.Route?.Delivery), Names<RouteDelivery>()),
            new("plan.routeIntravascular", ReadinessFieldType.Boolean,
                "True when the route puts cells into the bloodstream.", c => c.Route?.Intravascular),
            new("plan.cellsPerKg", ReadinessFieldType.Number, "Cells per kg per dose.", c => c.Plan?.CellsPerKg),
            new("plan.cellsPerDose", ReadinessFieldType.Number, "Fixed cells per dose.", c => c.Plan?.CellsPerDose),
            new("plan.numberOfDoses", ReadinessFieldType.Number, "Number of doses.",
                c => (double?)c.Plan?.NumberOfDoses),
            new("plan.intervalDays", ReadinessFieldType.Number, "Days between doses.", c => c.Plan?.IntervalDays,
                unit: " days"),
            new("patient.ageYears", ReadinessFieldType.Number, "Patient age.", c => c.Patient?.AgeYears,
                unit: " years"),
            new("patient.weightKg", ReadinessFieldType.Number, "Patient weight.", c => c.Patient?.WeightKg,
                unit: " kg"),
            new("patient.immuneStatus", ReadinessFieldType.Text, "Immunocompetent or immunocompromised.",
                c => Name(c.Patient?.ImmuneStatus), Names<ImmuneStatus>()),
            new("patient.bloodGroup", ReadinessFieldType.Text, "ABO group.", c => c.Patient?.BloodGroup,
                ["O", "A", "B", "AB"]),
        ];
        _byName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>The fixed fields (marker fields are made on demand by <see cref="Find"/>).</summary>
    public IReadOnlyList<ReadinessField> All { get; }

    /// <summary>
    /// The field with this name, including <c>lot.markers.&lt;id&gt;</c> for any marker id of the knowledge base; null
    /// otherwise.
    /// </summary>
    public ReadinessField? Find(string name)
    {
        if (_byName.TryGetValue(name, out var field)) return field;
        if (!name.StartsWith(MarkerPrefix, StringComparison.Ordinal)) return null;
        // Only a canonical marker id names a field: rules must not depend on aliases.
        var marker = _markers.Find(name[MarkerPrefix.Length..]);
        if (marker is null || !string.Equals(marker.Id, name[MarkerPrefix.Length..], StringComparison.Ordinal))
            return null;
        return new ReadinessField(name, ReadinessFieldType.Number, $"Measured {marker.Id}, % positive.",
            c => c.Lot.Markers is { } m && m.TryGetValue(marker.Id, out var v) ? v : null, unit: "%");
    }
}
