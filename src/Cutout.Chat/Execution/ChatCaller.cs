namespace Cutout.Chat.Execution;

/// <summary>Who sent a chat request, and how links to their results are written for them.</summary>
/// <param name="ApiKeyId">The caller's key id (never the key): owner of sessions and results.</param>
/// <param name="LinkToResult">An absolute, downloadable URL for a stored image id (the host signs it).</param>
public sealed record ChatCaller(string ApiKeyId, Func<string, string> LinkToResult)
{
    /// <summary>
    /// Waits for one of the host's workers before the pipeline runs, and gives it back when disposed. Called
    /// only once the inputs are fetched, so a slow image host holds no worker. The default never waits.
    /// </summary>
    public Func<CancellationToken, Task<IDisposable>> WaitForWorker { get; init; } = _ => Task.FromResult<IDisposable>(NoWorker.Instance);

    private sealed class NoWorker : IDisposable
    {
        public static NoWorker Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
