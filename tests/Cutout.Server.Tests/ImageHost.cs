using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cutout.Server.Tests;

/// <summary>
/// A second web server on another loopback port, standing in for the image hosts of the internet:
/// photos served with wrong content types, redirect chains, oversized and lying bodies.
/// </summary>
internal sealed class ImageHost : IAsyncDisposable
{
    public const long OversizeBytes = 21L * 1024 * 1024;

    private readonly WebApplication _app;

    private ImageHost(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public Uri BaseAddress { get; }

    /// <summary>How many requests reached this host (to prove a refused URL was never fetched).</summary>
    public int RequestCount;

    /// <summary>Completed by a test to let <c>/held</c> answer; until then that request hangs like a slow host.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource HeldRequestArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when the client of <c>/held</c> hung up before it was answered.</summary>
    public TaskCompletionSource HeldRequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public static async Task<ImageHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ImageHost? host = null;
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref host!.RequestCount);
            return next(context);
        });
        var photo = TestData.Photo("davis-dog.jpg");

        // Content-Type deliberately useless: the fetcher must recognise the JPEG by its bytes.
        app.MapGet("/photo", () => Results.Bytes(photo, "application/octet-stream"));
        app.MapGet("/redirect/{hops:int}", (int hops) => Results.Redirect(hops <= 1 ? "/photo" : $"/redirect/{hops - 1}"));
        app.MapGet("/redirect-to", (string url) => Results.Redirect(url));
        app.MapGet("/page", () => Results.Text("<!doctype html><html><body>Not an image</body></html>", "image/jpeg"));
        app.MapGet("/held", async (HttpContext context) =>
        {
            using var onAbort = context.RequestAborted.Register(() => host!.HeldRequestAborted.TrySetResult());
            host!.HeldRequestArrived.TrySetResult();
            await host.Gate.Task.WaitAsync(context.RequestAborted);
            return Results.Bytes(photo, "image/jpeg");
        });
        app.MapGet("/drip", async (HttpResponse response, CancellationToken cancellationToken) =>
        {
            // One byte a second, with an honest length: a host too slow to finish within any reasonable time.
            response.ContentType = "image/jpeg";
            response.ContentLength = photo.Length;
            for (int i = 0; i < photo.Length && !cancellationToken.IsCancellationRequested; i++)
            {
                await response.Body.WriteAsync(photo.AsMemory(i, 1), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        });
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/endless", async (HttpResponse response, CancellationToken cancellationToken) =>
        {
            // No Content-Length: the size limit must be enforced while streaming.
            response.ContentType = "image/jpeg";
            var chunk = new byte[64 * 1024];
            photo.AsSpan(0, 3).CopyTo(chunk);
            for (long sent = 0; sent < OversizeBytes && !cancellationToken.IsCancellationRequested; sent += chunk.Length)
                await response.Body.WriteAsync(chunk, cancellationToken);
        });

        await app.StartAsync();
        host = new ImageHost(app);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
