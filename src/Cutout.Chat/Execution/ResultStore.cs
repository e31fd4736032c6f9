using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cutout.Chat.Execution;

/// <summary>What is known about one stored image; kept in a JSON sidecar beside its bytes.</summary>
/// <param name="Model">The segmentation model that produced it; null for a source photo kept for later turns.</param>
public sealed record StoredImage(string Id, string Owner, string ContentType, int Width, int Height, string? Model, DateTimeOffset CreatedAt);

/// <summary>
/// Images on disk, <c>{id}.img</c> + <c>{id}.json</c>, so they outlive the process: the results a client
/// downloads from <c>/files/{id}</c>, and the source photos later turns of a session work on again.
/// Ids carry 128 random bits: they cannot be guessed, and the sidecar records the owning API key.
/// </summary>
public sealed partial class ResultStore : IImageStore
{
    private readonly string _directory;

    public ResultStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public static bool IsResultId(string text) => ResultIdPattern().IsMatch(text);

    /// <summary>A fresh id: 128 random bits.</summary>
    public static string NewId() => "res_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<StoredImage> SaveAsync(string owner, byte[] bytes, string contentType, int width, int height, string? model, CancellationToken cancellationToken)
    {
        var id = NewId();
        var stored = new StoredImage(id, owner, contentType, width, height, model, DateTimeOffset.UtcNow);
        // Each file is written under a temporary name and moved into place, the sidecar last, so an image is
        // either complete or absent; what a crash or a full disk leaves behind is swept by PurgeCreatedBefore.
        try
        {
            await WriteAtomicallyAsync(ImagePath(id), bytes, cancellationToken).ConfigureAwait(false);
            await WriteAtomicallyAsync(SidecarPath(id), JsonSerializer.SerializeToUtf8Bytes(stored), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            DeleteQuietly(ImagePath(id) + TempSuffix, SidecarPath(id) + TempSuffix, ImagePath(id));
            throw new StorageFullException("The server's disk is full: the result could not be stored. Please try again later.", e);
        }
        return stored;
    }

    public StoredImage? Find(string id)
    {
        if (!IsResultId(id))
            return null;
        try
        {
            return JsonSerializer.Deserialize<StoredImage>(File.ReadAllText(SidecarPath(id)));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(Find(id));

    public Stream OpenRead(StoredImage image) => File.OpenRead(ImagePath(image.Id));

    public Task<Stream> OpenReadAsync(StoredImage image, CancellationToken cancellationToken) => Task.FromResult<Stream>(OpenRead(image));
    /// <summary>Where the image's bytes are, for readers that take a file (an uploaded backdrop for the compositor).</summary>
    public string FileOf(StoredImage image) => ImagePath(image.Id);

    public Task<byte[]> ReadAllBytesAsync(StoredImage image, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(ImagePath(image.Id), cancellationToken);

    /// <summary>
    /// Deletes images created before <paramref name="cutoff"/>, and files a crash or a full disk left half-written
    /// (temporary files, images without a sidecar, empty images and their sidecars) once they are an hour old;
    /// returns how many images.
    /// </summary>
    public int PurgeCreatedBefore(DateTimeOffset cutoff)
    {
        var abandoned = DateTime.UtcNow - OrphanAge;
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles("res_*"))
        {
            if (file.LastWriteTimeUtc >= abandoned)
                continue;
            if (file.Name.EndsWith(TempSuffix, StringComparison.Ordinal))
                DeleteQuietly(file.FullName);
            else if (file.Extension == ".img" && (file.Length == 0 || !File.Exists(Path.ChangeExtension(file.FullName, ".json"))))
                // No encoder writes an empty image: it was cut short by a full disk before writes were atomic.
                DeleteQuietly(Path.ChangeExtension(file.FullName, ".json"), file.FullName);
        }
        int purged = 0;
        foreach (var sidecar in Directory.EnumerateFiles(_directory, "res_*.json"))
        {
            if (Find(Path.GetFileNameWithoutExtension(sidecar)) is not { } image || image.CreatedAt >= cutoff)
                continue;
            // Sidecar first: without it the image is already invisible, so a crash in between leaves no half result.
            File.Delete(sidecar);
            File.Delete(ImagePath(image.Id));
            purged++;
        }
        return purged;
    }

    private const string TempSuffix = ".tmp";

    /// <summary>Older than any write in progress could be.</summary>
    private static readonly TimeSpan OrphanAge = TimeSpan.FromHours(1);

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = path + TempSuffix;
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>ENOSPC (28) and EDQUOT (122) on Unix, ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on Windows.</summary>
    public static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) is 28 or 122 or 112 or 39;

    private static void DeleteQuietly(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next retention pass.
            }
        }
    }
    public Task<int> PurgeCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(PurgeCreatedBefore(cutoff));

    private string ImagePath(string id) => Path.Combine(_directory, id + ".img");

    private string SidecarPath(string id) => Path.Combine(_directory, id + ".json");

    [GeneratedRegex("^res_[0-9a-f]{32}$")]
    private static partial Regex ResultIdPattern();
}

/// <summary>The disk holding results is full; the request can succeed later, once space is freed.</summary>
public sealed class StorageFullException(string message, Exception inner) : IOException(message, inner);
