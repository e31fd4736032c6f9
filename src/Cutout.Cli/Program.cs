return await Cutout.Cli.CutoutApp.RunAsync(args);
