using System.CommandLine;
using Cutout.Cluster.Jobs;
using Cutout.Segmentation;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cutout.Cli.Commands;

/// <summary><c>cutout worker --broker … --store …</c>: cuts out the jobs that <c>serve</c> and <c>batch</c> put on the broker.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var cluster = new ClusterArguments();
        var prefetch = new Option<int>("--prefetch")
        {
            Description = "Jobs taken from the broker at once (default: number of cores; inference runs one at a time, the other stages overlap).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var name = new Option<string>("--name") { Description = "This worker's name in logs and the store.", DefaultValueFactory = _ => $"{Environment.MachineName}-{Environment.ProcessId}" };
        var device = new Option<ExecutionDevice>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => ExecutionDevice.Auto };
        var command = new Command("worker", "Take image jobs from the broker (--broker) and store their results (--store), until stopped.") { prefetch, name, device };
        cluster.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!cluster.Requested(parse))
                throw new CutoutException(CutoutErrorKind.InvalidOption, "a worker needs --broker and --store");
            int jobs = parse.GetValue(prefetch);
            if (jobs is < 1 or > ushort.MaxValue)
                throw new CutoutException(CutoutErrorKind.InvalidOption, "--prefetch must be between 1 and 65535");

            using var remover = await EngineFactory.CreateAsync(ModelCatalog.IsNetFp16, parse.GetValue(device), cancellationToken);
            await using var backends = await cluster.ConnectAsync(parse, "cutout-worker", cancellationToken);
            using var logs = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
            var worker = new CutoutWorker(backends.Broker, backends.Results, remover,
                recipe => recipe.ChatOptions() ?? BatchCommand.OptionsFromArguments(recipe.Arguments),
                parse.GetValue(name)!, (ushort)jobs, logs.CreateLogger("cutout.worker"));
            CliRunner.Console.MarkupLineInterpolated($"Worker [bold]{worker.Name}[/] taking jobs ({worker.Prefetch} at a time). Ctrl+C stops it.");
            await worker.RunAsync(cancellationToken);
            return CliRunner.Success;
        });
        return command;
    }
}
