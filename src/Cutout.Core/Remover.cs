using System.Collections.Concurrent;
using System.Diagnostics;
using Cutout.Advanced;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout;

/// <summary>How a <see cref="Remover"/> finds and runs its models.</summary>
public sealed record RemoverSettings
{
    /// <summary>Where model files come from; <see cref="NpmModelStore.FromEnvironment"/> downloads them into the user's cache.</summary>
    public required IModelStore ModelStore { get; init; }

    /// <summary>Where inference runs; <see cref="ExecutionDevice.Auto"/> (CUDA when available, else CPU) by default.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>ONNX Runtime intra-op threads; null = one per core.</summary>
    public int? InferenceThreads { get; init; }

    /// <summary>Receives model download progress on first use; null reports nothing.</summary>
    public IProgress<DownloadProgress>? DownloadProgress { get; init; }

    /// <summary>
    /// Keeps each model's optimised graph for the next process (see <see cref="OptimizedModelCache"/>), so a
    /// short-lived process such as a one-photo CLI run skips most of the model's load time (docs/tuning.md).
    /// Null prepares the model every time.
    /// </summary>
    public OptimizedModelCache? OptimizedModels { get; init; }

    /// <summary>
    /// Hands ONNX Runtime's working memory back after every inference instead of keeping it pooled for the next
    /// image. For a process that cuts out one photo and exits (as <c>cutout remove</c> does) this lowers the peak
    /// at no cost, since refinement then reuses that memory: a 12 MP photo in max peaks at about 0.79 GB instead
    /// of 1.05 GB. Off by default: a long-lived process pays for it on every image (on 2 cores, median dev-photo
    /// inference 1.9 s → 2.7 s).
    /// </summary>
    public bool ReleaseInferenceMemory { get; init; }
}

/// <summary>
/// The one entry point: photo bytes in, encoded cutout out. Thread-safe; share one instance. Models are
/// loaded once on first use. Inference runs one image at a time (it already uses every core) while
/// decoding, refinement and encoding of other images proceed in parallel around it.
/// </summary>
/// <param name="settings">Model store, device and threads; fixed for the instance's life.</param>
public sealed class Remover(RemoverSettings settings) : IDisposable
{
    private readonly ConcurrentDictionary<ModelDescriptor, Lazy<Task<ImageSegmenter>>> _segmenters = new();
    private readonly SemaphoreSlim _inferenceGate = new(1, 1);

    /// <summary>Cuts the subject out of one encoded photo and composes and encodes the result as <paramref name="options"/> ask.</summary>
    /// <param name="encoded">The photo file's bytes (JPEG, PNG, WebP, GIF or BMP).</param>
    /// <param name="options">What to produce; null gives a transparent PNG at max quality.</param>
    /// <param name="progress">Told each <see cref="PipelineStage"/> as it starts.</param>
    /// <param name="cancellationToken">Checked between stages; a running inference finishes first.</param>
    /// <exception cref="CutoutException">
    /// The photo is unreadable or over the limits, an option is invalid (JPEG output with a transparent result), the model
    /// cannot be loaded, or no subject was found and <see cref="CutoutOptions.AllowEmpty"/> is off; <see cref="CutoutException.Kind"/> says which.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CutoutResult> RemoveAsync(
        ReadOnlyMemory<byte> encoded,
        CutoutOptions? options = null,
        IProgress<PipelineStage>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options = (options ?? new CutoutOptions()).WithPresetResolved();
        if (options.Output is { Format: OutputFormat.Jpeg, MaskOnly: false } && options.Composition.Background is TransparentBackground)
            throw JpegHasNoTransparency();
        var clock = Stopwatch.StartNew();

        progress?.Report(PipelineStage.Decode);
        var decoded = ImageDecoder.Decode(encoded.Span, options.Limits);
        if (!options.Output.MaskOnly)
            options.Composition.Layout.CheckOutputSize(decoded.Image.Width, decoded.Image.Height);
        double decodeMs = Lap(clock);

        // Loading the model happens once per process and is not part of any image's stage times.
        var segmenter = await GetSegmenterAsync(options.Model ?? ModelCatalog.ForMode(options.Mode), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        clock.Restart();

        progress?.Report(PipelineStage.Preprocess);
        var input = segmenter.Preprocess(decoded.Image);
        double preprocessMs = Lap(clock);

        progress?.Report(PipelineStage.Inference);
        var coarse = await InferOneAtATimeAsync(() => segmenter.Infer(input), cancellationToken).ConfigureAwait(false);
        if (options.Mode == QualityMode.Max && SecondLook.IsUnsure(coarse))
        {
            var (letterboxed, frame) = segmenter.PreprocessLetterboxed(decoded.Image);
            var second = await InferOneAtATimeAsync(() => segmenter.InferLetterboxed(letterboxed, frame), cancellationToken).ConfigureAwait(false);
            coarse = SecondLook.Combine(coarse, second);
        }
        double inferenceMs = Lap(clock);

        progress?.Report(PipelineStage.Refine);
        var refined = MatteRefiner.Refine(decoded.Image, coarse, options.Mode, options.Refinement, cancellationToken);
        if (decoded.HasAlpha)
            refined = KeepExistingTransparency(decoded.Image, refined);
        options.RegionOfInterest?.ClearOutside(refined);
        var presence = SubjectPresence.Measure(refined.Alpha);
        if (presence.IsEmpty && !options.AllowEmpty)
            throw new CutoutException(CutoutErrorKind.NoSubject,
                $"no subject found: the model marked {presence.Coverage:P2} of the image as foreground (confidence {presence.Confidence:F2})");
        double refineMs = Lap(clock);

        cancellationToken.ThrowIfCancellationRequested();
        if (options.Output.MaskOnly)
        {
            // The mask is the matte itself, cropped and sized like the cutout would be when the layout asks for it.
            var alpha = refined.Alpha;
            var subject = SubjectBounds.Find(alpha);
            var sourceOnCanvas = SourcePlacement.Identity;
            if (options.Composition.Layout != LayoutOptions.Original)
            {
                var placed = Compositor.Compose(decoded.Image, refined, CompositionOptions.Transparent with { Layout = options.Composition.Layout });
                (alpha, subject, sourceOnCanvas) = (placed.Image.AlphaChannel(), placed.SubjectBounds, placed.SourceOnCanvas);
            }
            progress?.Report(PipelineStage.Encode);
            var mask = ImageEncoder.EncodeMask(alpha, PngFor(options.Mode));
            return new CutoutResult(mask, OutputFormat.Png, alpha.Width, alpha.Height, segmenter.Model.Label,
                new StageTimings(decodeMs, preprocessMs, inferenceMs, refineMs, 0, Lap(clock)))
            {
                Subject = presence,
                SubjectBox = subject,
                SourceOnCanvas = sourceOnCanvas,
                Kind = SubjectClassifier.Classify(decoded.Image, refined.Alpha, decoded.HasAlpha),
            };
        }

        progress?.Report(PipelineStage.Compose);
        var composed = Compositor.Compose(decoded.Image, refined, options.Composition);
        double composeMs = Lap(clock);

        progress?.Report(PipelineStage.Encode);
        var format = options.Output.Format ?? composed.PreferredFormat ?? OutputFormat.Png;
        // A see-through colour or a circle crop is only known after composition.
        if (format == OutputFormat.Jpeg && !composed.IsOpaque)
            throw JpegHasNoTransparency();
        int quality = Math.Max(options.Output.Quality, composed.MinimumQuality ?? 0);
        var bytes = ImageEncoder.Encode(composed.Image, format, quality, subsampleChroma: composed.Preset is null, PngFor(options.Mode));
        // A preset's rules are checked on what the file really holds, after lossy encoding.
        var compliance = composed.Preset?.VerifyEncoded(bytes, format, composed.SubjectBounds, composed.SubjectFootprint);
        double encodeMs = Lap(clock);

        return new CutoutResult(bytes, format, composed.Image.Width, composed.Image.Height, segmenter.Model.Label,
            new StageTimings(decodeMs, preprocessMs, inferenceMs, refineMs, composeMs, encodeMs))
        {
            Background = composed.BackgroundDescription,
            Compliance = compliance,
            Subject = presence,
            SubjectBox = composed.SubjectBounds,
            SourceOnCanvas = composed.SourceOnCanvas,
            Kind = SubjectClassifier.Classify(decoded.Image, refined.Alpha, decoded.HasAlpha),
        };
    }

    /// <summary>Like <see cref="RemoveAsync"/> for a file on disk; a file over <see cref="DecodeLimits.MaxEncodedBytes"/> is refused before it is read.</summary>
    /// <param name="path">The photo file.</param>
    /// <param name="options">What to produce; null gives a transparent PNG at max quality.</param>
    /// <param name="progress">Told each <see cref="PipelineStage"/> as it starts.</param>
    /// <param name="cancellationToken">Checked while reading and between stages.</param>
    /// <exception cref="CutoutException">As for <see cref="RemoveAsync"/>.</exception>
    /// <exception cref="IOException">The file is missing or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not read the file.</exception>
    public async Task<CutoutResult> RemoveFileAsync(string path, CutoutOptions? options = null, IProgress<PipelineStage>? progress = null, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (info.Exists)
            (options ?? new CutoutOptions()).Limits.CheckEncodedSize(info.Length);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return await RemoveAsync(bytes, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads (downloading if needed) the segmenter for a model; later calls reuse it.</summary>
    internal Task<ImageSegmenter> GetSegmenterAsync(ModelDescriptor model, CancellationToken cancellationToken = default)
    {
        var lazy = _segmenters.GetOrAdd(model, m => new Lazy<Task<ImageSegmenter>>(() => LoadAsync(m)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
            _segmenters.TryRemove(new KeyValuePair<ModelDescriptor, Lazy<Task<ImageSegmenter>>>(model, lazy));
        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Releases the loaded ONNX Runtime sessions; call it once no cutout is running.</summary>
    public void Dispose()
    {
        foreach (var lazy in _segmenters.Values)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
                lazy.Value.Result.Dispose();
        _inferenceGate.Dispose();
    }

    private async Task<ImageSegmenter> LoadAsync(ModelDescriptor model)
    {
        var path = model.FilePath ?? await settings.ModelStore.GetModelFileAsync(model, settings.DownloadProgress).ConfigureAwait(false);
        if (!File.Exists(path))
            throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"model file not found: {path}");
        return new ImageSegmenter(path, model, settings.Device, settings.InferenceThreads, settings.OptimizedModels) { ReleaseMemoryAfterRun = settings.ReleaseInferenceMemory };
    }

    /// <summary>An input that is already partly transparent stays at least as transparent as it was.</summary>
    private static RefinedMatte KeepExistingTransparency(RgbaImage image, RefinedMatte refined)
    {
        var alpha = refined.Alpha.Values;
        var fg = refined.Foreground.Pixels;
        var px = image.Pixels;
        for (int i = 0; i < alpha.Length; i++)
        {
            alpha[i] = Math.Min(alpha[i], px[i * 4 + 3] / 255f);
            fg[i * 4 + 3] = (byte)(alpha[i] * 255f + 0.5f);
        }
        return refined;
    }

    private static CutoutException JpegHasNoTransparency() =>
        new(CutoutErrorKind.InvalidOption, "JPEG has no transparency: choose a background (e.g. --background white) or PNG/WebP output");

    /// <summary>Eco trades file size for speed on lossless output too.</summary>
    private static PngCompression PngFor(QualityMode mode) => mode == QualityMode.Eco ? PngCompression.Fastest : PngCompression.Compact;

    private async Task<AlphaMatte> InferOneAtATimeAsync(Func<AlphaMatte> infer, CancellationToken cancellationToken)
    {
        await _inferenceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return infer();
        }
        finally
        {
            _inferenceGate.Release();
        }
    }

    private static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
