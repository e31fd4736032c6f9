namespace Cutout.Segmentation;

/// <summary>Bytes of a model download so far, for progress bars.</summary>
/// <param name="Model">The model (or package) being downloaded.</param>
/// <param name="BytesDone">Bytes received so far.</param>
/// <param name="BytesTotal">Expected total bytes; 0 when the registry did not send a length.</param>
public readonly record struct DownloadProgress(string Model, long BytesDone, long BytesTotal);

/// <summary>Finds a model's ONNX file on disk, fetching and verifying it first when needed.</summary>
public interface IModelStore
{
    /// <summary>The path of <paramref name="model"/>'s ONNX file, ready to load; a store may download it first.</summary>
    /// <param name="model">The model to find; one with a <see cref="ModelDescriptor.FilePath"/> is returned as is.</param>
    /// <param name="progress">Download progress, reported only when something is downloaded.</param>
    /// <param name="cancellationToken">Cancels a download; a cancelled download leaves no file behind.</param>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.ModelUnavailable"/> when the model cannot be fetched or verified.</exception>
    Task<string> GetModelFileAsync(ModelDescriptor model, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default);
}
