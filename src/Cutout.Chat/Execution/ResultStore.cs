using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cutout.Imaging;

namespace Cutout.Chat.Execution;

/// <summary>What is known about one produced image; kept in a JSON sidecar beside its bytes.</summary>
public sealed record StoredResult(string Id, string Owner, OutputFormat Format, int Width, int Height, string Model, DateTimeOffset CreatedAt)
{
    public string ContentType => OutputOptions.ContentType(Format);
}

/// <summary>
/// Produced images on disk (<c>{id}{.ext}</c> + <c>{id}.json</c>), so results outlive the process.
/// Ids carry 128 random bits: knowing one is the only way to name a result, and they cannot be guessed.
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

    public async Task<StoredResult> SaveAsync(string owner, CutoutResult result, CancellationToken cancellationToken)
    {
        var id = "res_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var stored = new StoredResult(id, owner, result.Format, result.Width, result.Height, result.Model, DateTimeOffset.UtcNow);
        await File.WriteAllBytesAsync(ImagePath(stored), result.Encoded, cancellationToken).ConfigureAwait(false);
        // The sidecar is written last and moved into place, so a result is either complete or absent.
        var temp = SidecarPath(id) + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(stored), cancellationToken).ConfigureAwait(false);
        File.Move(temp, SidecarPath(id), overwrite: true);
        return stored;
    }

    public StoredResult? Find(string id)
    {
        if (!IsResultId(id))
            return null;
        try
        {
            return JsonSerializer.Deserialize<StoredResult>(File.ReadAllText(SidecarPath(id)));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public Stream OpenRead(StoredResult result) => File.OpenRead(ImagePath(result));

    public Task<byte[]> ReadAllBytesAsync(StoredResult result, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(ImagePath(result), cancellationToken);

    private string ImagePath(StoredResult result) => Path.Combine(_directory, result.Id + OutputOptions.Extension(result.Format));

    private string SidecarPath(string id) => Path.Combine(_directory, id + ".json");

    [GeneratedRegex("^res_[0-9a-f]{32}$")]
    private static partial Regex ResultIdPattern();
}
