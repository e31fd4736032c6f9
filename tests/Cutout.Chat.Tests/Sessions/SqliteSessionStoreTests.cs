using Cutout.Chat.Planning;
using Cutout.Chat.Sessions;
using Cutout.Compositing;
using Cutout.Matting;
using Microsoft.Data.Sqlite;

namespace Cutout.Chat.Tests.Sessions;

/// <summary>The SQLite session store on a temporary database file, with a hand-driven clock.</summary>
public sealed class SqliteSessionStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cutout-sessions-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private SqliteSessionStore NewStore(int maxExchanges = 50, TimeSpan? expiry = null, TimeSpan? lease = null) => new(
        new SessionStoreOptions
        {
            DataDirectory = _directory,
            MaxExchangesPerSession = maxExchanges,
            Expiry = expiry ?? TimeSpan.FromDays(7),
            LeaseDuration = lease ?? TimeSpan.FromMinutes(20),
        },
        _clock);

    private static SessionExchange Exchange(string prompt, params string[] media) => new()
    {
        Timestamp = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        UserPrompt = prompt,
        ChatbotResponse = "done: " + prompt,
        GeneratedMediaUrls = media,
        ResultIds = media.Select(Path.GetFileNameWithoutExtension).ToList()!,
        SourceImageRefs = ["https://example.com/source.jpg"],
        Plan = new ChatPlan
        {
            Images = new ImageSelection(ImageOrigin.Attached, ["https://example.com/source.jpg"]),
            Background = new SolidBackground(RgbColor.White),
            Shadow = ShadowRequest.Keep,
            Preset = "amazon",
            Format = Imaging.OutputFormat.Jpeg,
            EdgeCare = EdgeCare.Strong,
            Layout = new LayoutHints { Center = true, Fill = 0.85 },
            Notes = ["a note"],
            Summary = "summary",
        },
    };

    [Fact]
    public async Task History_survives_a_restart_with_every_field_intact()
    {
        var written = Exchange("white background", "https://r.test/1.jpg");
        await NewStore().AppendAsync("key-a", "s1", written);

        var session = await NewStore().FindAsync("key-a", "s1");

        Assert.NotNull(session);
        var read = Assert.Single(session.Exchanges);
        Assert.Equal(written.Timestamp, read.Timestamp);
        Assert.Equal(written.UserPrompt, read.UserPrompt);
        Assert.Equal(written.ChatbotResponse, read.ChatbotResponse);
        Assert.Equal(written.GeneratedMediaUrls, read.GeneratedMediaUrls);
        Assert.Equal(written.ResultIds, read.ResultIds);
        Assert.Equal(written.SourceImageRefs, read.SourceImageRefs);
        Assert.Equal(written.Plan!.ToJson(), read.Plan!.ToJson());
        Assert.Equal(["https://r.test/1.jpg"], session.GeneratedMediaUrls);
    }

    [Fact]
    public async Task Exchanges_come_back_oldest_first()
    {
        var store = NewStore();
        foreach (string prompt in new[] { "one", "two", "three" })
            await store.AppendAsync("key-a", "s1", Exchange(prompt));
        var session = await store.FindAsync("key-a", "s1");
        Assert.Equal(["one", "two", "three"], session!.Exchanges.Select(e => e.UserPrompt));
        Assert.Equal(3, session.Info.ExchangeCount);
    }

    [Fact]
    public async Task A_session_id_used_with_another_key_does_not_exist()
    {
        var store = NewStore();
        await store.AppendAsync("key-a", "shared-id", Exchange("from a"));

        Assert.Null(await store.FindAsync("key-b", "shared-id"));
        Assert.False(await store.DeleteAsync("key-b", "shared-id"));
        Assert.Empty(await store.ListAsync("key-b"));

        // Key b writing the same id gets its own session and leaves key a's alone.
        await store.AppendAsync("key-b", "shared-id", Exchange("from b"));
        Assert.Equal(["from a"], (await store.FindAsync("key-a", "shared-id"))!.Exchanges.Select(e => e.UserPrompt));
        Assert.Equal(["from b"], (await store.FindAsync("key-b", "shared-id"))!.Exchanges.Select(e => e.UserPrompt));
    }

    [Fact]
    public async Task Sessions_are_listed_per_key_most_recent_first()
    {
        var store = NewStore();
        await store.AppendAsync("key-a", "older", Exchange("x"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync("key-a", "newer", Exchange("y"));
        await store.AppendAsync("key-b", "other", Exchange("z"));

        var sessions = await store.ListAsync("key-a");

        Assert.Equal(["newer", "older"], sessions.Select(s => s.SessionId));
        Assert.All(sessions, s => Assert.Equal(1, s.ExchangeCount));
    }

    [Fact]
    public async Task Delete_clears_the_session_and_its_history()
    {
        var store = NewStore();
        await store.AppendAsync("key-a", "s1", Exchange("x"));

        Assert.True(await store.DeleteAsync("key-a", "s1"));
        Assert.Null(await store.FindAsync("key-a", "s1"));
        Assert.False(await store.DeleteAsync("key-a", "s1"));

        await store.AppendAsync("key-a", "s1", Exchange("fresh"));
        Assert.Equal(["fresh"], (await store.FindAsync("key-a", "s1"))!.Exchanges.Select(e => e.UserPrompt));
    }

    [Fact]
    public async Task Only_the_newest_exchanges_are_kept()
    {
        var store = NewStore(maxExchanges: 3);
        for (int i = 1; i <= 5; i++)
            await store.AppendAsync("key-a", "s1", Exchange($"turn {i}"));

        var session = await store.FindAsync("key-a", "s1");

        Assert.Equal(["turn 3", "turn 4", "turn 5"], session!.Exchanges.Select(e => e.UserPrompt));
    }

    [Fact]
    public async Task A_session_untouched_past_its_expiry_is_gone_and_starts_afresh()
    {
        var store = NewStore(expiry: TimeSpan.FromDays(7));
        await store.AppendAsync("key-a", "s1", Exchange("old"));

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.FindAsync("key-a", "s1"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.FindAsync("key-a", "s1"));
        Assert.Empty(await store.ListAsync("key-a"));

        await store.AppendAsync("key-a", "s1", Exchange("new"));
        Assert.Equal(["new"], (await store.FindAsync("key-a", "s1"))!.Exchanges.Select(e => e.UserPrompt));
    }

    [Fact]
    public async Task Activity_extends_a_sessions_life()
    {
        var store = NewStore(expiry: TimeSpan.FromDays(7));
        await store.AppendAsync("key-a", "s1", Exchange("first"));
        _clock.Advance(TimeSpan.FromDays(6));
        await store.AppendAsync("key-a", "s1", Exchange("second"));
        _clock.Advance(TimeSpan.FromDays(6));

        Assert.Equal(2, (await store.FindAsync("key-a", "s1"))!.Exchanges.Count);
    }

    [Fact]
    public async Task Purge_deletes_only_expired_sessions()
    {
        var store = NewStore(expiry: TimeSpan.FromDays(7));
        await store.AppendAsync("key-a", "stale", Exchange("x"));
        _clock.Advance(TimeSpan.FromDays(5));
        await store.AppendAsync("key-a", "fresh", Exchange("y"));
        _clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(1, await store.PurgeExpiredAsync());
        Assert.Equal(["fresh"], (await store.ListAsync("key-a")).Select(s => s.SessionId));
        Assert.Equal(0, await store.PurgeExpiredAsync());
    }

    [Fact]
    public async Task Purge_spares_an_old_session_a_request_is_working_on()
    {
        var store = NewStore(expiry: TimeSpan.FromDays(7), lease: TimeSpan.FromDays(30));
        await store.AppendAsync("key-a", "s1", Exchange("x"));
        await using var lease = await store.TryAcquireAsync("key-a", "s1");
        _clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(0, await store.PurgeExpiredAsync());
    }

    [Fact]
    public async Task A_busy_session_cannot_be_acquired_until_released()
    {
        var store = NewStore();
        var lease = await store.TryAcquireAsync("key-a", "s1");
        Assert.NotNull(lease);

        Assert.Null(await store.TryAcquireAsync("key-a", "s1"));
        Assert.Null(await NewStore().TryAcquireAsync("key-a", "s1"));

        await lease.DisposeAsync();
        await using var again = await store.TryAcquireAsync("key-a", "s1");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Acquiring_creates_the_session_for_that_key_only()
    {
        var store = NewStore();
        await using var lease = await store.TryAcquireAsync("key-a", "s1");

        Assert.NotNull(await store.FindAsync("key-a", "s1"));
        Assert.Null(await store.FindAsync("key-b", "s1"));
        await using var otherKey = await store.TryAcquireAsync("key-b", "s1");
        Assert.NotNull(otherKey);
    }

    [Fact]
    public async Task Of_many_concurrent_requests_exactly_one_gets_the_session()
    {
        var store = NewStore();
        var attempts = Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.TryAcquireAsync("key-a", "s1"))).ToArray();
        var leases = await Task.WhenAll(attempts);

        Assert.Single(leases, lease => lease is not null);
    }

    [Fact]
    public async Task A_lease_that_was_never_released_lapses_after_its_duration()
    {
        var store = NewStore(lease: TimeSpan.FromMinutes(20));
        var crashed = await store.TryAcquireAsync("key-a", "s1");
        Assert.NotNull(crashed);

        _clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Null(await store.TryAcquireAsync("key-a", "s1"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var next = await store.TryAcquireAsync("key-a", "s1");
        Assert.NotNull(next);

        // The lapsed lease's late release must not free the session its successor now holds.
        await crashed.DisposeAsync();
        Assert.Null(await store.TryAcquireAsync("key-a", "s1"));
        await next.DisposeAsync();
    }

    [Fact]
    public async Task Releasing_twice_is_harmless()
    {
        var store = NewStore();
        var lease = await store.TryAcquireAsync("key-a", "s1");
        await lease!.DisposeAsync();
        var successor = await store.TryAcquireAsync("key-a", "s1");
        await lease.DisposeAsync();

        Assert.NotNull(successor);
        Assert.Null(await store.TryAcquireAsync("key-a", "s1"));
    }

    [Fact]
    public async Task Quotes_and_sql_in_prompts_are_stored_verbatim()
    {
        const string Nasty = "white'); DROP TABLE sessions; -- \"quoted\" ünïcödé 🎨";
        var store = NewStore();
        await store.AppendAsync("key'a", "s'1", Exchange(Nasty));

        var session = await NewStore().FindAsync("key'a", "s'1");

        Assert.Equal(Nasty, Assert.Single(session!.Exchanges).UserPrompt);
    }

    [Fact]
    public async Task The_database_uses_the_wal_journal()
    {
        NewStore();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "sessions.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
