using System.Net;
using System.Net.Sockets;

namespace Cutout.Chat.Inputs;

/// <summary>
/// Downloads images from http(s) URLs without becoming a tool for SSRF. Every connection is made
/// from inside <see cref="SocketsHttpHandler.ConnectCallback"/> to an address that was resolved and
/// vetted there, so the address checked is the address connected to (no DNS-rebinding window).
/// Redirects are followed by hand, at most <see cref="ImageInputOptions.MaxRedirects"/>, each new
/// target going through the same checks; bodies are streamed and cut off beyond the size limit.
/// </summary>
public sealed class GuardedImageDownloader : IDisposable
{
    private readonly ImageInputOptions _options;
    private readonly IHostResolver _resolver;
    private readonly HttpClient _client;

    public GuardedImageDownloader(ImageInputOptions options, IHostResolver? resolver = null)
    {
        _options = options;
        _resolver = resolver ?? SystemHostResolver.Instance;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would make the connection for us, to an address we never vetted.
            UseProxy = false,
            // Compressed bodies could expand past the size limit before we count them.
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectToVettedAddressAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Cutout/1.0 (+image fetch)");
        _client.DefaultRequestHeaders.Accept.ParseAdd("image/*");
    }

    /// <summary>The body of <paramref name="url"/>; every failure is an <see cref="ImageInputException"/> naming <paramref name="imageName"/>.</summary>
    public async Task<byte[]> DownloadAsync(Uri url, string imageName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DownloadTimeout);
        try
        {
            var current = url;
            for (int redirects = 0; ; redirects++)
            {
                EnsureHttpScheme(current, imageName);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);

                if (IsRedirect(response.StatusCode))
                {
                    if (redirects == _options.MaxRedirects)
                        throw Invalid(imageName, $"more than {_options.MaxRedirects} redirects");
                    if (response.Headers.Location is not { } location)
                        throw Invalid(imageName, $"redirect ({(int)response.StatusCode}) without a Location");
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw Invalid(imageName, $"the server answered HTTP {(int)response.StatusCode}");
                return await ReadLimitedAsync(response, imageName, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Invalid(imageName, $"no complete answer within {_options.DownloadTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (FindBlockedAddress(e) is { } blocked)
        {
            throw Invalid(imageName, blocked.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw Invalid(imageName, e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host name does not resolve",
                HttpRequestError.ConnectionError => "the server could not be reached",
                HttpRequestError.SecureConnectionError => "the TLS connection failed",
                _ => "the download failed",
            }, e);
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectToVettedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] addresses;
        try
        {
            addresses = await _resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"'{host}' does not resolve", e);
        }
        var allowed = addresses.Where(a => NetworkAddressPolicy.IsAllowed(a, _options.AllowPrivateNetworks)).ToArray();
        if (allowed.Length == 0)
            throw new BlockedAddressException(addresses.Length == 0
                ? $"'{host}' does not resolve"
                : $"'{host}' resolves to a non-public address ({addresses[0]}), which this server does not fetch from");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, string imageName, CancellationToken cancellationToken)
    {
        long max = _options.MaxBytesPerImage;
        if (response.Content.Headers.ContentLength is long declared && declared > max)
            throw TooLarge(imageName, max);

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
                throw TooLarge(imageName, max);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static void EnsureHttpScheme(Uri url, string imageName)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            throw Invalid(imageName, $"'{url.Scheme}:' URLs are not fetched (use http, https or data)");
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static BlockedAddressException? FindBlockedAddress(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is BlockedAddressException blocked)
                return blocked;
        return null;
    }

    private static ImageInputException Invalid(string imageName, string reason, Exception? inner = null) =>
        new(ErrorCodes.InvalidImageUrl, $"Invalid image URL: {imageName} could not be fetched: {reason}", inner);

    private static ImageInputException TooLarge(string imageName, long max) =>
        new(ErrorCodes.ImageTooLarge, $"{imageName} is over the {max / (1024 * 1024)} MB limit per image");

    /// <summary>Raised inside the connect callback; unwrapped from HttpClient's exception to explain the refusal.</summary>
    private sealed class BlockedAddressException(string message) : Exception(message);
}
