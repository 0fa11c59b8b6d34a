using Stroma.Manufacturing;
using Stroma.Manufacturing.Release;

namespace Stroma.Web.Tests;

/// <summary>A plausible form for each state-changing route of the matrix (the access answer must not depend on it).</summary>
public static class Forms
{
    public static string Token<T>(T value) where T : struct, Enum => Terms.Tokens<T>().First(t => Terms.Parse<T>(t, "t").Equals(value));

    public static List<KeyValuePair<string, string>> For(string path, string who) => path switch
    {
        "/login" => [new("UserName", "nobody-" + who), new("Password", "not-a-password")],
        "/lots" => [new("Code", $"ACL-{who}-{Guid.NewGuid():N}"[..20]), new("Kind", Token(LotKind.DrugProduct)), new("Parent", "MCB-UC-301")],
        "/donors" => [new("Code", $"D-ACL-{who}-{Guid.NewGuid():N}"[..24]), new("Type", Token(Stroma.Knowledge.DonorType.Autologous)),
            new("Sex", Token(DonorSex.Female)), new("Age", "40")],
        // A new Viewer (Add); a user name no account has, so Disable/Enable/Role change nobody (the page refuses it).
        "/users?handler=Add" => [new("UserName", $"acl-{Guid.NewGuid():N}"[..16]), new("Role", "Viewer"),
            new("Password", "access-matrix-pass-1")],
        "/users?handler=Disable" or "/users?handler=Enable" or "/users?handler=Unlock" =>
            [new("UserName", "nobody-" + who)],
        "/users?handler=Role" => [new("UserName", "nobody-" + who), new("Role", "Viewer")],
        _ when path.EndsWith("handler=Consent", StringComparison.Ordinal) => [new("ConsentDate", "2026-05-01")],
        _ when path.EndsWith("handler=Screening", StringComparison.Ordinal) =>
            [new("OtherTest", $"HTLV-{who}-{Guid.NewGuid():N}"[..20]), new("Outcome", Token(ScreeningOutcome.Negative))],
        _ when path.EndsWith("/priming", StringComparison.Ordinal) =>
            [new("Agent", Token(PrimingAgent.Hypoxia)), new("Dose", "2"), new("DoseUnit", "% O2"), new("Hours", "24"), new("Date", "2026-09-01")],
        _ when path.EndsWith("handler=Freeze", StringComparison.Ordinal) =>
            [new("FreezeDate", "2026-09-01"), new("FreezeVials", "2"), new("FreezeCellsPerVial", "1e6"), new("FreezeViability", "95")],
        _ when path.EndsWith("handler=Thaw", StringComparison.Ordinal) => [new("ThawDate", "2026-09-02"), new("ThawVials", "1"), new("ThawViability", "90")],
        _ when path.EndsWith("/din", StringComparison.Ordinal) =>
            [new("Din", Stroma.Manufacturing.Isbt128.DonationIdentificationNumber.Create("G1234", 26, 301).ToString())],
        _ when path.EndsWith("handler=Passage", StringComparison.Ordinal) =>
        [
            new("PassageDate", "2026-09-01"), new("Seeded", "1e6"), new("Harvested", "4e6"),
            new("Supplement", Token(Stroma.Knowledge.MediumSupplement.HumanPlateletLysate)), new("System", Token(Stroma.Knowledge.CultureFormat.Monolayer)),
        ],
        _ when path.EndsWith("handler=Assign", StringComparison.Ordinal) =>
            [new("Route", Token(AdministrationRoute.Intravenous)), new("WeightKg", "70"), new("CellsPerKg", "1e6"), new("VolumeMl", "50")],
        _ when path.EndsWith("handler=Result", StringComparison.Ordinal) =>
            [new("Test", Token(ReleaseTest.Karyotype)), new("Text", "normal"), new("Method", "G-banding")],
        _ when path.EndsWith("handler=Accept", StringComparison.Ordinal) => [new("Field", "match")],
        _ when path.EndsWith("handler=Correct", StringComparison.Ordinal) =>
            [new("Field", "passage"), new("Value", "P3"), new("Reason", "access test by " + who)],
        _ when path.EndsWith("handler=Sign", StringComparison.Ordinal) =>
            [new("Disposition", Token(Disposition.Rejected)), new("Reason", "access test"), new("Password", "wrong-password")],
        _ => [],
    };
}
