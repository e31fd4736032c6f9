using System.Diagnostics;
using System.Text.Json;
using Cutout.Advanced;
using Cutout.Tests;

namespace Cutout.Cli.Tests;

/// <summary>
/// Options a hostile or careless user might pass: each ends as one line on stderr and exit code 2, never a
/// stack trace, a crash, a gigapixel allocation or files left behind. Run as a real process, as a user would.
/// </summary>
public sealed class HostileOptionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("cutout-hostile-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [PhotoTheory]
    [InlineData("--scale", "40", "--allow-upscale")]
    [InlineData("--scale", "0")]
    [InlineData("--trim", "--margin", "100000%")]
    [InlineData("--trim", "--aspect", "100000:1")]
    [InlineData("--canvas", "99999x99999")]
    [InlineData("--input-size", "0")]
    [InlineData("--input-size", "100000")]
    [InlineData("--quality", "0")]
    [InlineData("--quality", "101")]
    [InlineData("--max-size", "0")]
    public async Task An_option_beyond_the_limits_is_one_line_and_exit_code_2(params string[] option)
    {
        string output = Path.Combine(_work, "out.png");

        var (exit, stderr) = await RunCliAsync(["remove", Photo("voc-sheep.png"), "-o", output, "--mode", "eco", .. option]);

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cutout: error:", line);
        Assert.DoesNotContain(" at ", line);
        Assert.False(File.Exists(output));
    }

    [PhotoFact]
    public async Task An_input_size_for_a_model_file_outside_the_network_range_writes_nothing_to_the_model_cache()
    {
        string cache = Path.Combine(_work, "models");
        string model = Path.Combine(_work, "own.onnx");
        File.WriteAllBytes(model, [0]);

        var (exit, _) = await RunCliAsync(["remove", Photo("voc-sheep.png"), "-o", Path.Combine(_work, "out.png"), "--model", model, "--input-size", "100000"],
            ("CUTOUT_MODEL_DIR", cache));

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Escape_sequences_in_a_file_name_never_reach_the_terminal()
    {
        var (exit, stderr) = await RunCliAsync(["remove", Path.Combine(_work, "\u001b]0;owned\u0007\u001b[2J.jpg")]);

        Assert.Equal(2, exit);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain('\u0007', stderr);
        Assert.Contains("?]0;owned??[2J.jpg", stderr);
    }

    [PhotoFact]
    public async Task An_output_named_for_a_format_we_do_not_write_is_refused_rather_than_given_png_bytes()
    {
        var (exit, stderr) = await RunCliAsync(["remove", Photo("voc-sheep.png"), "-o", Path.Combine(_work, "out.gif")]);

        Assert.Equal(2, exit);
        Assert.Contains("'.gif'", stderr);
    }

    [PhotoFact]
    public async Task A_batch_of_names_that_differ_only_in_extension_or_case_gives_each_its_own_output()
    {
        string input = Path.Combine(_work, "in");
        Directory.CreateDirectory(input);
        File.Copy(Photo("voc-sheep.png"), Path.Combine(input, "photo.png"));
        File.Copy(Photo("weizmann-horse025.png"), Path.Combine(input, "photo.PNG"));
        File.Copy(Photo("weizmann-horse249.png"), Path.Combine(input, "other.png"));
        string output = Path.Combine(_work, "out");
        string report = Path.Combine(_work, "report.json");

        Assert.Equal(0, await CutoutApp.RunAsync(["batch", input, "-o", output, "--mode", "eco", "--jobs", "2", "--report", report]));

        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        var outputs = json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("output").GetString()!).ToList();
        Assert.Equal(3, outputs.Distinct().Count());
        Assert.Equal(["other.png", "photo.PNG.png", "photo.png.png"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // Each output is the cutout of its own input: the photos differ in size.
        Assert.Equal(513, ImageDecoder.Decode(File.ReadAllBytes(Path.Combine(output, "photo.png.png"))).Image.Width);
        Assert.NotEqual(513, ImageDecoder.Decode(File.ReadAllBytes(Path.Combine(output, "photo.PNG.png"))).Image.Width);
    }

    /// <summary>The built <c>cutout</c> beside this test assembly, as its own process; returns the exit code and stderr.</summary>
    private static async Task<(int Exit, string Stderr)> RunCliAsync(string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cutout.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stderr);
    }

    private static string Photo(string name) => RepositoryTestData.Real(name);
}
