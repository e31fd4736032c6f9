using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Cutout.Cluster.Jobs;
using Cutout.Imaging;
using Cutout.Segmentation;
using Cutout.Storage;
using Spectre.Console;

namespace Cutout.Cli.Commands;

/// <summary><c>cutout batch DIR -o OUT</c>: every image of a folder, in parallel, failures isolated.</summary>
internal static class BatchCommand
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp",
    };

    public static Command Create()
    {
        var input = new Argument<string>("input-dir") { Description = "Folder of images." };
        var output = new Option<string>("--output", "-o") { Description = "Output folder (mirrors the input's relative paths).", Required = true };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include sub-folders." };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Images in flight at once (default: number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var skipExisting = new Option<bool>("--skip-existing") { Description = "Resume: leave images whose output already exists." };
        var report = new Option<string?>("--report") { Description = "Write a JSON report of every file (status, timings, output)." };
        var cluster = new ClusterArguments();
        var common = new CommonOptions();
        var command = new Command("batch", "Remove the background of every image in a folder.") { input, output, recursive, jobs, skipExisting, report };
        common.AddTo(command);
        cluster.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            string inputDir = parse.GetValue(input)!;
            string outputDir = parse.GetValue(output)!;
            if (!Directory.Exists(inputDir))
                throw new CutoutException(CutoutErrorKind.InvalidOption, $"{inputDir}: no such folder");
            int jobCount = parse.GetValue(jobs);
            if (jobCount < 1)
                throw new CutoutException(CutoutErrorKind.InvalidOption, "--jobs must be at least 1");

            var options = common.ToCutoutOptions(parse, outputPath: null);
            var files = Directory.EnumerateFiles(inputDir, "*", parse.GetValue(recursive) ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
                throw new CutoutException(CutoutErrorKind.InvalidOption, $"{inputDir}: no images found (looked for {string.Join(' ', ImageExtensions)})");

            var plan = new BatchPlan(inputDir, outputDir, files, options.Output.MaskOnly ? OutputFormat.Png : options.Output.Format, parse.GetValue(skipExisting));
            var clock = Stopwatch.StartNew();
            List<BatchEntry> entries;
            if (cluster.Requested(parse))
            {
                await using var backends = await cluster.ConnectAsync(parse, "cutout-batch", cancellationToken);
                await using var client = await JobClient.StartAsync(backends.Broker, backends.Results, cancellationToken);
                var recipe = new JobRecipe { Arguments = common.ArgumentsOf(parse) };
                // Workers do the work, so many more images can be in flight than this machine has cores.
                int inFlight = parse.GetResult(jobs) is { Implicit: false } ? jobCount : RemoteJobsInFlight;
                entries = await RunAsync(plan, inFlight, (file, token) => ProcessRemotelyAsync(client, recipe, plan, file, token), cancellationToken);
            }
            else
            {
                using var remover = await EngineFactory.CreateAsync(options.Model ?? ModelCatalog.ForMode(options.Mode), parse.GetValue(common.Device), cancellationToken);
                entries = await RunAsync(plan, jobCount, (file, token) => ProcessAsync(remover, options, plan, file, token), cancellationToken);
            }
            clock.Stop();

            int failed = entries.Count(e => e.Status == BatchStatus.Failed);
            int noSubject = entries.Count(e => e.Status == BatchStatus.NoSubject);
            int done = entries.Count(e => e.Status == BatchStatus.Ok);
            int skipped = entries.Count(e => e.Status == BatchStatus.Skipped);
            if (parse.GetValue(report) is { } reportPath)
            {
                var summary = new BatchReport(files.Count, done, skipped, failed, noSubject, clock.Elapsed.TotalSeconds, entries);
                await AtomicFile.WriteAsync(reportPath, JsonSerializer.SerializeToUtf8Bytes(summary, ReportJson.Default.BatchReport), cancellationToken);
            }

            foreach (var entry in entries.Where(e => e.Status is BatchStatus.Failed or BatchStatus.NoSubject))
                CliRunner.Console.MarkupLineInterpolated($"[red]✗[/] {CliRunner.Printable(entry.Input)}: {CliRunner.Printable(entry.Error ?? "")}");
            CliRunner.Console.MarkupLineInterpolated(
                $"{done} done, {skipped} skipped, [{(noSubject > 0 ? "yellow" : "green")}]{noSubject} without a subject[/], [{(failed > 0 ? "red" : "green")}]{failed} failed[/] in {clock.Elapsed.TotalSeconds:F1} s ({(done > 0 ? done / clock.Elapsed.TotalSeconds : 0):F2} images/s)");
            return failed + noSubject > 0 ? CliRunner.ProcessingError : CliRunner.Success;
        });
        return command;
    }

    private sealed record BatchPlan(string InputDir, string OutputDir, IReadOnlyList<string> Files, OutputFormat? Format, bool SkipExisting)
    {
        /// <summary>
        /// Inputs that differ only in extension or letter case (photo.jpg, photo.JPG, photo.png) and would all
        /// become photo.png: each keeps its whole name instead (photo.jpg.png), so none overwrites another.
        /// Compared without case because the output folder may be on a case-insensitive file system.
        /// </summary>
        private readonly HashSet<string> _sharingAName = Files
            .GroupBy(file => Path.ChangeExtension(Path.GetRelativePath(InputDir, file), null), StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .SelectMany(group => group)
            .ToHashSet(StringComparer.Ordinal);

        /// <summary>Same relative path and name as the input, with the output format's extension.</summary>
        public string OutputFor(string file, OutputFormat format)
        {
            var mirrored = Path.Combine(OutputDir, Path.GetRelativePath(InputDir, file));
            return _sharingAName.Contains(file)
                ? mirrored + OutputOptions.Extension(format)
                : Path.ChangeExtension(mirrored, OutputOptions.Extension(format));
        }

        /// <summary>An output a previous run left for this file (in the requested format, or any when it was left to the pipeline).</summary>
        public string? ExistingOutput(string file) =>
            (Format is { } format ? [format] : Enum.GetValues<OutputFormat>())
                .Select(f => OutputFor(file, f))
                .FirstOrDefault(File.Exists);
    }

    private const int RemoteJobsInFlight = 64;

    /// <summary>The pipeline options a batch's forwarded arguments stand for (what a worker runs with).</summary>
    public static CutoutOptions OptionsFromArguments(IReadOnlyList<string> arguments)
    {
        var common = new CommonOptions();
        var command = new Command("batch-job");
        common.AddTo(command);
        var parse = command.Parse(arguments.ToArray());
        if (parse.Errors.Count > 0)
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"the job's options do not parse: {parse.Errors[0].Message}");
        return common.ToCutoutOptions(parse, outputPath: null);
    }

    private static async Task<List<BatchEntry>> RunAsync(BatchPlan plan, int jobs, Func<string, CancellationToken, Task<BatchEntry>> process, CancellationToken cancellationToken)
    {
        var entries = new BatchEntry[plan.Files.Count];
        var queue = Channel.CreateUnbounded<int>();
        for (int i = 0; i < plan.Files.Count; i++)
            queue.Writer.TryWrite(i);
        queue.Writer.Complete();

        await CliRunner.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{plan.Files.Count} images", maxValue: plan.Files.Count);
                var workers = Enumerable.Range(0, jobs).Select(_ => Task.Run(async () =>
                {
                    await foreach (int index in queue.Reader.ReadAllAsync(cancellationToken))
                    {
                        string file = plan.Files[index];
                        entries[index] = plan.SkipExisting && plan.ExistingOutput(file) is { } existing
                            ? new BatchEntry(Path.GetRelativePath(plan.InputDir, file), BatchStatus.Skipped, existing, null, null, null, null, null, null)
                            : await process(file, cancellationToken);
                        task.Increment(1);
                    }
                }, cancellationToken));
                await Task.WhenAll(workers);
            });
        return [.. entries];
    }

    private static async Task<BatchEntry> ProcessAsync(Remover remover, CutoutOptions options, BatchPlan plan, string file, CancellationToken cancellationToken)
    {
        string relative = Path.GetRelativePath(plan.InputDir, file);
        try
        {
            var result = await remover.RemoveFileAsync(file, options, cancellationToken: cancellationToken);
            return await WriteAsync(plan, file, result, cancellationToken);
        }
        catch (CutoutException e) when (e.Kind == CutoutErrorKind.NoSubject)
        {
            return new BatchEntry(relative, BatchStatus.NoSubject, null, e.Message, null, null, null, null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new BatchEntry(relative, BatchStatus.Failed, null, e.Message, null, null, null, null, null);
        }
    }

    /// <summary>
    /// One file through the workers. Its job id is derived from its name, bytes and options, so a batch run
    /// again after being stopped picks up the results the workers stored meanwhile instead of redoing them.
    /// </summary>
    private static async Task<BatchEntry> ProcessRemotelyAsync(JobClient client, JobRecipe recipe, BatchPlan plan, string file, CancellationToken cancellationToken)
    {
        string relative = Path.GetRelativePath(plan.InputDir, file);
        try
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
            var outcome = await client.RunAsync(recipe.ContentJobId(relative, bytes), bytes, recipe, progress: null, cancellationToken);
            if (outcome.Result is { } result)
                return await WriteAsync(plan, file, result, cancellationToken);
            var status = outcome.ErrorKind == CutoutErrorKind.NoSubject ? BatchStatus.NoSubject : BatchStatus.Failed;
            return new BatchEntry(relative, status, null, outcome.Error, null, null, null, null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new BatchEntry(relative, BatchStatus.Failed, null, e.Message, null, null, null, null, null);
        }
    }

    private static async Task<BatchEntry> WriteAsync(BatchPlan plan, string file, CutoutResult result, CancellationToken cancellationToken)
    {
        var outputPath = plan.OutputFor(file, result.Format);
        await AtomicFile.WriteAsync(outputPath, result.Encoded, cancellationToken);
        return new BatchEntry(Path.GetRelativePath(plan.InputDir, file), BatchStatus.Ok, outputPath, null, result.Width, result.Height,
            Math.Round(result.Confidence, 3), result.Timings, result.Compliance);
    }
}

/// <summary>A file's <c>status</c> in the batch report.</summary>
internal static class BatchStatus
{
    public const string Ok = "ok";
    public const string Skipped = "skipped";
    public const string Failed = "failed";

    /// <summary>The model found no subject (see <see cref="Matting.SubjectPresence"/>); nothing was written.</summary>
    public const string NoSubject = "no-subject";
}

/// <param name="Confidence">How sure the model was of the subject, 0..1 (see <see cref="Matting.SubjectPresence.Confidence"/>).</param>
internal sealed record BatchEntry(
    string Input,
    string Status,
    string? Output,
    string? Error,
    int? Width,
    int? Height,
    double? Confidence,
    StageTimings? Timings,
    Presets.PresetReport? Compliance);

internal sealed record BatchReport(int Total, int Succeeded, int Skipped, int Failed, int NoSubject, double ElapsedSeconds, IReadOnlyList<BatchEntry> Files);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchReport))]
internal sealed partial class ReportJson : JsonSerializerContext;
