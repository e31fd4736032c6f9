using System.Diagnostics;
using System.Text;

namespace Cutout.Evaluation;

/// <summary>
/// The built <c>cutout</c> CLI run as its own process (<c>dotnet cutout.dll …</c>), as an operator would run it: its
/// output is kept for diagnostics, its resident memory is read from <c>/proc</c>, and it can be killed with SIGKILL
/// as a crash or the OOM killer would. The calling project references Cutout.Cli, so <c>cutout.dll</c> sits beside it.
/// </summary>
public sealed class CutoutProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CutoutProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        // Read as it comes, so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output and error so far, interleaved line by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static CutoutProcess Start(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cutout.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return new CutoutProcess(Process.Start(start)!, name);
    }

    /// <summary>Waits until <c>GET /healthz</c> at <paramref name="baseAddress"/> answers 200; fails at once, with the output, if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < timeout; await Task.Delay(100))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var health = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
        throw new TimeoutException($"{Name} did not answer /healthz within {timeout.TotalSeconds:0} s (it fetches the model on first use):\n{Output}");
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in bytes.</summary>
    public (long Now, long Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        long Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    /// <summary>SIGKILL: no shutdown hook, no lease released, no file closed cleanly, as when a machine dies.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException($"{Name} did not finish within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
