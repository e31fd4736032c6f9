using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cutout.Chat.Execution;

/// <summary>
/// Signs <c>/files/{id}</c> links with an expiry (HMAC-SHA256), so a result URL works in curl or a
/// browser without the API key, for a limited time, and only for that one result.
/// </summary>
public sealed class ResultUrlSigner(byte[] key)
{
    /// <summary>The key in <paramref name="path"/>, created on first use so links survive restarts.</summary>
    public static ResultUrlSigner LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new ResultUrlSigner(File.ReadAllBytes(path));
    }

    /// <summary>The query string (without '?') granting access to <paramref name="resultId"/> until <paramref name="expires"/>.</summary>
    public string SignQuery(string resultId, DateTimeOffset expires)
    {
        long unix = expires.ToUnixTimeSeconds();
        return $"expires={unix}&sig={Convert.ToHexStringLower(Mac(resultId, unix))}";
    }

    public bool IsValid(string resultId, string? expires, string? signature, DateTimeOffset now)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out long unix) || unix < now.ToUnixTimeSeconds())
            return false;
        if (signature is null || signature.Length != 64)
            return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Mac(resultId, unix));
    }

    private byte[] Mac(string resultId, long unixExpiry) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{resultId}.{unixExpiry.ToString(CultureInfo.InvariantCulture)}"));
}
