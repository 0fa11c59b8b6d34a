using System.Net;
using System.Text.Encodings.Web;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using CultureFormat = Stroma.Knowledge.CultureFormat;
using MediumSupplement = Stroma.Knowledge.MediumSupplement;
using Stroma.Storage;
using Stroma.Storage.Services;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>
/// Every tissue source and every priming agent a lot can hold, stored and then shown: each lot page answers 200 and
/// shows the value's human label (Terms) HTML-encoded, and the lot list API still answers. A value the knowledge base
/// has no entry for (placenta/amnion, other) once made the lot page answer 500.
/// </summary>
public sealed class LotVocabularyPageTests(WebAppFixture app)
{
    private const string Operator = "olga";
    private const string Donor = "D-VOCAB-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IReadOnlyList<(string Code, string Label)>> StoreAsync()
    {
        await using var db = await StromaDatabase.OpenAsync(app.Demo.Database);
        await new DonorService(db).AddAsync(new DonorInput(Donor, Stroma.Knowledge.DonorType.Allogeneic, 29,
            DonorSex.Male, true, new DateOnly(2026, 1, 7),
            DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), Operator, Ct);
        var lots = new LotService(db);
        var shown = new List<(string, string)>();
        async Task<string> Lot(string code, TissueSource source)
        {
            await lots.CreateAsync(new LotInput(code, LotKind.PrimaryCulture)
            {
                Donor = Donor, Source = source, Isolation = IsolationMethod.EnzymaticDigestion,
            }, Operator, Ct);
            return code;
        }
        foreach (var source in Enum.GetValues<TissueSource>())
            shown.Add((await Lot($"VOCAB-SRC-{source}", source), Terms.Label(source)));
        foreach (var agent in Enum.GetValues<PrimingAgent>())
        {
            // Primed lots from the sources the knowledge base lacks, so both gaps meet on one page.
            var code = await Lot($"VOCAB-PRI-{agent}",
                agent == PrimingAgent.Other ? TissueSource.Other : TissueSource.PlacentaAmnion);
            await lots.AddPassageAsync(code, new PassageInput(new DateOnly(2026, 2, 1), 1e6, 3e6,
                MediumSupplement.FetalBovineSerum, CultureFormat.Monolayer), Operator, Ct);
            await lots.AddPrimingAsync(code, new PrimingInput(agent, 24, new DateOnly(2026, 2, 2))
            {
                Detail = "agent <as described> & \"quoted\"",
            }, Operator, Ct);
            shown.Add((code, Terms.Label(agent)));
        }
        return shown;
    }

    [Fact]
    public async Task Every_tissue_source_and_priming_agent_lot_page_answers_200_with_its_label_encoded()
    {
        var shown = await StoreAsync();
        Assert.Equal(Enum.GetValues<TissueSource>().Length + Enum.GetValues<PrimingAgent>().Length, shown.Count);
        using var session = await app.SessionAsync(Operator);
        foreach (var (code, label) in shown)
        {
            using var response = await session.GetAsync($"/lots/{code}");
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/lots/{code} answered {(int)response.StatusCode}");
            Assert.Contains(HtmlEncoder.Default.Encode(label), html, StringComparison.Ordinal);
            Assert.DoesNotContain("<as described>", html, StringComparison.Ordinal);
        }

        using var list = await session.GetAsync("/api/lots");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var json = await list.Content.ReadAsStringAsync(Ct);
        Assert.All(shown, s => Assert.Contains($"\"{s.Code}\"", json, StringComparison.Ordinal));
    }
}
