using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cutout.Storage;

namespace Cutout.Chat.Sessions;

/// <summary>One message of a client-held conversation (OpenAI style): who said it, its text and its image URLs.</summary>
public sealed record ConversationTurn(string Role, string Text, IReadOnlyList<string> ImageUrls);

/// <summary>
/// Finds the session of a conversation whose client sends the whole history every turn but no session id
/// (OpenAI's chat format). After a turn, the hash of the conversation including the reply is remembered
/// with the session; the next request's prior turns hash the same and lead back to it. Entries are scoped
/// by key: another key's identical conversation finds nothing. Whitespace around texts does not count,
/// so a client that trims the reply it sends back still matches.
/// </summary>
public sealed class ConversationIndex
{
    private readonly string _directory;

    public ConversationIndex(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public static string Hash(IEnumerable<ConversationTurn> turns)
    {
        var canonical = turns.Select(t => new object[] { t.Role, t.Text.Trim().ReplaceLineEndings("\n"), t.ImageUrls.Select(u => u.Trim()) });
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)));
    }

    public string? Find(string apiKeyId, string conversationHash)
    {
        try
        {
            return File.ReadAllText(EntryPath(apiKeyId, conversationHash)).Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public Task RememberAsync(string apiKeyId, string conversationHash, string sessionId, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(EntryPath(apiKeyId, conversationHash), Encoding.UTF8.GetBytes(sessionId), cancellationToken);

    /// <summary>Forgets entries not written since <paramref name="cutoff"/> (their sessions have expired); returns how many.</summary>
    public int PurgeWrittenBefore(DateTimeOffset cutoff)
    {
        int purged = 0;
        foreach (var entry in Directory.EnumerateFiles(_directory, "*.session"))
            if (File.GetLastWriteTimeUtc(entry) < cutoff.UtcDateTime)
            {
                File.Delete(entry);
                purged++;
            }
        return purged;
    }

    private string EntryPath(string apiKeyId, string conversationHash) =>
        Path.Combine(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKeyId + "\n" + conversationHash))) + ".session");
}
