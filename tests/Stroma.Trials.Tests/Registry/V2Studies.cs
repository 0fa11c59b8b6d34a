using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stroma.Trials.Tests.Registry;

/// <summary>API v2 study JSON written for the registry tests (made-up ids NCT95xxxxxx and made-up text).</summary>
internal static class V2Studies
{
    /// <summary>A made-up NCT id.</summary>
    public static string Id(int i) => $"NCT{95000000 + i:D8}";

    /// <summary>An MSC study; every part can be changed to make a later version of it.</summary>
    public static string Study(int i, string status = "RECRUITING", string phase = "PHASE2", int enrollment = 40,
        string route = "intravenous infusion", string[]? countries = null, string? whyStopped = null,
            string? resultsPosted = null,
        string branch = "Muscle, Bone, and Cartilage Diseases")
    {
        var statusModule = new JsonObject
        {
            ["overallStatus"] = status,
            ["startDateStruct"] = new JsonObject { ["date"] = "2023-02", ["type"] = "ACTUAL" },
            ["completionDateStruct"] = new JsonObject { ["date"] = "2026-12", ["type"] = "ESTIMATED" },
        };
        if (whyStopped is not null) statusModule["whyStopped"] = whyStopped;
        if (resultsPosted is not null)
        {
            statusModule["resultsFirstPostDateStruct"] =
                new JsonObject { ["date"] = resultsPosted, ["type"] = "ACTUAL" };
        }
        var study = new JsonObject
        {
            ["protocolSection"] = new JsonObject
            {
                ["identificationModule"] = new JsonObject { ["nctId"] = Id(i),
                    ["briefTitle"] = $"Bone marrow MSCs for a made-up condition, study {i}" },
                ["statusModule"] = statusModule,
                ["designModule"] = new JsonObject
                {
                    ["studyType"] = "INTERVENTIONAL",
                    ["phases"] = new JsonArray(phase),
                    ["enrollmentInfo"] = new JsonObject { ["count"] = enrollment, ["type"] = "ESTIMATED" },
                },
                ["armsInterventionsModule"] = new JsonObject
                {
                    ["armGroups"] = new JsonArray(new JsonObject
                    {
                        ["label"] = "MSC", ["type"] = "EXPERIMENTAL",
                        ["description"] = $"One {route} of autologous bone marrow mesenchymal stromal cells.",
                    }),
                    ["interventions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "BIOLOGICAL", ["name"] = "BM-MSC",
                        ["description"] = $"A single {route} of 1 x 10^6 autologous bone marrow mesenchymal " +
                            "stromal cells per kg.",
                        ["armGroupLabels"] = new JsonArray("MSC"),
                    }),
                },
                ["conditionsModule"] = new JsonObject { ["conditions"] = new JsonArray("Made-up joint disease") },
                ["contactsLocationsModule"] = new JsonObject
                {
                    ["locations"] = new JsonArray((countries ?? ["France"]).Select(c =>
                        (JsonNode)new JsonObject { ["facility"] = "Site", ["country"] = c }).ToArray()),
                },
            },
            ["derivedSection"] = new JsonObject
            {
                ["conditionBrowseModule"] = new JsonObject
                {
                    ["browseBranches"] = new JsonArray(new JsonObject { ["name"] = branch },
                        new JsonObject { ["name"] = "All Conditions" }),
                },
            },
            ["hasResults"] = resultsPosted is not null,
        };
        return study.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>Studies 1…<paramref name="count"/>.</summary>
    public static List<string> Many(int count) => Enumerable.Range(1, count).Select(i => Study(i)).ToList();
}
