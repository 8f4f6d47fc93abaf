namespace TaskQueue.Tests.Browser;

// Every browser test shares one AppHost and one Chromium; xUnit runs them one at a time.
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
