using System.Security.Cryptography;
using System.Text;

namespace Cutout.Server.Security;

/// <summary>
/// The accepted API keys, held only as SHA-256 digests. A presented key is hashed and compared with
/// every digest in constant time, so neither the comparison nor the loop reveals how close a guess was.
/// Callers are known by a key id derived from the digest, never by the key itself.
/// </summary>
internal sealed class ApiKeyRegistry
{
    private volatile byte[][] _digests;

    public ApiKeyRegistry(IEnumerable<byte[]> digests)
    {
        _digests = digests.Distinct(new DigestComparer()).ToArray();
    }

    /// <summary>Swaps in a new set of accepted keys at once (keys registered by other replicas of a shared store).</summary>
    public void Replace(IEnumerable<byte[]> digests) => _digests = digests.Distinct(new DigestComparer()).ToArray();

    public int Count => _digests.Length;

    /// <summary>The accepted keys' SHA-256 digests (what a shared store keeps).</summary>
    public IReadOnlyList<byte[]> Digests => _digests;

    /// <summary>Keys from the options, <c>CUTOUT_API_KEYS</c> and the keys file.</summary>
    public static ApiKeyRegistry FromOptions(ServerOptions options, string? environmentKeys)
    {
        var plain = options.ApiKeys
            .Concat((environmentKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(k => k.Length > 0)
            .Select(Digest);
        var hashed = options.ApiKeysFile is { } file ? ReadDigestFile(file) : [];
        return new ApiKeyRegistry(plain.Concat(hashed));
    }

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key's id ("key_" + 16 hex digits of its digest), or null when the key is not accepted.</summary>
    public string? Identify(string presentedKey)
    {
        var digest = Digest(presentedKey);
        byte[]? match = null;
        foreach (var known in _digests)
            if (CryptographicOperations.FixedTimeEquals(digest, known))
                match = known;
        return match is null ? null : KeyId(match);
    }

    public static string KeyId(byte[] digest) => "key_" + Convert.ToHexStringLower(digest.AsSpan(0, 8));

    private static IEnumerable<byte[]> ReadDigestFile(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
                line = line["sha256:".Length..];
            // `sha256sum` output: the digest, then the file name ("-" for stdin).
            line = line.Split(' ', 2)[0];
            if (line.Length == 0)
                continue;
            if (line.Length != 64 || !line.All(Uri.IsHexDigit))
                throw new InvalidDataException($"{path}: '{line}' is not a SHA-256 hex digest (create one with: printf %s KEY | sha256sum)");
            yield return Convert.FromHexString(line);
        }
    }

    private sealed class DigestComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => BitConverter.ToInt32(obj, 0);
    }
}
