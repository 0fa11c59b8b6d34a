using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma user add|list</c>: users and roles (ASP.NET Core Identity tables; no default users or passwords).</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Users and roles (Operator, QA, Viewer, Admin); passwords are hashed with ASP.NET Core Identity's hasher.");

        var name = new Argument<string>("NAME") { Description = "User name." };
        var role = new Option<string>("--role") { Description = $"Role: {string.Join(", ", StromaRoles.All)}.", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (required: passwords never appear on the command line)." };
        var fullName = new Option<string?>("--full-name") { Description = "Full name printed with signatures." };
        var actor = StoreCommand.UserOption("Who is adding the user (default $STROMA_USER, else the operating-system user).");
        var json = StoreCommand.JsonOption();
        var add = new Command("add", "Add a user with a role; the password comes from standard input.") { name, role, stdin, fullName, actor, json };
        StoreCommand.SetAction(add, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            if (!parse.GetValue(stdin)) throw new ManufacturingException("Give the password on standard input with --password-stdin (there are no default passwords).");
            var password = StoreCommand.ReadSecret("password");
            var info = await new UserService(db).AddAsync(parse.GetValue(name)!, parse.GetValue(role)!, password, StoreCommand.Actor(parse, actor), parse.GetValue(fullName), ct);
            if (parse.GetValue(json)) CliJson.Write(info);
            else AnsiConsole.MarkupLine($"[green]added[/] {Markup.Escape(info.UserName)} ({Markup.Escape(string.Join(", ", info.Roles))})");
            return 0;
        });

        var listJson = StoreCommand.JsonOption();
        var list = new Command("list", "List users and their roles.") { listJson };
        StoreCommand.SetAction(list, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var users = await new UserService(db).ListAsync(ct);
            if (parse.GetValue(listJson))
            {
                CliJson.Write(new { users });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("user").AddColumn("full name").AddColumn("roles").AddColumn("created (UTC)");
            foreach (var u in users)
                table.AddRow(Markup.Escape(u.UserName), Markup.Escape(u.FullName ?? ""), Markup.Escape(string.Join(", ", u.Roles)), u.CreatedUtc.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        });

        user.Subcommands.Add(add);
        user.Subcommands.Add(list);
        return user;
    }
}
