using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>The lab-day workflow tests share one demo facility and one browser (each class would otherwise build its own).</summary>
[CollectionDefinition(Name)]
public sealed class LabDayCollection : ICollectionFixture<WebFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "lab day";
}
