using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Stroma.Manufacturing;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Reads what was typed into a form field by field: a value that cannot be read becomes an error on that field (the
/// form is shown again with everything as typed), never an exception. Only parsing lives here; ranges and rules are
/// the domain's, and a refused domain call is mapped back to its field by <see cref="Refused"/>.
/// </summary>
public sealed class FormReader(ModelStateDictionary state)
{
    /// <summary>Whether every field read so far could be read.</summary>
    public bool Valid => state.IsValid;

    /// <summary>A number ("1e6" or "1000000", invariant culture); null when blank and not required.</summary>
    public double? Number(string field, string? text, string label, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) state.AddModelError(field, $"Enter the {label}.");
            return null;
        }
        if (InputText.TryNumber(text, out var v)) return v;
        state.AddModelError(field, $"“{text}” is not a number; write e.g. 1e6 or 1000000 (a point for decimals).");
        return null;
    }

    /// <summary>A whole number; null when blank and not required.</summary>
    public int? Integer(string field, string? text, string label, bool required = false)
    {
        var n = Number(field, text, label, required);
        if (n is not { } v) return null;
        if (v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue) return (int)v;
        state.AddModelError(field, $"The {label} is a whole number; “{text}” given.");
        return null;
    }

    /// <summary>A date (yyyy-MM-dd, as a date input sends it); null when blank and not required.</summary>
    public DateOnly? Date(string field, string? text, string label, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) state.AddModelError(field, $"Enter the {label}.");
            return null;
        }
        if (InputText.TryDate(text, out var d)) return d;
        state.AddModelError(field, $"“{text}” is not a date (yyyy-mm-dd).");
        return null;
    }

    /// <summary>One value of a vocabulary chosen from a list; null when blank and not required.</summary>
    public T? Choice<T>(string field, string? token, string label, bool required = true) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            if (required) state.AddModelError(field, $"Choose the {label}.");
            return null;
        }
        if (Terms.TryParse<T>(token, out var value)) return value;
        state.AddModelError(field, $"Choose the {label} from the list.");
        return null;
    }

    /// <summary>Required text, trimmed.</summary>
    public string? Text(string field, string? text, string label, bool required = true)
    {
        if (!string.IsNullOrWhiteSpace(text)) return text.Trim();
        if (required) state.AddModelError(field, $"Enter the {label}.");
        return null;
    }

    /// <summary>
    /// Shows a refused domain call on the form: on the field it names when the domain said which (an
    /// <see cref="InvalidValueException"/> whose field is in <paramref name="fields"/>), else above the form.
    /// </summary>
    public void Refused(ManufacturingException error, IReadOnlyDictionary<string, string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var key = error is InvalidValueException { Field: var f } && fields is not null
            && fields.TryGetValue(f, out var k) ? k : "";
        state.AddModelError(key, error.Message);
    }
}

/// <summary>Choice lists of the controlled vocabulary for &lt;select&gt;: the stored token as value, the human label as
/// text.</summary>
public static class Choices
{
    /// <summary>Text of the empty entry of a required choice.</summary>
    public const string Choose = "— choose —";

    /// <summary>Text of the empty entry of an optional choice.</summary>
    public const string None = "—";

    /// <summary>Every value of <typeparamref name="T"/>, optionally led by an empty "choose" entry.</summary>
    public static IReadOnlyList<SelectListItem> Of<T>(string? blank = null) where T : struct, Enum
    {
        var items = Terms.Choices<T>().Select(c => new SelectListItem(c.Label, c.Token)).ToList();
        if (blank is not null) items.Insert(0, new SelectListItem(blank, ""));
        return items;
    }
}

/// <summary>The message shown once after a redirect (Post/Redirect/Get): set before redirecting, shown by the
/// layout.</summary>
public static class Flash
{
    /// <summary>TempData key of the message.</summary>
    public const string MessageKey = "flash";

    /// <summary>TempData key of its kind (ok, warn).</summary>
    public const string KindKey = "flash-kind";

    /// <summary>Keeps a message for the next page.</summary>
    public static void Set(ITempDataDictionary tempData, string message, bool warning = false)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[MessageKey] = message;
        tempData[KindKey] = warning ? "warn" : "ok";
    }
}

/// <summary>Errors of a form shown again after a refusal.</summary>
public static class FormErrors
{
    /// <summary>
    /// The form-level errors (those not tied to one field) as a flash box with id "flash", or nothing; field errors
    /// are shown beside their fields by the validation tag helper.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Summary(ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var builder = new Microsoft.AspNetCore.Html.HtmlContentBuilder();
        if (state.IsValid) return builder;
        var general = state.TryGetValue("", out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToArray() : [];
        builder.AppendHtml("<div class=\"flash error\" id=\"flash\" role=\"alert\">");
        builder.Append(general.Length > 0 ? string.Join(" ", general)
            : "Nothing was saved: correct the fields marked below.");
        builder.AppendHtml("</div>");
        return builder;
    }
}
