using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>The trial review pages over HTTP: the queue, decisions by role, Post/Redirect/Get, refusals, curated tables.</summary>
public sealed partial class CurationWebTests(WebAppFixture app)
{
    // Fictional demo records (the access matrix decides on NCT91000001; these tests use others).
    private const string Corrected = "NCT91000004";
    private const string Refused = "NCT91000006";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> HtmlAsync(Session session, string path)
    {
        using var response = await session.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<HttpResponseMessage> PostAsync(Session session, string nct, string handler, params (string, string)[] fields)
    {
        var token = await session.TokenAsync($"/trials/review/{nct}");
        return await session.PostAsync($"/trials/review/{nct}?handler={handler}", fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), token);
    }

    [Fact]
    public async Task The_queue_lists_trials_least_certain_first()
    {
        using var viewer = await app.SessionAsync("vera");
        var html = await HtmlAsync(viewer, "/trials/review");
        var scores = ConfidenceCell().Matches(html).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(scores.Count >= 5, "the demo's trials are queued");
        var open = OpenCell().Matches(html).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var openScores = scores.Where((_, i) => open[i] > 0).ToList();
        Assert.Equal(openScores.Order(), openScores);
    }

    [Fact]
    public async Task A_viewer_reads_a_trial_with_its_evidence_but_is_offered_no_decision_and_cannot_post_one()
    {
        using var viewer = await app.SessionAsync("vera");
        var html = await HtmlAsync(viewer, $"/trials/review/{Refused}");
        Assert.Contains("id=\"field-route\"", html, StringComparison.Ordinal);
        Assert.Contains("<mark>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"accept-route\"", html, StringComparison.Ordinal);
        // A viewer still has an anti-forgery token (the sign-out form), but the decision is refused.
        var token = await viewer.TokenAsync("/");
        using var post = await viewer.PostAsync($"/trials/review/{Refused}?handler=Accept", [new("Field", "route")], token);
        Assert.Equal(Access.Denied, AccessMatrix.Classify(post, app.BaseUri));
    }

    [Fact]
    public async Task An_operator_correction_is_stored_shown_after_the_redirect_and_used_by_the_curated_tables()
    {
        using var olga = await app.SessionAsync("olga");
        using var post = await PostAsync(olga, Corrected, "Correct", ("Field", "route"), ("Value", "intramuscular"), ("Reason", "the arm injects the thigh"));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal($"/trials/review/{Corrected}", post.Headers.Location?.OriginalString);
        var html = await HtmlAsync(olga, $"/trials/review/{Corrected}");
        Assert.Contains("Corrected route: intramuscular.", html, StringComparison.Ordinal);
        Assert.Matches("corrected to intramuscular by olga, [0-9-]+ [0-9:]+ UTC: the arm injects the thigh", html);
        // The message is shown once (Post/Redirect/Get): a reload shows the stored decision only.
        Assert.DoesNotContain("Corrected route: intramuscular.", await HtmlAsync(olga, $"/trials/review/{Corrected}"), StringComparison.Ordinal);

        var tables = await HtmlAsync(olga, "/trials/review/tables");
        Assert.Matches($"(?s)<tr data-nct=\"{Corrected}\">(?:(?!</tr>).)*<td class=\"reviewed\" data-column=\"Route\">intramuscular (?:✓|&#x2713;)</td>", tables);
    }

    [Theory]
    [InlineData("route", "intravenously", "expected one of intravenous")]
    [InlineData("route", "intramuscular", "a reason for the correction")]
    [InlineData("dose_count", "0", "a whole number from 1")]
    public async Task A_correction_outside_the_vocabulary_or_without_a_reason_is_refused_and_nothing_is_stored(string field, string value, string message)
    {
        using var olga = await app.SessionAsync("olga");
        var reason = message.Contains("reason", StringComparison.Ordinal) ? "" : "checked";
        using var post = await PostAsync(olga, Refused, "Correct", ("Field", field), ("Value", value), ("Reason", reason));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var html = await HtmlAsync(olga, $"/trials/review/{Refused}");
        Assert.Contains(WebUtility.HtmlEncode(message), html, StringComparison.Ordinal);
        Assert.Contains($"id=\"field-{field}\" data-state=\"pending\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_without_the_anti_forgery_token_is_refused()
    {
        using var olga = await app.SessionAsync("olga");
        using var post = await olga.PostAsync($"/trials/review/{Refused}?handler=Accept", [new("Field", "match")], token: null);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task An_unknown_trial_is_not_found()
    {
        using var olga = await app.SessionAsync("olga");
        using var response = await olga.GetAsync("/trials/review/NCT00000000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex(@"<td class=""confidence \w+"">([0-9.]+) ")]
    private static partial Regex ConfidenceCell();

    [GeneratedRegex(@"<td class=""num"">([0-9]+)</td>")]
    private static partial Regex OpenCell();
}
