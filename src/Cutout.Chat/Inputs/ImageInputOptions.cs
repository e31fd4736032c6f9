namespace Cutout.Chat.Inputs;

/// <summary>
/// What the chat endpoint accepts as input images. The numbers are the limits the hosted service
/// documents (shared/spec/chat-api.md), so clients written for it meet the same rules here.
/// </summary>
public sealed record ImageInputOptions
{
    public static ImageInputOptions Default { get; } = new();

    public int MaxImagesPerRequest { get; init; } = 4;

    public long MaxBytesPerImage { get; init; } = 20L * 1024 * 1024;

    public int MinSide { get; init; } = 64;

    public int MaxSide { get; init; } = 8192;

    /// <summary>
    /// Lets URLs reach loopback and private networks. Off by default: a public server that fetched
    /// such URLs would let any caller probe its internal network (SSRF). Turn on for on-premise use.
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whole download, headers and body, of one image (redirects included).</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// All images of one request together: a host that drips its bytes slowly cannot keep a request (and its
    /// place among the requests in flight) for four full <see cref="DownloadTimeout"/>s.
    /// </summary>
    public TimeSpan FetchDeadline { get; init; } = TimeSpan.FromSeconds(90);

    public int MaxRedirects { get; init; } = 5;
}
