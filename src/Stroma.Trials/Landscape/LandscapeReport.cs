namespace Stroma.Trials.Landscape;

/// <summary>
/// Counts over a set of registry records. Registry facts (status, phase, conditions, start year,
/// countries) count every record read; extracted facts (product, source × match, route, doses) count the
/// records with an MSC intervention. Labels are the registry's own ("Phase 1|Phase 2",
/// "Active, not recruiting"); "(none)" marks a record that gives no value.
/// </summary>
public sealed record LandscapeReport
{
    /// <summary>
    /// The snapshot the landscape ran on (<c>--snapshot</c>, the web's <c>?snapshot=</c>), with its data date; null
    /// otherwise.
    /// </summary>
    public LandscapeSnapshot? Snapshot { get; init; }

    /// <summary>Records read.</summary>
    public required int Trials { get; init; }

    /// <summary>Records with an MSC intervention.</summary>
    public required int MscTrials { get; init; }

    /// <summary>Records or inputs that could not be read.</summary>
    public required int Skipped { get; init; }

    /// <summary>Overall status → records.</summary>
    public required IReadOnlyDictionary<string, int> ByStatus { get; init; }

    /// <summary>Registry phases joined with "|" → records.</summary>
    public required IReadOnlyDictionary<string, int> ByPhase { get; init; }

    /// <summary>The review's phase groups (early phase I, I, I-II, II, II-III, III, IV, n.a.) → records.</summary>
    public required IReadOnlyDictionary<string, int> ByPhaseGroup { get; init; }

    /// <summary>Condition browse branch (MeSH category) → records; "All Conditions", which every record carries, is
    /// left out.</summary>
    public required IReadOnlyDictionary<string, int> ByConditionCategory { get; init; }

    /// <summary>The review's indication list (msc-review.txt §1.4.2) matched to condition MeSH terms and ancestors →
    /// records.</summary>
    public required IReadOnlyDictionary<string, int> ByReviewIndication { get; init; }

    /// <summary>cells / ev / secretome → MSC records.</summary>
    public required IReadOnlyDictionary<string, int> ByProduct { get; init; }

    /// <summary>"source|match" (e.g. "adipose|allogeneic") → MSC records.</summary>
    public required IReadOnlyDictionary<string, int> BySourceAndMatch { get; init; }

    /// <summary>Route → MSC records.</summary>
    public required IReadOnlyDictionary<string, int> ByRoute { get; init; }

    /// <summary>Highest cells/kg level per administration, by decade ("1e6-1e7") → MSC records.</summary>
    public required IReadOnlyDictionary<string, int> ByDoseCellsPerKg { get; init; }

    /// <summary>Highest total cells per administration, by decade → MSC records.</summary>
    public required IReadOnlyDictionary<string, int> ByDoseTotalCells { get; init; }

    /// <summary>Start year → records.</summary>
    public required IReadOnlyDictionary<string, int> ByStartYear { get; init; }

    /// <summary>Location country → records (a record counts once per country).</summary>
    public required IReadOnlyDictionary<string, int> ByCountry { get; init; }

    /// <summary>The review's approved products and the records that name them.</summary>
    public required IReadOnlyList<ApprovedProductTrials> ApprovedProducts { get; init; }
}

/// <summary>An approved product and the trials whose records name it.</summary>
/// <param name="Product">The product as the review gives it.</param>
/// <param name="Trials">NCT ids of records naming the product (name or synonym) in titles, interventions or
/// summary.</param>
public sealed record ApprovedProductTrials(ApprovedProduct Product, IReadOnlyList<string> Trials);

/// <summary>The registry snapshot a landscape was counted from, with the date of its data.</summary>
/// <param name="File">The snapshot's file name (no folder).</param>
/// <param name="DataDate">The registry's data timestamp (<c>/api/v2/version</c>), null when the API gave none.</param>
/// <param name="Query">The search, as <see cref="Registry.RegistryQuery.Describe"/> writes it.</param>
/// <param name="Studies">Studies in the snapshot.</param>
/// <param name="FetchedAtUtc">When its last page was fetched (UTC).</param>
public sealed record LandscapeSnapshot(string File, string? DataDate, string Query, int Studies,
    DateTimeOffset FetchedAtUtc)
{
    /// <summary>The snapshot as its manifest describes it.</summary>
    public static LandscapeSnapshot Of(string path, Registry.SnapshotManifest manifest) =>
        new(System.IO.Path.GetFileName(path), manifest.DataTimestamp, manifest.Query.Describe(), manifest.Count,
            manifest.FetchedAtUtc);
}
