using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary>
/// <c>stroma user add|list|disable|enable|unlock|role|password</c>: users and roles (ASP.NET Core Identity tables; no
/// default users or passwords). Managing users needs an Admin; the first Admin is created when no user exists.
/// </summary>
internal static class UserCommands
{
    private static Option<string?> AdminOption() => new("--user")
    {
        Description = "The Admin doing this: signed in with `stroma login`, or give --user NAME with --password-stdin.",
    };

    public static Command Create()
    {
        var user = new Command("user", "Users and roles (Operator, QA, Viewer, Admin); passwords are hashed with " +
            "ASP.NET Core Identity's hasher. " +
                                       "Managing users needs an Admin; when no user exists, `user add NAME --role " +
                                           "Admin` creates the first one.");

        var name = new Argument<string>("NAME") { Description = "User name." };
        var role = new Option<string>("--role") { Description = $"Role: {string.Join(", ", StromaRoles.All)}.",
            Required = true };
        var stdin = new Option<bool>("--password-stdin")
        {
            Description = "Read passwords from standard input (required): the new user's password; with --user " +
                "ADMIN, first line the Admin's password, second line the new user's.",
        };
        var fullName = new Option<string?>("--full-name") { Description = "Full name printed with signatures." };
        var admin = AdminOption();
        var json = StoreCommand.JsonOption();
        var db = StoreCommand.DbOption();
        var add = new Command("add", "Add a user with a role (Admin only; or the first Admin when no user exists).")
            { name, role, stdin, fullName, admin, json };
        StoreCommand.SetAction(add, db, async (parse, context, ct) =>
        {
            if (!parse.GetValue(stdin)) throw new ManufacturingException("Give the password on standard input with " +
                "--password-stdin (there are no default passwords).");
            var users = new UserService(context);
            var by = await users.IsEmptyAsync(ct) ? "bootstrap"
                : await StoreCommand.AuthenticateAsync(parse.GetValue(admin), parse.GetValue(admin) is not null,
                    context, StoreCommand.Database(parse, db), ct);
            var info = await users.AddAsAdminAsync(by, parse.GetValue(name)!, parse.GetValue(role)!,
                StoreCommand.ReadSecret("password"), parse.GetValue(fullName), ct);
            if (parse.GetValue(json)) CliJson.Write(info);
            else AnsiConsole.MarkupLine($"[green]added[/] {Markup.Escape(info.UserName)} " +
                $"({Markup.Escape(string.Join(", ", info.Roles))})");
            return 0;
        });

        var listJson = StoreCommand.JsonOption();
        var list = new Command("list", "List users, their roles and whether they are disabled or locked out.")
            { listJson };
        StoreCommand.SetAction(list, StoreCommand.DbOption(), async (parse, context, ct) =>
        {
            var users = await new UserService(context).ListAsync(ct);
            if (parse.GetValue(listJson))
            {
                CliJson.Write(new { users });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("user").AddColumn("full name")
                .AddColumn("roles").AddColumn("state").AddColumn("created (UTC)");
            foreach (var u in users)
                table.AddRow(Markup.Escape(u.UserName), Markup.Escape(u.FullName ?? ""),
                    Markup.Escape(string.Join(", ", u.Roles)), State(u),
                    u.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        });

        user.Subcommands.Add(add);
        user.Subcommands.Add(list);
        user.Subcommands.Add(Change("disable", "Disable a user: no sign-in, writes or signatures; the account and " +
            "its history stay (Admin only).",
            (s, by, n, _, ct) => s.SetDisabledAsync(by, n, true, ct)));
        user.Subcommands.Add(Change("enable", "Re-enable a disabled user (Admin only).", (s, by, n, _, ct) =>
            s.SetDisabledAsync(by, n, false, ct)));
        user.Subcommands.Add(Change("unlock", "End a lockout after failed password entries (Admin only).",
            (s, by, n, _, ct) => s.UnlockAsync(by, n, ct)));
        user.Subcommands.Add(Change("role", "Give a user exactly one role (Admin only).", (s, by, n, r, ct) =>
            s.SetRoleAsync(by, n, r!, ct), withRole: true));
        user.Subcommands.Add(Password());
        return user;
    }

    private static string State(UserInfo u) =>
        u.Disabled ? "disabled" : u.LockedUntilUtc is { } t
            ? $"locked until {t.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)}" : "active";

    private static Command Change(string verb, string description, Func<UserService, string, string, string?,
        CancellationToken, Task<UserInfo>> change, bool withRole = false)
    {
        var name = new Argument<string>("NAME") { Description = "User name." };
        var admin = AdminOption();
        var stdin = StoreCommand.PasswordStdinOption("Read the Admin's password (--user) from standard input, " +
            "instead of a `stroma login` sign-in.");
        var role = new Option<string>("--role") { Description = $"Role: {string.Join(", ", StromaRoles.All)}.",
            Required = true };
        var json = StoreCommand.JsonOption();
        var db = StoreCommand.DbOption();
        var command = new Command(verb, description) { name, admin, stdin, json };
        if (withRole) command.Options.Add(role);
        StoreCommand.SetAction(command, db, async (parse, context, ct) =>
        {
            var by = await StoreCommand.AuthenticateAsync(parse, admin, stdin, context,
                StoreCommand.Database(parse, db), ct);
            var info = await change(new UserService(context), by, parse.GetValue(name)!,
                withRole ? parse.GetValue(role) : null, ct);
            if (parse.GetValue(json)) CliJson.Write(info);
            else AnsiConsole.MarkupLine($"{Markup.Escape(info.UserName)}: " +
                $"{Markup.Escape(string.Join(", ", info.Roles))}, {State(info)}");
            return 0;
        });
        return command;
    }

    private static Command Password()
    {
        var user = new Option<string>("--user") { Description = "Whose password (yours).", Required = true };
        var stdin = new Option<bool>("--password-stdin")
            { Description = "Read the current password (first line) and the new one (second line) from standard " +
            "input (required)." };
        var command = new Command("password", "Change your own password (any user).") { user, stdin };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, context, ct) =>
        {
            if (!parse.GetValue(stdin)) throw new ManufacturingException("Give the current and the new password on " +
                "standard input with --password-stdin.");
            var current = StoreCommand.ReadSecret("current password");
            var next = StoreCommand.ReadSecret("new password");
            await new UserService(context).ChangePasswordAsync(parse.GetValue(user)!, current, next, ct);
            AnsiConsole.MarkupLine("[green]password changed[/]; your other sign-ins have ended");
            return 0;
        });
        return command;
    }
}
