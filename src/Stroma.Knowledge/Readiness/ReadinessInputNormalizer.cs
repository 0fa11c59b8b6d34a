namespace Stroma.Knowledge.Readiness;

/// <summary>
/// Checks an input against the knowledge base and rewrites names to canonical ids (aliases such as "BM", "IV",
/// "IFN-γ" or "tissue factor" become "bone-marrow", "intravenous", "ifn-gamma", "CD142"), collecting every
/// problem before failing.
/// </summary>
internal static class ReadinessInputNormalizer
{
    public static ReadinessInput Normalize(ReadinessInput input, KnowledgeBase knowledge, string? origin)
    {
        var problems = new List<ReadinessInputProblem>();
        var lot = input.Lot
            ?? throw new ReadinessInputException(origin, [new ReadinessInputProblem("lot", "is required")]);

        string? Resolve<T>(KnowledgeCollection<T> collection, string? name, string path, Func<T, bool>? accept = null,
            string? acceptDescription = null)
            where T : class, IKnowledgeEntry
        {
            if (name is null) return null;
            var entry = collection.Find(name);
            if (entry is null)
            {
                problems.Add(new(path,
                    $"'{name}' is not a known {collection.Id} entry; known: " +
                    $"{string.Join(", ", collection.Entries.Select(e => e.Id))}"));
                return null;
            }
            if (accept is not null && !accept(entry))
            {
                problems.Add(new(path, $"'{name}' is not {acceptDescription}"));
                return null;
            }
            return entry.Id;
        }

        IReadOnlyList<string>? ResolveAll<T>(KnowledgeCollection<T> collection, IReadOnlyList<string>? names,
            string path, Func<T, bool>? accept = null, string? acceptDescription = null)
            where T : class, IKnowledgeEntry
            => names?.Select((n, i) => Resolve(collection, n, $"{path}[{i}]", accept, acceptDescription))
                .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

        void Range(double? value, double min, double max, string path)
        {
            if (value is { } v && (double.IsNaN(v) || v < min || v > max)) problems.Add(new(path,
                $"{KnowledgeJson.Number(v)} is outside {KnowledgeJson.Number(min)}–{KnowledgeJson.Number(max)}"));
        }

        Range(lot.DonorAgeYears, 0, 130, "lot.donorAgeYears");
        Range(lot.Passage, 0, 1000, "lot.passage");
        Range(lot.CumulativePopulationDoublings, 0, 1000, "lot.cumulativePopulationDoublings");
        Range(lot.OxygenPercent, 0, 100, "lot.oxygenPercent");
        Range(lot.PostThawViabilityPercent, 0, 100, "lot.postThawViabilityPercent");

        var markers = lot.Markers is null ? null : new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in lot.Markers ?? new Dictionary<string, double>())
        {
            var id = Resolve(knowledge.Markers, name, $"lot.markers.{name}");
            Range(value, 0, 100, $"lot.markers.{name}");
            if (id is null) continue;
            if (!markers!.TryAdd(id, value)) problems.Add(new($"lot.markers.{name}", $"{id} is given twice"));
        }

        var priming = lot.PrimingSteps?.Select((step, i) =>
            step with { Agent = Resolve(knowledge.CultureFactors, step.Agent, $"lot.primingSteps[{i}].agent")
                ?? step.Agent }).ToArray();

        var normalisedLot = lot with
        {
            TissueSource = Resolve(knowledge.TissueSources, lot.TissueSource, "lot.tissueSource"),
            Species = lot.Species?.Trim().ToLowerInvariant(),
            PrimingSteps = priming,
            Markers = markers,
            QcTests = ResolveAll(knowledge.QcTests, lot.QcTests, "lot.qcTests"),
            PotencyTests = ResolveAll(knowledge.QcTests, lot.PotencyTests, "lot.potencyTests",
                t => t.Category == QcCategory.Potency,
                "a potency test; potency tests: " + string.Join(", ",
                    knowledge.QcTests.Entries.Where(t => t.Category == QcCategory.Potency).Select(t => t.Id))),
        };

        var plan = input.Plan;
        if (plan is not null)
        {
            Range(plan.NumberOfDoses, 1, 1000, "plan.numberOfDoses");
            Range(plan.IntervalDays, 0, 10000, "plan.intervalDays");
            Range(plan.CellsPerKg, 0, double.MaxValue, "plan.cellsPerKg");
            Range(plan.CellsPerDose, 0, double.MaxValue, "plan.cellsPerDose");
            plan = plan with { Route = Resolve(knowledge.Routes, plan.Route, "plan.route") };
        }

        var patient = input.Patient;
        if (patient is not null)
        {
            Range(patient.AgeYears, 0, 130, "patient.ageYears");
            Range(patient.WeightKg, 0, 500, "patient.weightKg");
            patient = patient with { BloodGroup = AboGroup(patient.BloodGroup, problems) };
        }

        if (problems.Count > 0) throw new ReadinessInputException(origin, problems);
        return input with { Lot = normalisedLot, Plan = plan, Patient = patient };
    }

    // The ABO group is what ABO-antigen adsorption concerns; an Rh suffix ("O+", "A neg") is dropped.
    private static string? AboGroup(string? group, List<ReadinessInputProblem> problems)
    {
        if (group is null) return null;
        var abo = group.Trim().ToUpperInvariant().TrimEnd('+', '-', ' ');
        foreach (var suffix in new[] { " POS", " NEG", "POS", "NEG" })
            if (abo.EndsWith(suffix, StringComparison.Ordinal)) abo = abo[..^suffix.Length].TrimEnd();
        if (abo is "O" or "A" or "B" or "AB") return abo;
        problems.Add(new("patient.bloodGroup", $"'{group}' is not an ABO group (O, A, B, AB)"));
        return null;
    }
}
