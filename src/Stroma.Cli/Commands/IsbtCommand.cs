using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing.Isbt128;
using Stroma.Reports.Manufacturing;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma isbt din|check|label</c>: ISBT 128 Donation Identification Numbers with their ISO 7064 MOD 37-2
/// check character.</summary>
internal static class IsbtCommand
{
    public static Command Create()
    {
        var isbt = new Command("isbt", "ISBT 128 Donation Identification Numbers (DIN): generation, check-character " +
            "validation, printable Code 128 label.");

        var facility = new Option<string>("--facility") { Description = "Facility identification number, e.g. G1234.",
            Required = true };
        var year = new Option<int>("--year") { Description = "Two-digit year, e.g. 26.", Required = true };
        var serial = new Option<int>("--serial") { Description = "Sequence number 0–999999.", Required = true };
        var json = StoreCommand.JsonOption();
        var din = new Command("din", "Print a DIN with its check character.") { facility, year, serial, json };
        StoreCommand.SetAction(din, parse =>
        {
            var value = DonationIdentificationNumber.Create(parse.GetValue(facility)!, parse.GetValue(year),
                parse.GetValue(serial));
            if (parse.GetValue(json)) CliJson.Write(Describe(value));
            else Console.Out.WriteLine(value.ToString());
            return 0;
        });

        var text = new Argument<string>("DIN") { Description = "DIN with check character, e.g. G123498654321H or " +
            "\"G1234 98 654321 H\"." };
        var checkJson = StoreCommand.JsonOption();
        var check = new Command("check", "Validate a DIN's check character (exit 0 valid, 1 invalid).")
            { text, checkJson };
        check.SetAction(parse =>
        {
            var ok = DonationIdentificationNumber.TryParse(parse.GetValue(text), out var value, out var error);
            if (parse.GetValue(checkJson)) CliJson.Write(ok ? Describe(value!) with { Valid = true }
                : new DinJson(parse.GetValue(text)!, null, null, null, null, null, null)
                { Valid = false, Error = error });
            else if (ok) AnsiConsole.MarkupLine($"[green]valid[/] {Markup.Escape(value!.Formatted)}");
            else StoreCommand.Error(error);
            return ok ? 0 : 1;
        });

        var labelDin = new Argument<string>("DIN") { Description = "DIN with check character." };
        var output = new Option<string>("--out") { Description = "HTML label file.", Required = true };
        var product = new Option<string?>("--product")
            { Description = "Product line printed under the DIN (e.g. the nomenclature label)." };
        var label = new Command("label", "Write a printable HTML label with the DIN as a Code 128 bar code.")
            { labelDin, output, product };
        StoreCommand.SetAction(label, parse =>
        {
            var value = DonationIdentificationNumber.Parse(parse.GetValue(labelDin)!);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            Stroma.IO.AtomicFile.WriteAllText(path, DinLabel.Render(value, parse.GetValue(product)));
            AnsiConsole.MarkupLine($"[green]label[/] {Markup.Escape(path)}");
            return 0;
        });

        isbt.Subcommands.Add(din);
        isbt.Subcommands.Add(check);
        isbt.Subcommands.Add(label);
        return isbt;
    }

    private sealed record DinJson(string Din, string? Data, string? Check, string? Formatted, string? Facility,
        int? Year, int? Sequence)
    {
        public bool Valid { get; init; } = true;
        public string? Error { get; init; }
        public string? BarcodeData { get; init; }
    }

    private static DinJson Describe(DonationIdentificationNumber din) =>
        new(din.ToString(), din.Data, din.Check.ToString(), din.Formatted, din.Facility, din.Year, din.Sequence)
            { BarcodeData = din.BarcodeData() };
}
