using Xunit;

namespace Stroma.Manufacturing.Tests;

public sealed class LotStatusRulesTests
{
    [Theory]
    [InlineData(LotStatus.InProcess, true)]
    [InlineData(LotStatus.Quarantined, true)]
    [InlineData(LotStatus.Released, false)]
    [InlineData(LotStatus.Rejected, false)]
    public void A_lot_is_open_until_qa_has_released_or_rejected_it(LotStatus status, bool open) =>
        Assert.Equal(open, status.IsOpen);

    [Fact]
    public void Every_status_is_decided_open_or_closed_and_exactly_the_dispositions_close_a_lot() =>
        Assert.Equal([LotStatus.Released, LotStatus.Rejected], Enum.GetValues<LotStatus>().Where(s => !s.IsOpen));
}
