using Cutout.Chat.Execution;

namespace Cutout.Server.Tests;

/// <summary>
/// An image store on a disk with no space left: every write reaches the kernel's <c>/dev/full</c>, which fails it
/// with ENOSPC exactly as a full filesystem would. Nothing is ever stored, so nothing is found.
/// </summary>
internal sealed class FullDisk : IImageStore
{
    public async Task<StoredImage> SaveAsync(string owner, byte[] bytes, string contentType, int width, int height, string? model, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync("/dev/full", bytes, cancellationToken);
        throw new InvalidOperationException("/dev/full accepted a write.");
    }

    public Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult<StoredImage?>(null);

    public Task<Stream> OpenReadAsync(StoredImage image, CancellationToken cancellationToken) => throw new FileNotFoundException(image.Id);

    public Task<byte[]> ReadAllBytesAsync(StoredImage image, CancellationToken cancellationToken) => throw new FileNotFoundException(image.Id);

    public Task<int> PurgeCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);
}
