using System.CommandLine;
using Cutout.Imaging;
using Cutout.Storage;
using Cutout.Segmentation;
using Spectre.Console;

namespace Cutout.Cli.Commands;

/// <summary><c>cutout remove INPUT [-o OUTPUT]</c>: one image.</summary>
internal static class RemoveCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Image file, or - for standard input." };
        var output = new Option<string?>("--output", "-o") { Description = "Output file, or - for standard output (default: INPUT.cutout.png beside the input)." };
        var common = new CommonOptions();
        var command = new Command("remove", "Remove the background of one image.") { input, output };
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            string inputPath = parse.GetValue(input)!;
            string? outputPath = parse.GetValue(output);
            var options = common.ToCutoutOptions(parse, outputPath);
            if (inputPath != "-" && !File.Exists(inputPath))
                throw new CutoutException(CutoutErrorKind.InvalidOption, $"{inputPath}: no such file");

            byte[] bytes = await ReadInputAsync(inputPath, cancellationToken);
            using var remover = await EngineFactory.CreateAsync(options.Model ?? ModelCatalog.ForMode(options.Mode), parse.GetValue(common.Device), cancellationToken, onePhoto: true);

            CutoutResult result;
            try
            {
                result = await remover.RemoveAsync(bytes, options, cancellationToken: cancellationToken);
            }
            catch (CutoutException e) when (e.Kind is not CutoutErrorKind.InvalidOption and not CutoutErrorKind.ModelUnavailable)
            {
                throw new CutoutException(e.Kind, $"{DisplayName(inputPath)}: {e.Message}", e);
            }

            outputPath ??= DefaultOutputPath(inputPath, result.Format);
            if (outputPath == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(result.Encoded, cancellationToken);
            }
            else
            {
                await AtomicFile.WriteAsync(outputPath, result.Encoded, cancellationToken);
                var t = result.Timings;
                CliRunner.Console.MarkupLineInterpolated(
                    $"[green]✓[/] {outputPath}  {result.Width}x{result.Height} {result.Format}, background: {result.Background}, confidence {result.Confidence:F2}  [grey]{t.TotalMs:F0} ms (decode {t.DecodeMs:F0}, model {t.PreprocessMs + t.InferenceMs:F0}, refine {t.RefineMs:F0}, compose {t.ComposeMs:F0}, encode {t.EncodeMs:F0})[/]");
            }
            if (result.Compliance is { } compliance)
                WriteCompliance(compliance);
            return CliRunner.Success;
        });
        return command;
    }

    private static void WriteCompliance(Presets.PresetReport report)
    {
        var table = new Table()
            .Title($"{report.Preset} rules ({report.Source})")
            .AddColumns("rule", "expected", "actual", "");
        foreach (var check in report.Checks)
            table.AddRow(Markup.Escape(check.Rule), Markup.Escape(check.Expected), Markup.Escape(check.Actual), check.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        CliRunner.Console.Write(table);
        if (!report.Passed)
            CliRunner.Console.MarkupLine("[yellow]The output does not meet every rule of the preset (see above).[/]");
    }

    private static async Task<byte[]> ReadInputAsync(string path, CancellationToken cancellationToken)
    {
        if (path != "-")
            return await File.ReadAllBytesAsync(path, cancellationToken);
        using var buffer = new MemoryStream();
        await using var stdin = Console.OpenStandardInput();
        await stdin.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static string DisplayName(string path) => path == "-" ? "<stdin>" : path;

    private static string DefaultOutputPath(string input, OutputFormat format) =>
        input == "-"
            ? "cutout" + OutputOptions.Extension(format)
            : Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + ".cutout" + OutputOptions.Extension(format));
}
