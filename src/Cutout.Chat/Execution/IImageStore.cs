namespace Cutout.Chat.Execution;

/// <summary>
/// Where results and kept source photos live: files on this machine (<see cref="ResultStore"/>) or a
/// database shared by every replica. Ids are <c>res_</c> + 32 hex digits (<see cref="ResultStore.IsResultId"/>).
/// </summary>
public interface IImageStore
{
    Task<StoredImage> SaveAsync(string owner, byte[] bytes, string contentType, int width, int height, string? model, CancellationToken cancellationToken);

    /// <summary>The image's record, or null when the id is malformed, unknown or purged.</summary>
    Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(StoredImage image, CancellationToken cancellationToken);

    Task<byte[]> ReadAllBytesAsync(StoredImage image, CancellationToken cancellationToken);

    /// <summary>Deletes images created before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> PurgeCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
