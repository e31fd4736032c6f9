using System.Diagnostics;
using System.Globalization;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// One photo in a fresh process, the way `cutout remove` runs: the bench starts a copy of itself that
/// loads the model (with the CLI's <see cref="OptimizedModelCache"/> in a folder the bench chooses), cuts
/// out one photo and reports. Nothing is compiled or allocated beforehand, so this is what a user waits
/// for, unlike the warm per-stage medians.
/// </summary>
public static class ColdStart
{
    public const string ChildCommand = "cold-start";

    // The runtime switch that compiles methods with loops optimised at once: "0" as the CLI is configured
    // (Cutout.Cli.csproj), "1" the runtime's default, which this benchmark process itself keeps.
    private const string QuickJitForLoopsVariable = "DOTNET_TC_QuickJitForLoops";

    public sealed record Run(double ProcessMs, double ModelLoadMs, StageTimings Stages);

    /// <summary>Starts the child and waits for its report.</summary>
    public static Run Measure(QualityMode mode, string photo, bool optimisedLoops, string optimizedModelFolder)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
        foreach (var argument in new[] { ChildCommand, mode.ToString(), photo, optimizedModelFolder })
            start.ArgumentList.Add(argument);
        start.Environment[QuickJitForLoopsVariable] = optimisedLoops ? "0" : "1";
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        string report = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        double processMs = clock.Elapsed.TotalMilliseconds;
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"the cold-start child exited with {child.ExitCode}");
        var values = report.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new Run(processMs, values[0], new StageTimings(values[1], values[2], values[3], values[4], values[5], values[6]));
    }

    /// <summary>The child's side: model load time, then the stage times, on one line.</summary>
    public static async Task RunChildAsync(string mode, string photo, string optimizedModelFolder)
    {
        var clock = Stopwatch.StartNew();
        using var remover = new Remover(new RemoverSettings
        {
            ModelStore = NpmModelStore.FromEnvironment(),
            Device = ExecutionDevice.Cpu,
            OptimizedModels = new OptimizedModelCache(optimizedModelFolder),
        });
        var qualityMode = Enum.Parse<QualityMode>(mode);
        await remover.GetSegmenterAsync(ModelCatalog.ForMode(qualityMode));
        double modelLoadMs = clock.Elapsed.TotalMilliseconds;
        var t = (await remover.RemoveAsync(await File.ReadAllBytesAsync(photo), new CutoutOptions { Mode = qualityMode })).Timings;
        Console.WriteLine(string.Join(' ', new[] { modelLoadMs, t.DecodeMs, t.PreprocessMs, t.InferenceMs, t.RefineMs, t.ComposeMs, t.EncodeMs }
            .Select(v => v.ToString("F1", CultureInfo.InvariantCulture))));
    }
}
