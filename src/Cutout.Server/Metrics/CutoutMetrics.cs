using System.Diagnostics.Metrics;
using Cutout.Chat.Execution;

namespace Cutout.Server.Metrics;

/// <summary>
/// The server's instruments, exported at <c>/metrics</c> in Prometheus text: images in flight, how long
/// each pipeline stage took, and (with a broker) how many jobs wait in its queue.
/// </summary>
internal sealed class CutoutMetrics : IDisposable
{
    public const string MeterName = "Cutout";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Histogram<double> _stageSeconds;
    private long _queueDepth = -1;

    public CutoutMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _inFlight = _meter.CreateUpDownCounter<long>("cutout.jobs.in_flight", unit: "{job}", description: "Images being cut out for chat requests (here or on a worker).");
        _stageSeconds = _meter.CreateHistogram<double>("cutout.stage.duration", unit: "s", description: "Time spent in each pipeline stage per image.");
        _meter.CreateObservableGauge("cutout.queue.depth", () => Interlocked.Read(ref _queueDepth) is var depth and >= 0 ? [new Measurement<long>(depth)] : Array.Empty<Measurement<long>>(),
            unit: "{job}", description: "Jobs waiting in the broker's queue for a worker.");
    }

    public void QueueDepthSampled(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    /// <summary>Counts the image in flight while <paramref name="run"/> runs, then records its stage times.</summary>
    public async Task<CutoutResult> MeasureAsync(Func<Task<CutoutResult>> run)
    {
        _inFlight.Add(1);
        try
        {
            var result = await run().ConfigureAwait(false);
            var t = result.Timings;
            foreach (var (stage, ms) in new[] { ("decode", t.DecodeMs), ("preprocess", t.PreprocessMs), ("inference", t.InferenceMs), ("refine", t.RefineMs), ("compose", t.ComposeMs), ("encode", t.EncodeMs) })
                _stageSeconds.Record(ms / 1000, new KeyValuePair<string, object?>("stage", stage));
            return result;
        }
        finally
        {
            _inFlight.Add(-1);
        }
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>Wraps the runner the server uses (in process or workers) so every image is measured the same way.</summary>
internal sealed class MeasuredCutoutRunner(ICutoutRunner inner, CutoutMetrics metrics) : ICutoutRunner
{
    public Task<CutoutResult> RunAsync(CutoutWork work, IProgress<PipelineStage>? progress, CancellationToken cancellationToken) =>
        metrics.MeasureAsync(() => inner.RunAsync(work, progress, cancellationToken));
}
