using System.Text.RegularExpressions;

namespace Stroma.Cli;

/// <summary>Command-line parse errors in the user's words: the value expected, never a .NET type name.</summary>
internal static partial class ParseErrors
{
    /// <summary>
    /// Rewrites System.CommandLine's "Cannot parse argument 'x' for option '--o' as expected type 'T'. Did you mean
    /// one of the following? A B" as "… for option '--o': expected one of a, b." and names no type.
    /// </summary>
    public static string Readable(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message;
        var suggestions = text.IndexOf("Did you mean", StringComparison.Ordinal);
        if (suggestions >= 0 && ExpectedType().IsMatch(text)) text = text[..suggestions].TrimEnd();
        text = ExpectedType().Replace(text, m => $": expected {Expected(m.Groups[1].Value)}.");
        // Whatever else still spells a qualified type name.
        text = QualifiedType().Replace(text, "a value of the expected kind");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', lines);
    }

    private static string Expected(string name)
    {
        var type = typeof(ParseErrors).Assembly.GetType(name) ?? Type.GetType(name);
        if (type is { IsEnum: true })
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return name switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.DateOnly" or "System.DateTime" or "System.DateTimeOffset" => "a date such as 2026-06-01",
            "System.TimeSpan" => "a duration",
            "System.Uri" => "a URL",
            _ => "a value of the expected kind",
        };
    }

    [GeneratedRegex(@" as expected type '([^']+)'\.?", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"'?\b(?:System|Stroma|Microsoft)\.[\w.+`]+(?:\[[^\]]*\]+)?'?", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedType();
}
