using System.Numerics;
using TaskQueue.Worker.Handlers;

namespace TaskQueue.Tests.Unit;

public sealed class FibonacciTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(2, "1")]
    [InlineData(10, "55")]
    [InlineData(93, "12200160415121876738")]
    [InlineData(100, "354224848179261915075")]
    public void Computes_exact_values(int n, string expected) =>
        Assert.Equal(BigInteger.Parse(expected), FibonacciHandler.Compute(n));

    [Fact]
    public void F1000_matches_the_known_value() =>
        Assert.Equal(
            BigInteger.Parse("43466557686937456435688527675040625802564660517371780402481729089536555417949051890403879840079255169295922593080322634775209689623239873322471161642996440906533187938298969649928516003704476137795166849228875"),
            FibonacciHandler.Compute(1000));

    [Fact]
    public void Agrees_with_the_recurrence_for_the_first_300_values()
    {
        BigInteger a = 0, b = 1;
        for (var n = 0; n < 300; n++)
        {
            Assert.Equal(a, FibonacciHandler.Compute(n));
            (a, b) = (b, a + b);
        }
    }
}
