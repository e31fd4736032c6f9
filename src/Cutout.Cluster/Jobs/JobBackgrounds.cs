using Cutout.Chat.Execution;
using Cutout.Compositing;
using Cutout.Storage;

namespace Cutout.Cluster.Jobs;

/// <summary>
/// A batch's <c>--background</c> picture travels through the shared store: workers run on other machines and do
/// not see the batch machine's files. The batch stores the picture once; each worker keeps one local copy per
/// stored picture and composes onto it.
/// </summary>
public static class JobBackgrounds
{
    /// <summary>The owner of pictures a batch stored for its workers.</summary>
    public const string Owner = "batch-backgrounds";

    /// <summary>The recipe with the background picture of <paramref name="options"/> stored for the workers; unchanged for any other background.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> when the picture cannot be read.</exception>
    public static async Task<JobRecipe> ShipAsync(JobRecipe recipe, CutoutOptions options, IImageStore store, CancellationToken cancellationToken)
    {
        if (options.Composition.Background is not ImageBackground image)
            return recipe;
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(image.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"--background {image.Path}: {e.Message}", e);
        }
        var stored = await store.SaveAsync(Owner, bytes, "application/octet-stream", 0, 0, model: null, cancellationToken).ConfigureAwait(false);
        return recipe with { BackgroundImageId = stored.Id };
    }

    /// <summary>
    /// <paramref name="options"/> with the recipe's stored background picture in place of the batch machine's path;
    /// unchanged when the recipe carries none.
    /// </summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> when the picture is no longer stored.</exception>
    public static async Task<CutoutOptions> PlaceAsync(CutoutOptions options, JobRecipe recipe, IImageStore store, CancellationToken cancellationToken)
    {
        if (recipe.BackgroundImageId is not { } id || options.Composition.Background is not ImageBackground image)
            return options;
        var local = Path.Combine(Path.GetTempPath(), "cutout-job-backgrounds", id + Path.GetExtension(image.Path));
        if (!File.Exists(local))
        {
            var stored = await store.FindAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new CutoutException(CutoutErrorKind.InvalidOption, $"the batch's background picture ({image.Path}) is no longer in the store");
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await AtomicFile.WriteAsync(local, await store.ReadAllBytesAsync(stored, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        return options with { Composition = options.Composition with { Background = image with { Path = local } } };
    }
}
