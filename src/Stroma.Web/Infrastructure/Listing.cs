using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Stroma.Web.Infrastructure;

/// <summary>One page of a list and where it sits in the whole.</summary>
/// <typeparam name="T">Row type.</typeparam>
/// <param name="Items">Rows of this page.</param>
/// <param name="Page">Page number (1-based).</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Total">Rows matching the filters.</param>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>Number of pages (at least 1).</summary>
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Sorting, paging and links of the list pages (lots, results, audit, trials); the query string carries the state
/// (the page number is "p": "page" is the route value Razor Pages reserves for the page name).
/// </summary>
public static class Listing
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 25;

    /// <summary>The page (clamped to the pages there are).</summary>
    public static ListPage<T> Page<T>(IReadOnlyList<T> rows, int page, int size = PageSize)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var pages = Math.Max(1, (rows.Count + size - 1) / size);
        var p = Math.Clamp(page, 1, pages);
        return new ListPage<T>(rows.Skip((p - 1) * size).Take(size).ToArray(), p, size, rows.Count);
    }

    /// <summary>Rows ordered by the named key (unknown names: the first key), ascending unless <paramref
    /// name="descending"/>.</summary>
    public static IReadOnlyList<T> Sort<T>(IEnumerable<T> rows, string? sort, bool descending,
        IReadOnlyDictionary<string, Func<T, IComparable?>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var key = sort is not null && keys.TryGetValue(sort, out var k) ? k : keys.Values.First();
        var comparer = Comparer<IComparable?>.Create(Compare);
        return (descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer)).ToArray();
    }

    private static int Compare(IComparable? a, IComparable? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : a is string s && b is string t
            ? string.Compare(s, t, StringComparison.OrdinalIgnoreCase) : a.CompareTo(b);

    /// <summary>Whether <paramref name="haystack"/> contains <paramref name="q"/> (case-insensitive); true when q is
    /// blank.</summary>
    public static bool Matches(string? q, params string?[] haystack) =>
        string.IsNullOrWhiteSpace(q) || haystack.Any(h => h is not null
            && h.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The current URL with some query keys replaced (null removes one).</summary>
    public static string Link(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            if (value is null) query.Remove(key);
            else query[key] = value;
        }
        var builder = new QueryBuilder(query.Where(q => q.Value.Length > 0)
            .Select(q => new KeyValuePair<string, string>(q.Key, q.Value)));
        return request.PathBase + request.Path + builder.ToQueryString();
    }

    /// <summary>A column header that sorts by <paramref name="key"/> (a second click reverses the order).</summary>
    public static IHtmlContent SortHeader(HttpRequest request, string key, string label, string? sort, bool descending)
    {
        var active = string.Equals(sort, key, StringComparison.OrdinalIgnoreCase);
        var href = Link(request, ("sort", key), ("dir", active && !descending ? "desc" : "asc"), ("p", null));
        var builder = new HtmlContentBuilder();
        builder.AppendHtml("<a class=\"sort\" href=\"");
        builder.Append(href);
        builder.AppendHtml("\">");
        builder.Append(label + (active ? descending ? " ▼" : " ▲" : ""));
        builder.AppendHtml("</a>");
        return builder;
    }

    /// <summary>"Rows a–b of n" and previous/next links.</summary>
    public static IHtmlContent Pager<T>(HttpRequest request, ListPage<T> page, string id)
    {
        ArgumentNullException.ThrowIfNull(page);
        var builder = new HtmlContentBuilder();
        var first = page.Total == 0 ? 0 : (page.Page - 1) * page.PageSize + 1;
        var last = Math.Min(page.Total, page.Page * page.PageSize);
        builder.AppendHtml($"<nav class=\"pager\" id=\"{id}\"><span class=\"muted\">");
        builder.Append(string.Create(CultureInfo.InvariantCulture,
            $"rows {first}–{last} of {page.Total} · page {page.Page} of {page.Pages}"));
        builder.AppendHtml("</span>");
        if (page.Page > 1) Anchor(builder, Link(request, ("p", (page.Page - 1).ToString(CultureInfo.InvariantCulture))),
            "← previous", "prev");
        if (page.Page < page.Pages) Anchor(builder, Link(request,
            ("p", (page.Page + 1).ToString(CultureInfo.InvariantCulture))), "next →", "next");
        builder.AppendHtml("</nav>");
        return builder;
    }

    private static void Anchor(HtmlContentBuilder builder, string href, string text, string rel)
    {
        builder.AppendHtml($"<a rel=\"{rel}\" class=\"{rel}\" href=\"");
        builder.Append(href);
        builder.AppendHtml("\">");
        builder.Append(text);
        builder.AppendHtml("</a>");
    }
}
