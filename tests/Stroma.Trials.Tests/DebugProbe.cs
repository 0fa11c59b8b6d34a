using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Xunit;

namespace Stroma.Trials.Tests;

public sealed class DebugProbe
{
    [Fact]
    public void Probe()
    {
        var id = Environment.GetEnvironmentVariable("PROBE");
        if (id is null) return;
        var trial = TrialReader.Read([$"/work/shared/corpus/trials/ctgov-classic/{id}.json"]).First().Trial!;
        var t = new TrialText(trial, ExtractionVocabulary.Default);
        using var w = new StreamWriter("/tmp/dbg/probe.txt");
        foreach (var s in t.Segments)
            foreach (var m in t.MscMentions(s))
                w.WriteLine($"{s.Field}[{s.Index}] {s.Zone} weak={m.Weak} '{m.Text}'");
    }
}
