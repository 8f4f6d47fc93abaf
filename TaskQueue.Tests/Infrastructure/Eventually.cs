namespace TaskQueue.Tests.Infrastructure;

// Polls until a condition holds: the systems under test are asynchronous, and a fixed sleep
// would either flake or waste time.
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<(bool Done, T Value)>> probe, TimeSpan timeout, string waitingFor)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (done, value) = await probe();
            if (done)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout} waiting for {waitingFor}");
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string waitingFor) =>
        GetAsync(async () => (await condition(), true), timeout, waitingFor);
}
