using Npgsql;

namespace Cutout.Cluster.Storage;

/// <summary>Reads <c>--store</c>: an Npgsql connection string ("Host=…;Database=…") or a postgres:// URL.</summary>
public static class StoreAddress
{
    public static string ToConnectionString(string store)
    {
        if (!store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new NpgsqlConnectionStringBuilder(store).ConnectionString;
        if (!Uri.TryCreate(store, UriKind.Absolute, out var url) || url.Host.Length == 0)
            throw new FormatException($"'{Redact(store)}' is not a valid postgres:// URL (postgres://user:password@host:5432/database)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : null,
        };
        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        // libpq-style parameters (?sslmode=require&application_name=…) map onto the same keywords.
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            builder[Uri.UnescapeDataString(key).Replace('_', ' ')] = Uri.UnescapeDataString(value);
        }
        return builder.ConnectionString;
    }

    /// <summary>The address with any password replaced, for messages and logs.</summary>
    public static string Redact(string store) =>
        System.Text.RegularExpressions.Regex.Replace(store, @"(://[^:/@]*:)[^@]*@|(?i)(password=)[^;]*", m => m.Groups[1].Success ? m.Groups[1].Value + "***@" : m.Groups[2].Value + "***");
}
