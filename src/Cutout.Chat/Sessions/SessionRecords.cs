using Cutout.Chat.Planning;

namespace Cutout.Chat.Sessions;

/// <summary>One turn of a conversation: what the user asked, what we answered, and what it produced.</summary>
public sealed record SessionExchange
{
    public required DateTimeOffset Timestamp { get; init; }

    public required string UserPrompt { get; init; }

    /// <summary>The text the user was shown (summary, answer or question).</summary>
    public string ChatbotResponse { get; init; } = "";

    /// <summary>URLs of the images this turn produced (or showed again, for an undo).</summary>
    public IReadOnlyList<string> GeneratedMediaUrls { get; init; } = [];

    /// <summary>The plan this turn followed; later turns reuse its settings ("same settings as before", refinements).</summary>
    public ChatPlan? Plan { get; init; }

    /// <summary>The server's ids of the produced results, parallel to <see cref="GeneratedMediaUrls"/>.</summary>
    public IReadOnlyList<string> ResultIds { get; init; } = [];

    /// <summary>
    /// The source images this turn worked on, as references the server can load again (parallel to the results),
    /// so a refinement re-runs the original photo rather than a lossy earlier cutout.
    /// </summary>
    public IReadOnlyList<string> SourceImageRefs { get; init; } = [];
}

/// <summary>A session without its history, as listed per API key.</summary>
public sealed record SessionInfo(string SessionId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int ExchangeCount);

/// <summary>A session and its history, oldest exchange first.</summary>
public sealed record Session(SessionInfo Info, IReadOnlyList<SessionExchange> Exchanges)
{
    public string SessionId => Info.SessionId;

    /// <summary>Every generated URL of the session, oldest first (the memory endpoint's total list).</summary>
    public IReadOnlyList<string> GeneratedMediaUrls => Exchanges.SelectMany(e => e.GeneratedMediaUrls).ToList();
}

/// <summary>Where and how long sessions are kept.</summary>
public sealed record SessionStoreOptions
{
    /// <summary>Folder for the database file; created when missing.</summary>
    public required string DataDirectory { get; init; }

    public string FileName { get; init; } = "sessions.db";

    /// <summary>Older exchanges beyond this count are forgotten (the newest ones are what later turns refer to).</summary>
    public int MaxExchangesPerSession { get; init; } = 50;

    /// <summary>A session untouched for this long behaves as if it never existed and is purged.</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a busy lease holds unless its holder's heartbeat renews it (every third of this): short, so the
    /// lease of a request whose process died lapses within a minute even where start-up cannot free it.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

    public string DatabasePath => Path.Combine(DataDirectory, FileName);
}
