using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stroma.Manufacturing;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>
/// Corrections on the lot and donor pages (Operator and above; a Viewer is refused), freeze and thaw forms that keep
/// their own values, and the identity report shown after recording it.
/// </summary>
public sealed partial class CorrectionWebTests(WebAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> TextAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync(Ct);

    private static async Task<string> LotWithPassageAsync(Session op)
    {
        var code = $"DP-COR-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        using (var created = await op.PostAsync("/lots",
                   [new("Code", code), new("Kind", Forms.Token(LotKind.DrugProduct)), new("Parent", "WCB-BM-101")], await op.TokenAsync("/lots")))
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using (var passage = await op.PostAsync($"/lots/{code}?handler=Passage",
                   [new("PassageDate", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("Seeded", "1e6"),
                    new("Harvested", "8e6"), new("Viability", "95"), new("Supplement", Forms.Token(Stroma.Knowledge.MediumSupplement.HumanPlateletLysate)),
                    new("System", Forms.Token(Stroma.Knowledge.CultureFormat.Monolayer))], await op.TokenAsync($"/lots/{code}")))
            Assert.Equal(HttpStatusCode.Redirect, passage.StatusCode);
        return code;
    }

    [Fact]
    public async Task An_operator_corrects_a_passage_with_a_reason_the_old_value_stays_struck_through_and_the_api_returns_the_history()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotWithPassageAsync(op);
        using (var noReason = await op.PostAsync($"/lots/{lot}?handler=Correct",
                   [new("CorrectPassage", "1"), new("CorrectField", "harvested_cells"), new("CorrectValue", "1.6e7"), new("CorrectReason", " ")],
                   await op.TokenAsync($"/lots/{lot}")))
        {
            var html = await TextAsync(noReason);
            Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
            Assert.Matches("data-valmsg-for=\"CorrectReason\"[^>]*>A correction needs a reason", html);
            Assert.Contains("value=\"1.6e7\"", html, StringComparison.Ordinal);
        }
        using (var corrected = await op.PostAsync($"/lots/{lot}?handler=Correct",
                   [new("CorrectPassage", "1"), new("CorrectField", "harvested_cells"), new("CorrectValue", "1.6e7"),
                    new("CorrectReason", "counter read <twice> the dilution")], await op.TokenAsync($"/lots/{lot}")))
            Assert.Equal($"/lots/{lot}", corrected.Headers.Location!.OriginalString);
        using var page = await op.GetAsync($"/lots/{lot}");
        var text = await TextAsync(page);
        Assert.Contains("<del class=\"superseded\">8000000</del>", text, StringComparison.Ordinal);
        Assert.Matches("<table id=\"history\">.*<del>8000000</del></td><td>16000000</td><td>olga</td>", text.ReplaceLineEndings(""));
        Assert.Contains("counter read &lt;twice&gt; the dilution", text, StringComparison.Ordinal);

        using var api = await op.GetAsync($"/api/lots/{lot}");
        using var json = JsonDocument.Parse(await TextAsync(api));
        var correction = Assert.Single(json.RootElement.GetProperty("corrections").EnumerateArray());
        Assert.Equal(("8000000", "16000000", "counter read <twice> the dilution"), (correction.GetProperty("oldValue").GetString(),
            correction.GetProperty("newValue").GetString(), correction.GetProperty("reason").GetString()));
        Assert.Equal(16e6, json.RootElement.GetProperty("passages")[0].GetProperty("harvestedCells").GetDouble());

        using var viewer = await app.SessionAsync("vera");
        using var refused = await viewer.PostAsync($"/lots/{lot}?handler=Correct",
            [new("CorrectPassage", "1"), new("CorrectField", "harvested_cells"), new("CorrectValue", "2e7"), new("CorrectReason", "no")],
            await viewer.TokenAsync($"/lots/{lot}"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("denied", refused.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        using var after = await op.GetAsync($"/api/lots/{lot}");
        using var afterJson = JsonDocument.Parse(await TextAsync(after));
        Assert.Single(afterJson.RootElement.GetProperty("corrections").EnumerateArray());
        Assert.DoesNotContain("id=\"correct-form\"", await TextAsync(await viewer.GetAsync($"/lots/{lot}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_thaw_keeps_the_thaw_forms_values_and_error_and_leaves_the_freeze_form_alone()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotWithPassageAsync(op);
        using var refused = await op.PostAsync($"/lots/{lot}/vials?handler=Thaw", [new("ThawDate", "2026-09-06"), new("ThawVials", "11")],
            await op.TokenAsync($"/lots/{lot}/vials"));
        var html = await TextAsync(refused);
        Assert.Matches("id=\"thaw-vials\"[^>]*value=\"11\"|value=\"11\"[^>]*id=\"thaw-vials\"", html);
        Assert.DoesNotMatch("id=\"freeze-vials\"[^>]*value=\"11\"|value=\"11\"[^>]*id=\"freeze-vials\"", html);
        Assert.Equal(1, Regex.Count(html, "name=\"ThawVials\""));
        Assert.Equal(1, Regex.Count(html, "name=\"FreezeVials\""));
        Assert.DoesNotContain("name=\"Vials\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_an_identity_analysis_lands_on_a_page_showing_its_report()
    {
        using var op = await app.SessionAsync("olga");
        var lot = await LotWithPassageAsync(op);
        using (var assigned = await op.PostAsync($"/release/{lot}?handler=Assign", Forms.For($"/release/{lot}?handler=Assign", "olga"),
                   await op.TokenAsync($"/release/{lot}")))
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var tubes = app.Tubes;
        using var recorded = await op.PostMultipartAsync("/identity", [new("Panel", "isct-2006"), new("Lot", lot)],
            [("Stained", "stained.fcs", File.ReadAllBytes(tubes.Stained[0])), ("Controls", "isotype.fcs", File.ReadAllBytes(tubes.Controls[0]))],
            await op.TokenAsync("/identity"));
        Assert.True(recorded.StatusCode == HttpStatusCode.Redirect,
            Regex.Match(await TextAsync(recorded), "id=\"flash\"[^>]*>([^<]*)<").Groups[1].Value);
        var location = recorded.Headers.Location!.OriginalString;
        Assert.Equal($"/identity?recorded={lot}", location);
        using var page = await op.GetAsync(location);
        var html = await TextAsync(page);
        Assert.Matches("<iframe class=\"report\" title=\"Identity report\" sandbox=\"\"[^>]*srcdoc=\"[^\"]{200,}\"", html);
        Assert.Contains($"href=\"/release/{lot}\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"verdict\">(PASS|FAIL|INCONCLUSIVE)<", html);
        Assert.Contains("Identity analysis recorded on lot", html, StringComparison.Ordinal);
    }
}
