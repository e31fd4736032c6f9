using Cutout.Evaluation;

namespace Cutout.Cluster.Tests.Services;

/// <summary>
/// A throwaway PostgreSQL from the Debian package: initdb in a temp folder, run by pg_ctl on a loopback
/// port (as the <c>postgres</c> user when the tests run as root, since PostgreSQL refuses root), stopped
/// and deleted afterwards.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "cutout";
    private readonly string _directory;
    private readonly string _bin;

    private PostgresServer(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_directory, "data");

    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); run .ci/install-deps");
        var directory = Directory.CreateTempSubdirectory("cutout-pg-").FullName;
        if (ServiceProcess.IsRoot)
            await ServiceProcess.RunAsync("chown", ["postgres:", directory]);
        var server = new PostgresServer(directory, bin, LoopbackPort.Free());
        try
        {
            await server.AsOwnerAsync("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--no-sync"], TimeSpan.FromMinutes(2));
            await server.AsOwnerAsync("pg_ctl", ["-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"], TimeSpan.FromSeconds(90));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={database};Pooling=true";

    /// <summary>A fresh, empty database for one test class.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private Task<string> AsOwnerAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout) =>
        ServiceProcess.IsRoot
            ? ServiceProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments], timeout: timeout)
            : ServiceProcess.RunAsync(Path.Combine(_bin, tool), arguments, timeout: timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await AsOwnerAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
