using System.Text.Json;
using Cutout.Advanced;
using Cutout.Imaging;
using Cutout.Tests;

namespace Cutout.Cli.Tests;

/// <summary>The command line as a user meets it: exit codes, files written, batches that survive bad files.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("cutout-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_missing_input_file_is_a_usage_error_with_exit_code_2()
    {
        Assert.Equal(2, await CutoutApp.RunAsync(["remove", Path.Combine(_work, "nope.jpg")]));
    }

    [PhotoFact]
    public async Task An_unknown_background_colour_is_a_usage_error()
    {
        Assert.Equal(2, await CutoutApp.RunAsync(["remove", Photo("voc-sheep.png"), "--background", "not-a-colour"]));
    }

    [PhotoFact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        Assert.Equal(2, await CutoutApp.RunAsync(["remove", Photo("voc-sheep.png"), "--no-such-flag"]));
    }

    [PhotoFact]
    public async Task An_edge_softness_outside_0_to_1_is_a_usage_error()
    {
        Assert.Equal(2, await CutoutApp.RunAsync(["remove", Photo("voc-sheep.png"), "-o", Path.Combine(_work, "out.png"), "--edge-softness", "1.5"]));
        Assert.Empty(Directory.GetFiles(_work));
    }

    [PhotoFact]
    public async Task A_corrupt_image_fails_with_exit_code_1_and_writes_nothing()
    {
        string input = Path.Combine(_work, "broken.jpg");
        File.WriteAllBytes(input, File.ReadAllBytes(Photo("davis-dog.jpg"))[..4000]);
        string output = Path.Combine(_work, "out.png");

        Assert.Equal(1, await CutoutApp.RunAsync(["remove", input, "-o", output, "--mode", "eco"]));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_work, "*.tmp"));
    }

    [PhotoFact]
    public async Task Remove_writes_a_transparent_png_of_the_photo_size()
    {
        string output = Path.Combine(_work, "sheep.png");
        Assert.Equal(0, await CutoutApp.RunAsync(["remove", Photo("voc-sheep.png"), "-o", output, "--mode", "eco"]));
        var decoded = ImageDecoder.Decode(File.ReadAllBytes(output));
        Assert.Equal((513, 513), (decoded.Image.Width, decoded.Image.Height));
        Assert.True(decoded.HasAlpha);
    }

    [PhotoFact]
    public async Task A_batch_keeps_going_past_a_bad_file_mirrors_folders_and_reports_every_file()
    {
        string input = Path.Combine(_work, "in");
        Directory.CreateDirectory(Path.Combine(input, "animals"));
        File.Copy(Photo("voc-sheep.png"), Path.Combine(input, "animals", "sheep.png"));
        File.Copy(Photo("weizmann-horse025.png"), Path.Combine(input, "horse.png"));
        File.WriteAllText(Path.Combine(input, "notes.jpg"), "not an image");
        string output = Path.Combine(_work, "out");
        string report = Path.Combine(_work, "report.json");

        int exit = await CutoutApp.RunAsync(["batch", input, "-o", output, "--recursive", "--mode", "eco", "--jobs", "2", "--report", report]);

        Assert.Equal(1, exit);
        Assert.True(File.Exists(Path.Combine(output, "animals", "sheep.png")));
        Assert.True(File.Exists(Path.Combine(output, "horse.png")));
        Assert.False(File.Exists(Path.Combine(output, "notes.png")));
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(3, files.Count);
        var failed = Assert.Single(files, f => f.GetProperty("status").GetString() == "failed");
        Assert.Equal("notes.jpg", failed.GetProperty("input").GetString());
        Assert.Contains("not a readable image", failed.GetProperty("error").GetString());
        Assert.All(files.Where(f => f.GetProperty("status").GetString() == "ok"),
            f => Assert.True(f.GetProperty("timings").GetProperty("inferenceMs").GetDouble() > 0));
    }

    [PhotoFact]
    public async Task Skip_existing_resumes_a_batch_without_redoing_finished_images()
    {
        string input = Path.Combine(_work, "in");
        Directory.CreateDirectory(input);
        File.Copy(Photo("weizmann-horse249.png"), Path.Combine(input, "horse.png"));
        string output = Path.Combine(_work, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "horse.png"), "finished earlier");
        string report = Path.Combine(_work, "report.json");

        Assert.Equal(0, await CutoutApp.RunAsync(["batch", input, "-o", output, "--skip-existing", "--mode", "eco", "--report", report]));

        Assert.Equal("finished earlier", File.ReadAllText(Path.Combine(output, "horse.png")));
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal(1, json.RootElement.GetProperty("skipped").GetInt32());
    }

    [Fact]
    public async Task A_flat_photo_is_refused_with_no_subject_and_writes_nothing()
    {
        string input = FlatGreyPhoto();
        string output = Path.Combine(_work, "wall.png");

        Assert.Equal(1, await CutoutApp.RunAsync(["remove", input, "-o", output, "--mode", "eco"]));

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_work, "*.tmp"));
    }

    [Fact]
    public async Task With_allow_empty_a_flat_photo_gives_the_empty_cutout()
    {
        string output = Path.Combine(_work, "wall.png");

        Assert.Equal(0, await CutoutApp.RunAsync(["remove", FlatGreyPhoto(), "-o", output, "--mode", "eco", "--allow-empty"]));

        var decoded = ImageDecoder.Decode(File.ReadAllBytes(output)).Image;
        int opaque = Enumerable.Range(0, decoded.PixelCount).Count(i => decoded.Pixels[i * 4 + 3] >= 128);
        Assert.True(opaque < decoded.PixelCount / 1000, $"{opaque} opaque pixels in the empty cutout");
    }

    [PhotoFact]
    public async Task A_batch_reports_a_photo_without_subject_as_no_subject_and_every_cutout_with_its_confidence()
    {
        string input = Path.Combine(_work, "in");
        Directory.CreateDirectory(input);
        File.Copy(Photo("weizmann-horse025.png"), Path.Combine(input, "horse.png"));
        File.Move(FlatGreyPhoto(), Path.Combine(input, "wall.png"));
        string output = Path.Combine(_work, "out");
        string report = Path.Combine(_work, "report.json");

        Assert.Equal(1, await CutoutApp.RunAsync(["batch", input, "-o", output, "--mode", "eco", "--report", report]));

        Assert.False(File.Exists(Path.Combine(output, "wall.png")));
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal(1, json.RootElement.GetProperty("noSubject").GetInt32());
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        var empty = Assert.Single(files, f => f.GetProperty("status").GetString() == "no-subject");
        Assert.Contains("no subject", empty.GetProperty("error").GetString());
        var horse = Assert.Single(files, f => f.GetProperty("status").GetString() == "ok");
        Assert.InRange(horse.GetProperty("confidence").GetDouble(), 0.5, 1.0);
    }

    [PhotoTheory]
    [InlineData("amazon", null)]
    [InlineData("ebay", null)]
    [InlineData("passport-white", null)]
    [InlineData("linkedin", "linear-gradient(to bottom, #001f3f, #87ceeb)")]
    public async Task A_preset_written_to_jpeg_succeeds(string preset, string? background)
    {
        string output = Path.Combine(_work, "listing.jpg");
        string[] args = ["remove", Photo("ccp-0010.jpg"), "-o", output, "--preset", preset, "--mode", "eco"];
        if (background is not null)
            args = [.. args, "--background", background];

        Assert.Equal(0, await CutoutApp.RunAsync(args));

        byte[] bytes = File.ReadAllBytes(output);
        Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
    }

    /// <summary>A 640x480 photo of nothing: one flat mid-grey, as from a lens cap or a bare wall.</summary>
    private string FlatGreyPhoto()
    {
        var wall = new RgbaImage(640, 480);
        for (int i = 0; i < wall.PixelCount; i++)
            (wall.Pixels[i * 4], wall.Pixels[i * 4 + 1], wall.Pixels[i * 4 + 2], wall.Pixels[i * 4 + 3]) = ((byte)128, (byte)128, (byte)128, (byte)255);
        string path = Path.Combine(_work, $"wall-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, ImageEncoder.Encode(wall, OutputFormat.Png));
        return path;
    }

    private static string Photo(string name) => RepositoryTestData.Real(name);
}
