using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Formats.GatingMl;

/// <summary>Maps a GatingML 2.0 transformation element name and its parameters to a scale transform.</summary>
internal static class TransformFactory
{
    public static ScaleTransform Create(string id, string kind, Func<string, double> parameter, Func<ScaleTransform> unknown) => kind switch
    {
        "flin" => new LinearTransform(id, parameter("T"), parameter("A")),
        "flog" => new LogTransform(id, parameter("T"), parameter("M")),
        "fasinh" => new AsinhTransform(id, parameter("T"), parameter("M"), parameter("A")),
        _ => unknown(),
    };
}
