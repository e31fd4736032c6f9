namespace Cutout.Server.Tests;

/// <summary>One server with the real models for every model-backed test, so the models load once.</summary>
public sealed class ModelServerFixture : IAsyncLifetime
{
    internal TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ModelServerCollection : ICollectionFixture<ModelServerFixture>
{
    public const string Name = "server with the real models";
}
