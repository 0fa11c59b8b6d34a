using System.Text.Json;

namespace Stroma.Knowledge.Readiness;

/// <summary>
/// Reads readiness inputs from JSON (camelCase members, kebab-case enum values, ISO dates). Strict: an unknown
/// member or a wrong type is an error naming its JSON path, so a misspelt field cannot silently become "unknown".
/// Ids (tissue source, route, markers, tests, priming agents) are checked when the input is evaluated.
/// </summary>
public static class ReadinessInputReader
{
    /// <summary>
    /// Parses a <see cref="ReadinessInput"/> (<c>{"lot": {…}, "plan": {…}, "patient": {…}}</c>).
    /// </summary>
    public static ReadinessInput Parse(string json, string? origin = null) => Deserialize<ReadinessInput>(json, origin);

    /// <summary>Reads a <see cref="ReadinessInput"/> file.</summary>
    public static ReadinessInput Read(string path) => Parse(ReadFile(path), path);

    /// <summary>
    /// Reads a <see cref="DosePlan"/> file (<c>{"route": "intravenous", "numberOfDoses": 2, …}</c>).
    /// </summary>
    public static DosePlan ReadPlan(string path) => Deserialize<DosePlan>(ReadFile(path), path);

    /// <summary>Reads a <see cref="PatientProfile"/> file.</summary>
    public static PatientProfile ReadPatient(string path) => Deserialize<PatientProfile>(ReadFile(path), path);

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReadinessInputException(path,
                [new ReadinessInputProblem("$", $"cannot read the file: {ex.Message}")], ex);
        }
    }

    private static T Deserialize<T>(string json, string? origin) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, KnowledgeJson.Options)
                ?? throw new ReadinessInputException(origin,
                    [new ReadinessInputProblem("$", $"expected a {typeof(T).Name} object, got null")]);
        }
        catch (JsonException ex)
        {
            // The serializer's message already names the member and expected type; keep its path separately.
            throw new ReadinessInputException(origin,
                [new ReadinessInputProblem(ex.Path ?? "$", FirstSentence(ex.Message))], ex);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
