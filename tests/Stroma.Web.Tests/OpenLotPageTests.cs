using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>Pages that list only open lots decide it with the domain's rule (LotStatus.IsOpen), not token literals.</summary>
public sealed partial class OpenLotPageTests(WebAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> TextAsync(Session session, string path)
    {
        using var response = await session.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(Ct);
    }

    // Read first: a lot closed now stays closed (other tests may release or add lots meanwhile, never reopen one).
    private static async Task<string[]> ClosedLotsAsync(Session session)
    {
        using var json = JsonDocument.Parse(await TextAsync(session, "/api/lots"));
        return json.RootElement.EnumerateArray()
            .Where(l => l.GetProperty("status").GetString() is "released" or "rejected")
            .Select(l => l.GetProperty("code").GetString()!).ToArray();
    }

    [Fact]
    public async Task The_identity_page_offers_no_released_or_rejected_lot()
    {
        using var operatorSession = await app.SessionAsync("olga");
        var closed = await ClosedLotsAsync(operatorSession);
        Assert.NotEmpty(closed);
        var html = await TextAsync(operatorSession, "/identity");
        var select = html[html.IndexOf("id=\"identity-lot\"", StringComparison.Ordinal)..];
        select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
        var offered = LotOption().Matches(select).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(offered);
        Assert.Empty(offered.Intersect(closed, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_lists_no_released_or_rejected_lot_as_needing_attention()
    {
        using var viewer = await app.SessionAsync("vera");
        var closed = await ClosedLotsAsync(viewer);
        var html = await TextAsync(viewer, "/");
        var attention = LotLink().Matches(html[html.IndexOf("Lots needing attention", StringComparison.Ordinal)..])
            .Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(attention);
        Assert.Empty(attention.Intersect(closed, StringComparer.Ordinal));
    }

    [GeneratedRegex("<option value=\"([^\"]+)\">")]
    private static partial Regex LotOption();

    [GeneratedRegex("<tr><td><a href=\"/lots/([^\"]+)\">")]
    private static partial Regex LotLink();
}
