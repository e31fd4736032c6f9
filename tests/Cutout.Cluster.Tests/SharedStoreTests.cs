using Cutout.Chat.Sessions;
using Cutout.Cluster.Jobs;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Cluster.Storage;
using Cutout.Cluster.Tests.Services;

namespace Cutout.Cluster.Tests;

/// <summary>The PostgreSQL store as several replicas see it: one schema, one session lease, one rate-limit quota.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SharedStoreTests(ClusterFixture cluster)
{
    [SkippableFact]
    public async Task Replicas_starting_together_migrate_the_schema_once()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("migrations");
        var replicas = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ClusterDatabase.OpenAsync(store, default)));
        try
        {
            foreach (var replica in replicas)
                Assert.Equal([1, 2], await replica.AppliedMigrationsAsync(default));
            // Opening again later finds nothing to do and changes nothing.
            await using var later = await ClusterDatabase.OpenAsync(store, default);
            Assert.Equal([1, 2], await later.AppliedMigrationsAsync(default));
        }
        finally
        {
            foreach (var replica in replicas)
                await replica.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_session_lease_held_through_one_replica_refuses_the_other_until_released()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("leases");
        await using var a = await ClusterDatabase.OpenAsync(store, default);
        await using var b = await ClusterDatabase.OpenAsync(store, default);
        var options = new SessionStoreOptions { DataDirectory = "", MaxExchangesPerSession = 3 };
        var onA = new PostgresSessionStore(a, options);
        var onB = new PostgresSessionStore(b, options);

        var lease = await onA.TryAcquireAsync("key_1", "sess_1");
        Assert.NotNull(lease);
        Assert.Null(await onB.TryAcquireAsync("key_1", "sess_1"));
        for (int turn = 1; turn <= 5; turn++)
            await onA.AppendAsync("key_1", "sess_1", new SessionExchange { Timestamp = DateTimeOffset.UtcNow, UserPrompt = $"turn {turn}", ResultIds = [$"res_{turn}"] });
        await lease!.DisposeAsync();
        await using var second = await onB.TryAcquireAsync("key_1", "sess_1");
        Assert.NotNull(second);

        var seen = await onB.FindAsync("key_1", "sess_1");
        Assert.Equal(["turn 3", "turn 4", "turn 5"], seen!.Exchanges.Select(e => e.UserPrompt));
        Assert.Null(await onB.FindAsync("key_2", "sess_1"));
        Assert.Equal("sess_1", Assert.Single(await onB.ListAsync("key_1")).SessionId);
        Assert.False(await onB.DeleteAsync("key_2", "sess_1"));
    }

    [SkippableFact]
    public async Task Images_round_trip_and_an_image_over_the_cap_is_refused()
    {
        cluster.Require();
        await using var database = await ClusterDatabase.OpenAsync(await cluster.Postgres.CreateDatabaseAsync("images"), default);
        var images = new PostgresImageStore(database, maxBytes: 1024);
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var saved = await images.SaveAsync("key_1", bytes, "image/png", 30, 20, "isnet-fp16", default);

        var found = await images.FindAsync(saved.Id, default);
        Assert.Equal(("key_1", "image/png", 30, 20, "isnet-fp16"), (found!.Owner, found.ContentType, found.Width, found.Height, found.Model));
        Assert.Equal(bytes, await images.ReadAllBytesAsync(found, default));
        await Assert.ThrowsAsync<IOException>(() => images.SaveAsync("key_1", new byte[1025], "image/png", 1, 1, null, default));
        Assert.Equal(1, await images.PurgeCreatedBeforeAsync(DateTimeOffset.UtcNow.AddSeconds(1), default));
        Assert.Null(await images.FindAsync(saved.Id, default));
    }

    [SkippableFact]
    public async Task A_stored_job_result_keeps_where_the_photo_lies_on_the_output_so_the_page_can_line_them_up()
    {
        cluster.Require();
        await using var database = await ClusterDatabase.OpenAsync(await cluster.Postgres.CreateDatabaseAsync("placement"), default);
        var results = new JobResults(database);
        var result = new CutoutResult([1, 2, 3], OutputFormat.Png, 2000, 2000, "isnet-fp16", new StageTimings(1, 2, 3, 4, 5, 6))
        {
            SourceOnCanvas = new SourcePlacement(2.5f, -120.5f, 40f),
        };
        Assert.True(await results.SaveAsync(new JobOutcome("job_placed", result, null, "worker-a"), default));

        var found = await results.FindAsync("job_placed", default);
        Assert.Equal(new SourcePlacement(2.5f, -120.5f, 40f), found!.Result!.SourceOnCanvas);
    }

    [SkippableFact]
    public async Task A_rate_limit_window_is_one_quota_across_replicas()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("ratelimit");
        await using var a = await ClusterDatabase.OpenAsync(store, default);
        await using var b = await ClusterDatabase.OpenAsync(store, default);
        var replicas = new[] { new SharedRateWindows(a), new SharedRateWindows(b) };
        var counts = new List<WindowCount>();
        for (int i = 0; i < 10; i++)
            counts.Add(await replicas[i % 2].CountAsync("key_1", limit: 6, TimeSpan.FromHours(1), default));

        // Within one window (an hour, so no boundary falls inside the test) six pass, whichever replica counted them.
        Assert.Equal(6, counts.Count(c => c.Allowed));
        Assert.Equal([5, 4, 3, 2, 1, 0, 0, 0, 0, 0], counts.Select(c => c.Remaining));
        Assert.True((await replicas[0].CountAsync("key_2", 6, TimeSpan.FromHours(1), default)).Allowed);
    }

    [Theory]
    [InlineData("postgres://app:s%40cret@db.example:6543/cutout?sslmode=require", "Host=db.example;Port=6543;Database=cutout;Username=app;Password=s@cret;SSL Mode=Require")]
    [InlineData("postgresql://db/cutout", "Host=db;Port=5432;Database=cutout")]
    [InlineData("Host=db;Database=cutout", "Host=db;Database=cutout")]
    public void Store_addresses_are_read_as_urls_or_connection_strings(string store, string expected)
    {
        Assert.Equal(new Npgsql.NpgsqlConnectionStringBuilder(expected), new Npgsql.NpgsqlConnectionStringBuilder(StoreAddress.ToConnectionString(store)), new BuilderComparer());
        Assert.DoesNotContain("s@cret", StoreAddress.Redact("postgres://app:s@cret@db/x"));
    }

    private sealed class BuilderComparer : IEqualityComparer<Npgsql.NpgsqlConnectionStringBuilder>
    {
        public bool Equals(Npgsql.NpgsqlConnectionStringBuilder? x, Npgsql.NpgsqlConnectionStringBuilder? y) => x!.EquivalentTo(y!);

        public int GetHashCode(Npgsql.NpgsqlConnectionStringBuilder obj) => 0;
    }
}
