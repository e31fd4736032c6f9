using Cutout.Evaluation;

namespace Cutout.Cluster.Tests.Services;

/// <summary>
/// A throwaway RabbitMQ node from the Debian package: its own node name, ports (AMQP, distribution, epmd),
/// cookie, data and logs in a temp folder, so it never meets a system broker. Stopped with rabbitmqctl,
/// and its epmd with it, afterwards.
/// </summary>
internal sealed class RabbitMqServer : IAsyncDisposable
{
    private const string Sbin = "/usr/lib/rabbitmq/bin";
    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;
    private readonly System.Diagnostics.Process _process;

    private RabbitMqServer(string directory, Dictionary<string, string> environment, System.Diagnostics.Process process, int port)
    {
        _directory = directory;
        _environment = environment;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string NodeName => _environment["RABBITMQ_NODENAME"];

    public string Url(string vhost) => $"amqp://guest:guest@127.0.0.1:{Port}/{Uri.EscapeDataString(vhost)}";

    public static bool IsInstalled => File.Exists(Path.Combine(Sbin, "rabbitmq-server"));

    public static async Task<RabbitMqServer> StartAsync()
    {
        if (!IsInstalled)
            throw new InvalidOperationException($"RabbitMQ is not installed ({Sbin}/rabbitmq-server); run .ci/install-deps");
        var directory = Directory.CreateTempSubdirectory("cutout-rabbitmq-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        var cookie = Path.Combine(directory, ".erlang.cookie");
        await File.WriteAllTextAsync(cookie, "cutout" + Guid.NewGuid().ToString("N"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].");
        int port = LoopbackPort.Free();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = directory, // the Erlang cookie is read from $HOME
            ["RABBITMQ_NODENAME"] = $"cutout-test-{Guid.NewGuid():N}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(),
            ["RABBITMQ_DIST_PORT"] = LoopbackPort.Free().ToString(),
            ["ERL_EPMD_PORT"] = LoopbackPort.Free().ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(directory, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(directory, "rabbitmq-env.conf"),
        };
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(Sbin, "rabbitmq-server"))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RabbitMqServer(directory, environment, process, port);
        try
        {
            await ServiceProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(120), server.LogTail);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new virtual host, so each test class has queues of its own.</summary>
    public async Task<string> CreateVirtualHostAsync(string name)
    {
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return Url(name);
    }

    private Task<string> CtlAsync(params string[] arguments) =>
        ServiceProcess.RunAsync(Path.Combine(Sbin, "rabbitmqctl"), ["-n", NodeName, .. arguments], _environment, TimeSpan.FromSeconds(60));

    private string LogTail()
    {
        var log = Directory.Exists(Path.Combine(_directory, "log")) ? Directory.GetFiles(Path.Combine(_directory, "log"), "*.log").FirstOrDefault() : null;
        return log is null ? "(no log)" : string.Join('\n', File.ReadLines(log).TakeLast(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                await CtlAsync("stop");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // The node would not stop politely; end it and everything it started.
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            try
            {
                await ServiceProcess.RunAsync("/usr/lib/erlang/bin/epmd", ["-port", _environment["ERL_EPMD_PORT"], "-kill"], timeout: TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // No epmd left to stop.
            }
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
