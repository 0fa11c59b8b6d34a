using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Shows stored UTC instants in the facility's time zone with the zone named (ALCOA+ "contemporaneous": a reader
/// must know which clock a time is on). Records keep UTC; only display converts. Server-side, so pages stay free of
/// script under the content security policy.
/// </summary>
public sealed class LocalClock
{
    /// <summary>Creates the clock for a zone (IANA or Windows id); null or blank: the server's local zone.</summary>
    public LocalClock(string? zoneId)
    {
        Zone = string.IsNullOrWhiteSpace(zoneId) ? TimeZoneInfo.Local
            : TimeZoneInfo.FindSystemTimeZoneById(zoneId.Trim());
    }

    /// <summary>The facility's zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The zone's name as shown (IANA id, or "UTC").</summary>
    public string ZoneName => Zone.Id is "Etc/UTC" or "UTC" or "Etc/Universal" ? "UTC" : Zone.Id;

    /// <summary>The instant in the facility zone, e.g. "2026-12-02 15:21 Europe/Berlin (UTC+01:00)".</summary>
    public string Text(DateTime utc, bool seconds = false)
    {
        var u = utc.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(utc, DateTimeKind.Utc)
            : utc.ToUniversalTime();
        var local = TimeZoneInfo.ConvertTimeFromUtc(u, Zone);
        var offset = Zone.GetUtcOffset(u);
        var time = local.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (offset == TimeSpan.Zero && ZoneName == "UTC") return time + " UTC";
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{time} {ZoneName} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary>A <c>&lt;time&gt;</c> element: facility time as text, the UTC instant in <c>datetime</c> and the
    /// title.</summary>
    public IHtmlContent Show(DateTime utc, bool seconds = false)
    {
        var u = utc.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(utc, DateTimeKind.Utc)
            : utc.ToUniversalTime();
        var iso = u.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<time datetime=\"{iso}\" title=\"{iso} (UTC, as stored)\">");
        builder.Append(Text(u, seconds));
        builder.AppendHtml("</time>");
        return builder;
    }
}
