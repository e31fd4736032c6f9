namespace Cutout.Segmentation;

/// <summary>Bytes of a model download so far, for progress bars.</summary>
public readonly record struct DownloadProgress(string Model, long BytesDone, long BytesTotal);

/// <summary>Finds a model's ONNX file on disk, fetching and verifying it first when needed.</summary>
public interface IModelStore
{
    Task<string> GetModelFileAsync(ModelDescriptor model, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default);
}
