using Stroma.Manufacturing.Isbt128;
using Stroma.Reports.Manufacturing;
using Xunit;

namespace Stroma.Reports.Tests.Manufacturing;

public sealed class DinLabelTests
{
    [Fact]
    public void The_din_label_is_html_with_an_svg_barcode_and_the_boxed_check_character()
    {
        var html = DinLabel.Render(DonationIdentificationNumber.Create("G1234", 98, 654321), "allogeneic human adipose-derived mesenchymal stromal cells");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"din-check\">H</span>", html, StringComparison.Ordinal);
        Assert.Contains("G1234 98 654321", html, StringComparison.Ordinal);
    }
}
