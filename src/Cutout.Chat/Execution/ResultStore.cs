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
public sealed partial class ResultStore
{
    private readonly string _directory;

    public ResultStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public static bool IsResultId(string text) => ResultIdPattern().IsMatch(text);

    public async Task<StoredImage> SaveAsync(string owner, byte[] bytes, string contentType, int width, int height, string? model, CancellationToken cancellationToken)
    {
        var id = "res_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var stored = new StoredImage(id, owner, contentType, width, height, model, DateTimeOffset.UtcNow);
        await File.WriteAllBytesAsync(ImagePath(id), bytes, cancellationToken).ConfigureAwait(false);
        // The sidecar is written last and moved into place, so an image is either complete or absent.
        var temp = SidecarPath(id) + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(stored), cancellationToken).ConfigureAwait(false);
        File.Move(temp, SidecarPath(id), overwrite: true);
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

    public Stream OpenRead(StoredImage image) => File.OpenRead(ImagePath(image.Id));

    /// <summary>Where the image's bytes are, for readers that take a file (an uploaded backdrop for the compositor).</summary>
    public string FileOf(StoredImage image) => ImagePath(image.Id);

    public Task<byte[]> ReadAllBytesAsync(StoredImage image, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(ImagePath(image.Id), cancellationToken);

    /// <summary>Deletes images created before <paramref name="cutoff"/>; returns how many.</summary>
    public int PurgeCreatedBefore(DateTimeOffset cutoff)
    {
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

    private string ImagePath(string id) => Path.Combine(_directory, id + ".img");

    private string SidecarPath(string id) => Path.Combine(_directory, id + ".json");

    [GeneratedRegex("^res_[0-9a-f]{32}$")]
    private static partial Regex ResultIdPattern();
}
