using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Tests;

namespace Cutout.Cli.Tests;

/// <summary>
/// README's promise: every <c>./cutout</c> line in its shell blocks runs as written. Each line runs through
/// bash in a scratch folder where the file names it uses are real photos and <c>./cutout</c> is this build
/// of the CLI; it must exit 0 and leave the output it promises, in the format its name says.
/// </summary>
public sealed partial class ReadmeExampleTests
{
    // Long-running hosts are exercised by the server and web tests, not by running them until killed.
    private static readonly string[] HostCommands = ["serve", "ui", "worker"];

    // Which real photo stands in for each kind of file name README uses (a portrait for "me", a product-like
    // subject for "shoe"/"cup"), so presets that frame a head or a product meet a plausible subject.
    private static readonly Dictionary<string, string> StandIns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["me"] = "ccp-0010.jpg",
        ["shoe"] = "davis-scooter-black.jpg",
        ["cup"] = "voc-sheep.png",
        ["office"] = "davis-soapbox.jpg",
    };

    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        foreach (var line in ReadmeCommandLines())
            data.Add(line);
        return data;
    }

    [PhotoTheory]
    [MemberData(nameof(Lines))]
    public async Task The_readme_line_runs_as_written(string line)
    {
        string scratch = Directory.CreateTempSubdirectory("cutout-readme-").FullName;
        try
        {
            // README's paths are relative to the checkout; the scratch copy has the same shape (repo/ beside shared/).
            string work = Path.Combine(scratch, "repo");
            Directory.CreateDirectory(work);
            WriteCliLauncher(work);
            var words = ShellWords(line);
            foreach (var input in InputsOf(words))
                PlacePhoto(work, input);

            var (exit, output) = await RunBashAsync(work, line);

            Assert.True(exit == 0, $"`{line}` exited {exit}:\n{output}");
            foreach (var (path, format) in PromisedOutputs(words))
                AssertIsImage(Path.Combine(work, path), format, line);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void The_readme_has_runnable_lines_for_each_command()
    {
        var lines = ReadmeCommandLines().ToList();
        Assert.Contains(lines, l => l.Contains(" remove ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" batch ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("--preset amazon", StringComparison.Ordinal));
    }

    /// <summary>The <c>./cutout</c> lines of README's bash blocks, hosts left out.</summary>
    private static IEnumerable<string> ReadmeCommandLines()
    {
        bool inBash = false;
        foreach (var raw in File.ReadLines(Path.Combine(TestPhotos.RepositoryRoot, "README.md")))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inBash = raw.Trim() is "```bash" or "```sh";
                continue;
            }
            var line = raw.Trim();
            if (!inBash || CommandStart().Match(line) is not { Success: true } start)
                continue;
            if (HostCommands.Contains(start.Groups["command"].Value))
                continue;
            yield return line;
        }
    }

    private static IEnumerable<string> InputsOf(IReadOnlyList<string> words)
    {
        for (int i = 0; i < words.Count; i++)
        {
            bool isInput = i > 0 && (words[i - 1] is "remove" or "<" || (words[i - 1] == "--background" && IsImageName(words[i])));
            if (isInput && words[i] != "-")
                yield return words[i];
            if (i > 0 && words[i - 1] == "batch")
                yield return Path.Combine(words[i], "first.jpg");
        }
    }

    /// <summary>Files the line promises to write: its <c>-o</c> (or stdout redirect) target, or the default beside the input.</summary>
    private static IEnumerable<(string Path, OutputFormat? Format)> PromisedOutputs(IReadOnlyList<string> words)
    {
        if (words.Count < 2)
            yield break;
        int output = words.ToList().FindIndex(w => w is "-o" or "--output");
        string? target = output >= 0 ? words[output + 1] : null;
        if (target == "-")
            target = words.SkipWhile(w => w != ">").Skip(1).FirstOrDefault();
        if (words[1] == "batch")
        {
            yield return (Path.Combine(target!, "first.png"), OutputFormat.Png);
            yield break;
        }
        if (words[1] != "remove")
            yield break;
        if (target is not null)
        {
            yield return (target, OutputOptions.FormatFromExtension(target));
            yield break;
        }
        // Without -o the cutout lands beside the input as NAME.cutout.EXT, in whatever format the result took.
        string input = words[2];
        string stem = Path.Combine(Path.GetDirectoryName(input) ?? "", Path.GetFileNameWithoutExtension(input) + ".cutout");
        yield return (stem, null);
    }

    private static void AssertIsImage(string path, OutputFormat? format, string line)
    {
        if (format is null)
        {
            // Default output name: exactly one NAME.cutout.* beside the input.
            var candidates = Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".*");
            path = Assert.Single(candidates);
            format = OutputOptions.FormatFromExtension(path);
        }
        Assert.True(File.Exists(path), $"`{line}` did not write {path}");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(FormatOf(bytes) == format, $"`{line}` wrote {FormatOf(bytes)?.ToString() ?? "unknown bytes"} to {Path.GetFileName(path)}, expected {format}");
        var decoded = ImageDecoder.Decode(bytes, DecodeLimits.Default with { MaxWidth = 20000, MaxHeight = 20000, MinSide = 1 });
        Assert.True(decoded.Image.Width > 0);
    }

    private static OutputFormat? FormatOf(byte[] bytes) => bytes switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => OutputFormat.Png,
        [0xFF, 0xD8, 0xFF, ..] => OutputFormat.Jpeg,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => OutputFormat.WebP,
        _ => null,
    };

    private static void PlacePhoto(string work, string relative)
    {
        string target = Path.GetFullPath(Path.Combine(work, relative));
        if (File.Exists(target))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string stem = Path.GetFileNameWithoutExtension(relative);
        string source = TestPhotos.Real(StandIns.GetValueOrDefault(stem, "davis-dog.jpg"));
        if (File.Exists(TestPhotos.Real(Path.GetFileName(relative))))
            source = TestPhotos.Real(Path.GetFileName(relative));
        // A stand-in keeps the name README uses; an extension it does not match is re-encoded on the way.
        var wanted = OutputOptions.FormatFromExtension(target) ?? OutputFormat.Jpeg;
        byte[] bytes = File.ReadAllBytes(source);
        if (FormatOf(bytes) != wanted)
            bytes = ImageEncoder.Encode(ImageDecoder.Decode(bytes).Image, wanted, 95);
        File.WriteAllBytes(target, bytes);
    }

    private static void WriteCliLauncher(string work)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "cutout.dll");
        string launcher = Path.Combine(work, "cutout");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet \"{dll}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<(int Exit, string Output)> RunBashAsync(string work, string line)
    {
        var start = new ProcessStartInfo("bash", ["-c", line])
        {
            WorkingDirectory = work,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool IsImageName(string word) => OutputOptions.FormatFromExtension(word) is not null || word.EndsWith(".gif", StringComparison.OrdinalIgnoreCase);

    /// <summary>The line split as a shell would: whitespace outside quotes, quotes removed, a comment ends it.</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        bool inWord = false;
        foreach (char c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                    quote = null;
                else
                    word.Append(c);
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '#' && !inWord)
                break;
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        // Environment assignments before the command are the shell's business.
        return words.SkipWhile(w => w.Contains('=') && !w.StartsWith('-')).ToList();
    }

    [GeneratedRegex(@"^(?:[A-Z_]+=\S+\s+)*\./cutout\s+(?<command>[a-z-]+)")]
    private static partial Regex CommandStart();
}
