using System.Runtime;

namespace Cutout.Server.Limits;

/// <summary>
/// Lets only <see cref="ServerOptions.MaxLargeBodiesInFlight"/> requests with a large body (over
/// <see cref="ServerOptions.LargeBodyBytes"/>) be read and worked on at once. A body of 100 MB of data: URLs
/// costs several times that while parsed and decoded, so without this a handful of concurrent uploads would take
/// gigabytes; the others wait, unread, while TCP holds their bytes back.
/// </summary>
internal sealed class LargeBodyGate(ServerOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxLargeBodiesInFlight, options.MaxLargeBodiesInFlight);

    /// <summary>
    /// Reads the whole body, inside a slot when it is large. A body of unknown length (chunked) is read inside a
    /// slot too, and gives it back at once when it proves small. Dispose the slot when the response is done.
    /// </summary>
    public async Task<(byte[] Body, int Length, IDisposable Slot)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        long? declared = request.ContentLength;
        var slot = declared <= options.LargeBodyBytes ? Slot.None : await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (body, length) = await ReadBodyAsync(request, declared, cancellationToken).ConfigureAwait(false);
            if (length <= options.LargeBodyBytes)
                slot.Dispose();
            return (body, length, slot);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A body of known length goes into one array of exactly that size: streaming deserialisation would grow its
    /// buffer by doubling and hold up to twice the body per request.
    /// </summary>
    private static async Task<(byte[] Body, int Length)> ReadBodyAsync(HttpRequest request, long? declared, CancellationToken cancellationToken)
    {
        if (declared is > 0 and <= int.MaxValue)
        {
            var body = new byte[(int)declared.Value];
            await request.Body.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return (body, body.Length);
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    private async Task<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim? slots) : IDisposable
    {
        public static Slot None { get; } = new(null);

        private int _released;

        public void Dispose()
        {
            if (slots is null || Interlocked.Exchange(ref _released, 1) != 0)
                return;
            // A large request leaves hundreds of megabytes of large-object garbage (body, base64 text, pixels) that
            // the GC would otherwise keep mapped until its budget runs out; giving it back now keeps RSS near the
            // live set. Large bodies are rare and already serialised here, so the blocking collection costs little.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            slots.Release();
        }
    }
}
