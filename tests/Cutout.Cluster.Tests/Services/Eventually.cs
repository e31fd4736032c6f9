using System.Diagnostics;

namespace Cutout.Cluster.Tests.Services;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; a timeout fails with <paramref name="what"/> and the diagnostics.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null, TimeSpan? pollEvery = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what}\n{diagnostics?.Invoke()}");
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
