namespace Stroma.Cytometry.Tests.Support;

/// <summary>
/// Seeded, reproducible mutations of an XML document for fuzz tests: spans deleted, duplicated or
/// swapped, characters replaced by markup-significant ones, numbers replaced by hostile literals,
/// truncation. The same seed always yields the same mutants.
/// </summary>
internal static class XmlMutator
{
    private static readonly string[] Literals = ["NaN", "1e999", "-1e999", "", "-0", "0", "1e-320", "abc", "2147483648", "-1", "&amp;", "\"", "<"];
    private const string Markup = "<>&\"'/=:- 0123456789abcxX\\";

    public static IEnumerable<(int Index, string Text)> Mutants(string document, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var text = document;
            var steps = 1 + random.Next(3);
            for (var s = 0; s < steps && text.Length > 2; s++) text = Mutate(text, random);
            yield return (i, text);
        }
    }

    private static string Mutate(string text, Random random)
    {
        var at = random.Next(text.Length);
        var length = Math.Min(1 + random.Next(40), text.Length - at);
        switch (random.Next(6))
        {
            case 0:
                return text.Remove(at, length);
            case 1:
                return text.Insert(random.Next(text.Length), text.Substring(at, length));
            case 2:
                return text[..at] + Markup[random.Next(Markup.Length)] + text[(at + 1)..];
            case 3:
            {
                // Replace the next attribute value with a hostile literal.
                var quote = text.IndexOf('"', at);
                var end = quote < 0 ? -1 : text.IndexOf('"', quote + 1);
                return end < 0 ? text : text[..(quote + 1)] + Literals[random.Next(Literals.Length)] + text[end..];
            }
            case 4:
                return text[..at];
            default:
            {
                var other = random.Next(text.Length - length + 1);
                var a = text.Substring(at, length);
                var b = text.Substring(other, length);
                return text.Remove(at, length).Insert(at, b).Remove(other, length).Insert(other, a);
            }
        }
    }
}
