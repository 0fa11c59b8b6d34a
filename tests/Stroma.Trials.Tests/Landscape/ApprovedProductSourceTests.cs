using Stroma.Trials.Extraction;
using Stroma.Trials.Landscape;
using Xunit;

namespace Stroma.Trials.Tests.Landscape;

/// <summary>The approved products come from Stroma.Knowledge; the landscape prints them as it always has.</summary>
public sealed class ApprovedProductSourceTests
{
    // The landscape's products as the former Trials copy (review.json) held them, before Knowledge became the source.
    private static readonly ApprovedProduct[] Printed =
    [
        new ApprovedProduct("Alofisel", "Europe", "Crohn's disease (complex perianal fistulas)", 2018,
            "Alofistel for Crohn's disease (approved in Europe) … In 2018, MSCs received European approval to be used to treat patients with Crohn's-related enterocutaneous fistular disease"),
        new ApprovedProduct("Prochymal", "Canada, New Zealand", "Graft-versus-host disease", null,
            "Prochymal for GvHD (approved in Canada and New Zealand)"),
        new ApprovedProduct("Temcell HS Inj", "Japan", "Acute graft-versus-host disease", 2015,
            "TEMCELL, the first world therapeutic product using MSCs that was approved in Japan in September 2015 for the treatment of acute GvHD"),
        new ApprovedProduct("Queencell", "South Korea", "Subcutaneous tissue defects", null,
            "Queencell for subcutaneous tissue defects; … (all approved in South Korea)"),
        new ApprovedProduct("Cupistem", "South Korea", "Crohn's fistula", null,
            "Cupistem for Crohn's fistula … (all approved in South Korea)"),
        new ApprovedProduct("Neuronata-R", "South Korea", "Amyotrophic lateral sclerosis", null,
            "Neuronata-R for amytrophic lateral sclerosis … (all approved in South Korea)"),
        new ApprovedProduct("Cartistem", "South Korea", "Knee articular cartilage defects", null,
            "Cartistem for knee articular cartilage defects (all approved in South Korea)"),
        new ApprovedProduct("Stemirac", "Japan", "Spinal cord injury", null,
            "Stemirac for spinal cord injury (approved in Japan)"),
        new ApprovedProduct("Stempeucel", "India", "Critical limb ischemia", null,
            "Stempeucel for critical limb ischemia (approved in India)"),
        new ApprovedProduct("Cellgram-AMI", "South Korea", "Acute myocardial infarction", null,
            "Cellgram-AMI for acute myocardial infarction (approved in South Korea)"),
    ];

    [Fact]
    public void The_landscape_prints_each_knowledge_product_with_the_review_list_name_region_indication_year_and_quote() =>
        Assert.Equal(Printed, new LandscapeBuilder().Build().ApprovedProducts.Select(p => p.Product));

    [Fact]
    public void Each_landscape_product_is_a_knowledge_product_in_the_same_order()
    {
        var knowledge = Stroma.Knowledge.KnowledgeBase.Default.Products.Entries;
        Assert.Equal(knowledge.Select(p => p.Listing.Label), new LandscapeBuilder().Build().ApprovedProducts.Select(p => p.Product.Name));
    }
}
