using Spectre.Console;

namespace Stroma.Cli.Rendering;

/// <summary>Human-readable output helpers; errors go to standard error so JSON on standard output stays
/// clean.</summary>
internal static class Output
{
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out =
        new AnsiConsoleOutput(Console.Error) });

    public static void Fail(string message) => Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    public static void Warn(string message) => Error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    public static string Number(double? value) => value switch
    {
        null => "",
        { } v when Math.Abs(v) >= 1e7 || (Math.Abs(v) < 1e-3 && v != 0) =>
            v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 1000 => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
    };
}
