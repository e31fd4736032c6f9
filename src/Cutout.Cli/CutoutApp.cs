using System.CommandLine;
using Cutout.Cli.Commands;

namespace Cutout.Cli;

/// <summary>The <c>cutout</c> command tree; <see cref="RunAsync"/> is the whole program.</summary>
internal static class CutoutApp
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("cutout: background removal that runs on your own machine.")
        {
            RemoveCommand.Create(),
            BatchCommand.Create(),
            ModelsCommand.Create(),
            ServeCommand.Create(),
            WorkerCommand.Create(),
            UiCommand.Create(),
        };
        root.Options.Add(CommonOptions.Verbose);
        return CliRunner.RunAsync(root, args);
    }
}
