using System.CommandLine;
using Cutout.Cli;
using Cutout.Cli.Commands;

var root = new RootCommand("cutout: background removal that runs on your own machine.")
{
    RemoveCommand.Create(),
    BatchCommand.Create(),
    ModelsCommand.Create(),
};
root.Options.Add(CommonOptions.Verbose);
return await CliRunner.RunAsync(root, args);
