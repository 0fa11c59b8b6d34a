using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CultureFormat = Stroma.Knowledge.CultureFormat;
using DonorType = Stroma.Knowledge.DonorType;
using MediumSupplement = Stroma.Knowledge.MediumSupplement;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Isbt128;
using Stroma.Manufacturing.Release;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>
/// Forms as a lab uses them: a refusal shows the form again as typed with the error beside its field, a save redirects
/// (Post/Redirect/Get) so a reload records nothing twice, values are checked for plausibility with explicit units,
/// vocabularies are choices, and messages are in web wording.
/// </summary>
public sealed partial class FormValidationTests(WebAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)].ToUpperInvariant();

    private static async Task<string> LotAsync(Session op)
    {
        var code = Unique("DP-FORM");
        using var created = await op.PostAsync("/lots",
            [new("Code", code), new("Kind", Forms.Token(LotKind.DrugProduct)), new("Parent", "WCB-BM-101")], await op.TokenAsync("/lots"));
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, Flash(await TextAsync(created)));
        return code;
    }

    private static List<KeyValuePair<string, string>> Passage(string date, string seeded, string harvested, string viability) =>
    [
        new("PassageDate", date), new("Seeded", seeded), new("Harvested", harvested), new("Viability", viability),
        new("Supplement", Forms.Token(MediumSupplement.HumanPlateletLysate)), new("System", Forms.Token(CultureFormat.Monolayer)),
    ];

    private static async Task<string> TextAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync(Ct);

    private static async Task<int> PassagesAsync(Session session, string lot)
    {
        using var response = await session.GetAsync($"/api/lots/{lot}");
        using var json = JsonDocument.Parse(await TextAsync(response));
        return json.RootElement.GetProperty("passages").GetArrayLength();
    }

    /// <summary>The error message shown beside a field (the validation span of that field), or "".</summary>
    private static string FieldError(string html, string field) =>
        Regex.Match(html, $"<span class=\"field-validation-error\" data-valmsg-for=\"{field}\"[^>]*>([^<]*)</span>") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value) : "";

    private static string Flash(string html) =>
        Regex.Match(html, "id=\"flash\"[^>]*>([^<]*)<") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : "";

    [Fact]
    public async Task A_viability_typed_as_a_fraction_is_refused_beside_its_field_and_the_form_keeps_what_was_typed()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotAsync(op);
        using var response = await op.PostAsync($"/lots/{lot}?handler=Passage", Passage("2026-09-01", "2e7", "1.6e8", "0.93"), await op.TokenAsync());
        var html = await TextAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("looks like a fraction", FieldError(html, "Viability"), StringComparison.Ordinal);
        Assert.Contains("value=\"1.6e8\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"0.93\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-09-01\"", html, StringComparison.Ordinal);
        Assert.Contains("Viability <span class=\"unit\">(%", html, StringComparison.Ordinal);
        Assert.Equal(0, await PassagesAsync(op, lot));
    }

    [Fact]
    public async Task A_saved_passage_redirects_so_a_reload_shows_the_lot_without_recording_it_twice()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotAsync(op);
        using var saved = await op.PostAsync($"/lots/{lot}?handler=Passage", Passage("2026-09-01", "2e7", "1.6e8", "95"), await op.TokenAsync());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/lots/{lot}", saved.Headers.Location!.OriginalString);
        using var shown = await op.GetAsync(saved.Headers.Location.OriginalString);
        Assert.Contains("Passage 1 recorded: PD 3.00", Flash(await TextAsync(shown)), StringComparison.Ordinal);
        using var reloaded = await op.GetAsync(saved.Headers.Location.OriginalString);
        Assert.Equal("", Flash(await TextAsync(reloaded)));
        Assert.Equal(1, await PassagesAsync(op, lot));
    }

    [Fact]
    public async Task A_harvest_dated_in_the_future_or_before_the_previous_passage_is_refused_on_the_date_field()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotAsync(op);
        var future = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var inFuture = await op.PostAsync($"/lots/{lot}?handler=Passage", Passage(future, "2e7", "1.6e8", "95"), await op.TokenAsync());
        Assert.Contains("to today", FieldError(await TextAsync(inFuture), "PassageDate"), StringComparison.Ordinal);
        using (var first = await op.PostAsync($"/lots/{lot}?handler=Passage", Passage("2026-09-10", "2e7", "1.6e8", "95"), await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var earlier = await op.PostAsync($"/lots/{lot}?handler=Passage", Passage("2026-09-03", "2e7", "1.6e8", "95"), await op.TokenAsync());
        Assert.Contains("on or after the harvest of passage 1 (2026-09-10)", FieldError(await TextAsync(earlier), "PassageDate"), StringComparison.Ordinal);
        Assert.Equal(1, await PassagesAsync(op, lot));
    }

    [Fact]
    public async Task A_mistyped_qualitative_result_is_refused_and_the_outcomes_are_offered_as_choices()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotAsync(op);
        using (var assigned = await op.PostAsync($"/release/{lot}?handler=Assign",
                   [new("Route", Forms.Token(AdministrationRoute.Intravenous)), new("WeightKg", "70"), new("CellsPerKg", "1e6"), new("VolumeMl", "50")],
                   await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        using var typo = await op.PostAsync($"/release/{lot}?handler=Result",
            [new("Test", Forms.Token(ReleaseTest.Karyotype)), new("Text", "nromal"), new("Method", "G-banding")], await op.TokenAsync());
        var html = await TextAsync(typo);
        Assert.Contains("one of: normal, abnormal", FieldError(html, "Text"), StringComparison.Ordinal);
        Assert.Contains("<option value=\"abnormal\">abnormal</option>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"G-banding\"", html, StringComparison.Ordinal);
        using var page = await op.GetAsync($"/release/{lot}");
        Assert.DoesNotContain("nromal", await TextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_release_page_shows_the_specification_version_number_not_razor_source()
    {
        using var viewer = await app.SessionAsync("vera");
        using var response = await viewer.GetAsync("/release/DP-BM-101");
        var html = await TextAsync(response);
        Assert.DoesNotContain("v@", html, StringComparison.Ordinal);
        Assert.Matches("id=\"spec-version\">[^<]+ v[0-9]+</strong>", html);
    }

    [Fact]
    public async Task Web_messages_name_the_form_fields_and_never_command_line_options()
    {
        using var op = await app.SessionAsync("olga");
        using var noParent = await op.PostAsync("/lots", [new("Code", Unique("DP-NOPARENT")), new("Kind", Forms.Token(LotKind.DrugProduct))],
            await op.TokenAsync("/lots"));
        var html = await TextAsync(noParent);
        Assert.Equal("Enter the parent lot.", FieldError(html, "Parent"));
        using var noDonor = await op.PostAsync("/lots", [new("Code", Unique("PC-NODONOR")), new("Kind", Forms.Token(LotKind.PrimaryCulture)),
            new("Source", Forms.Token(TissueSource.BoneMarrow)), new("Isolation", Forms.Token(IsolationMethod.Explant))], await op.TokenAsync("/lots"));
        Assert.Equal("Enter the donor of the primary culture.", FieldError(await TextAsync(noDonor), "Donor"));
        Assert.DoesNotMatch(" --[a-z]", html + await TextAsync(noDonor));
    }

    [Fact]
    public async Task A_refused_donor_keeps_the_form_and_a_viewer_may_not_register_one()
    {
        using var op = await app.SessionAsync("olga");
        var code = Unique("D-FORM");
        using var refused = await op.PostAsync("/donors", [new("Code", code), new("Type", Forms.Token(DonorType.Allogeneic)),
            new("Sex", Forms.Token(DonorSex.Male)), new("Age", "130")], await op.TokenAsync("/donors"));
        var html = await TextAsync(refused);
        Assert.Contains("0–120 years", FieldError(html, "Age"), StringComparison.Ordinal);
        Assert.Contains($"value=\"{code}\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"130\"", html, StringComparison.Ordinal);
        using var viewer = await app.SessionAsync("vera");
        using var denied = await viewer.PostAsync("/donors", [new("Code", code), new("Type", Forms.Token(DonorType.Allogeneic)),
            new("Sex", Forms.Token(DonorSex.Male))], await viewer.TokenAsync("/donors"));
        Assert.Equal(Access.Denied, AccessMatrix.Classify(denied, app.BaseUri));
        using var missing = await op.GetAsync($"/donors/{code}");
        Assert.Contains("does not exist", await TextAsync(missing), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_and_negative_screening_of_every_required_test_make_an_allogeneic_donor_eligible_and_the_audit_shows_old_and_new()
    {
        using var op = await app.SessionAsync("olga");
        var code = Unique("D-ELIG");
        using (var created = await op.PostAsync("/donors", [new("Code", code), new("Type", Forms.Token(DonorType.Allogeneic)),
                   new("Sex", Forms.Token(DonorSex.Female)), new("Age", "31")], await op.TokenAsync("/donors")))
            Assert.Equal($"/donors/{code}", created.Headers.Location!.OriginalString);
        Assert.Equal("ineligible", await EligibilityAsync(op, code));
        using (var consent = await op.PostAsync($"/donors/{code}?handler=Consent", [new("ConsentDate", "2026-05-01")], await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        Assert.Equal("incomplete", await EligibilityAsync(op, code));
        foreach (var test in Stroma.Manufacturing.Records.DonorEligibility.RequiredTests)
        {
            using var screened = await op.PostAsync($"/donors/{code}?handler=Screening",
                [new("Test", test), new("Outcome", Forms.Token(ScreeningOutcome.Negative))], await op.TokenAsync());
            Assert.Equal(HttpStatusCode.Redirect, screened.StatusCode);
        }
        Assert.Equal("eligible", await EligibilityAsync(op, code));
        using var twice = await op.PostAsync($"/donors/{code}?handler=Screening",
            [new("Test", "HBsAg"), new("Outcome", Forms.Token(ScreeningOutcome.Positive))], await op.TokenAsync());
        Assert.Contains("not overwritten", Flash(await TextAsync(twice)), StringComparison.Ordinal);
        using var audit = await op.GetAsync($"/audit?entity=Donor&key={code}");
        var html = await TextAsync(audit);
        Assert.Matches("<th>ConsentObtained</th><td> *<del>false</del> *</td><td>(→|&#x2192;)</td><td> *<ins>true</ins>", html);
    }

    private static async Task<string> EligibilityAsync(Session session, string donor)
    {
        using var response = await session.GetAsync($"/donors/{donor}");
        return Regex.Match(await TextAsync(response), "id=\"eligibility\">([a-z]+)<").Groups[1].Value;
    }

    [Fact]
    public async Task A_thaw_of_more_vials_than_are_in_stock_or_dated_before_the_freeze_is_refused()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotAsync(op);
        using (var frozen = await op.PostAsync($"/lots/{lot}/vials?handler=Freeze",
                   [new("FreezeDate", "2026-09-05"), new("FreezeVials", "10"), new("FreezeCellsPerVial", "5e6"), new("FreezeViability", "94")], await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, frozen.StatusCode);
        using var tooMany = await op.PostAsync($"/lots/{lot}/vials?handler=Thaw", [new("ThawDate", "2026-09-06"), new("ThawVials", "11")], await op.TokenAsync());
        Assert.Contains("has 10 vials in stock", Flash(await TextAsync(tooMany)), StringComparison.Ordinal);
        using var early = await op.PostAsync($"/lots/{lot}/vials?handler=Thaw", [new("ThawDate", "2026-09-01"), new("ThawVials", "1")], await op.TokenAsync());
        Assert.Contains("on or after the first freeze", FieldError(await TextAsync(early), "ThawDate"), StringComparison.Ordinal);
        using (var thawed = await op.PostAsync($"/lots/{lot}/vials?handler=Thaw", [new("ThawDate", "2026-09-06"), new("ThawVials", "3")], await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, thawed.StatusCode);
        using var page = await op.GetAsync($"/lots/{lot}/vials");
        Assert.Contains("id=\"vials-in-stock\">7<", await TextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_din_with_a_wrong_check_character_is_refused_and_an_assigned_din_prints_and_is_never_reassigned()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotAsync(op);
        var din = DonationIdentificationNumber.Create("G1234", 26, Random.Shared.Next(500_000, 999_999));
        var wrong = din.Data + (din.Check == 'A' ? 'B' : 'A');
        using var refused = await op.PostAsync($"/lots/{lot}/din", [new("Din", wrong)], await op.TokenAsync());
        var html = await TextAsync(refused);
        Assert.Contains("check character", Flash(html), StringComparison.Ordinal);
        Assert.Contains($"value=\"{wrong}\"", html, StringComparison.Ordinal);
        using (var assigned = await op.PostAsync($"/lots/{lot}/din", [new("Din", din.Formatted)], await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        using var label = await op.GetAsync($"/lots/{lot}/din/label");
        var document = await TextAsync(label);
        Assert.Contains("<svg", document, StringComparison.Ordinal);
        Assert.Contains($"={din.Data}00", document, StringComparison.Ordinal);
        Assert.StartsWith("sandbox;", label.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // The only style element is the report stylesheet the policy pins by hash, so the label keeps its layout.
        Assert.Single(Regex.Matches(document, "<style"));
        Assert.Contains($"<style>{Stroma.Reports.Html.HtmlDocument.Css}</style>", document, StringComparison.Ordinal);
        using var second = await op.PostAsync($"/lots/{lot}/din", [new("Din", DonationIdentificationNumber.Create("G1234", 26, 1).ToString())],
            await op.TokenAsync());
        Assert.Contains("a DIN is never reassigned", Flash(await TextAsync(second)), StringComparison.Ordinal);
        using var page = await op.GetAsync($"/lots/{lot}/din");
        Assert.Contains(din.Formatted, await TextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Times_are_shown_in_the_facility_zone_with_the_zone_and_its_offset_named()
    {
        var clock = new Stroma.Web.Infrastructure.LocalClock("Europe/Berlin");
        var summer = new DateTime(2026, 7, 1, 12, 30, 0, DateTimeKind.Utc);
        var winter = new DateTime(2026, 12, 1, 12, 30, 0, DateTimeKind.Utc);
        Assert.Equal("2026-07-01 14:30 Europe/Berlin (UTC+02:00)", clock.Text(summer));
        Assert.Equal("2026-12-01 13:30 Europe/Berlin (UTC+01:00)", clock.Text(winter));
        Assert.Equal("2026-12-01 12:30 UTC", new Stroma.Web.Infrastructure.LocalClock("Etc/UTC").Text(winter));
    }
}
