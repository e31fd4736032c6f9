using Cutout.Advanced;
using Cutout.Segmentation;
using Google.Protobuf;

namespace Cutout.Core.Tests.Segmentation;

/// <summary>
/// The saved optimised graphs, on the small U-Net of <see cref="Int8QuantizationTests"/>: a second process
/// gets the same alpha without preparing the model, and nothing the cache meets (damage, a changed model,
/// a folder it cannot write) costs more than the speed-up.
/// </summary>
public sealed class OptimizedModelCacheTests : IDisposable
{
    private static readonly ModelDescriptor TinyModel = new("tiny-unet", 32, InputNormalization.IsNet, OutputActivation.None);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cutout-optimized-{Guid.NewGuid():N}");
    private readonly string _modelPath;
    private readonly OptimizedModelCache _cache;

    public OptimizedModelCacheTests()
    {
        Directory.CreateDirectory(_folder);
        _modelPath = Path.Combine(_folder, "tiny-unet.onnx");
        File.WriteAllBytes(_modelPath, Int8QuantizationTests.BuildNetwork().ToByteArray());
        _cache = new OptimizedModelCache(Path.Combine(_folder, "optimized"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_second_load_uses_the_saved_graph_and_predicts_exactly_the_same_alpha()
    {
        using var first = Load();
        using var second = Load();

        Assert.False(first.LoadedFromCache);
        Assert.True(second.LoadedFromCache);
        Assert.Equal(new FileInfo(Assert.Single(Entries())).Length, _cache.BytesOnDisk());
        Assert.Equal(first.Predict(Photo()).Values, second.Predict(Photo()).Values);
    }

    [Fact]
    public void A_damaged_entry_is_rebuilt_instead_of_failing_the_load()
    {
        Load().Dispose();
        File.WriteAllBytes(Assert.Single(Entries()), [1, 2, 3]);

        using var rebuilt = Load();
        using var next = Load();

        Assert.False(rebuilt.LoadedFromCache);
        Assert.True(next.LoadedFromCache);
    }

    [Fact]
    public void Each_model_keeps_its_two_most_recently_used_entries_and_no_other_models_entry_is_touched()
    {
        string otherModel = Path.Combine(_cache.Directory, "tiny-unet.v2.0123456789abcdef.onnx");
        Directory.CreateDirectory(_cache.Directory);
        File.WriteAllBytes(otherModel, [0]);
        var entriesInOrder = new List<string>();
        foreach (string build in new[] { "first", "second", "third" })
        {
            WriteModel(build);
            // The entries so far are older than the one about to be written, in the order they were made.
            for (int i = 0; i < entriesInOrder.Count; i++)
                File.SetLastWriteTimeUtc(entriesInOrder[i], DateTime.UtcNow.AddHours(i - entriesInOrder.Count));
            entriesInOrder.Add(LoadAndFindNewEntry([.. entriesInOrder, otherModel]));
        }

        Assert.False(File.Exists(entriesInOrder[0]));
        Assert.True(File.Exists(entriesInOrder[1]));
        Assert.True(File.Exists(entriesInOrder[2]));
        Assert.True(File.Exists(otherModel));
    }

    [Fact]
    public void An_entry_in_use_outlives_a_newer_one_that_is_not()
    {
        // Two keys used in turn, as a debug and a release build do (here the model file changes instead).
        var first = WriteModel("debug build");
        string older = LoadAndFindNewEntry([]);
        WriteModel("release build");
        string newer = LoadAndFindNewEntry([older]);
        File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(newer, DateTime.UtcNow.AddHours(-1));

        RestoreModel(first);
        using (var reused = Load())
            Assert.True(reused.LoadedFromCache);
        WriteModel("another build");
        LoadAndFindNewEntry([older, newer]);

        Assert.True(File.Exists(older));
        Assert.False(File.Exists(newer));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_only_costs_the_speed_up()
    {
        string blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var unusable = new OptimizedModelCache(Path.Combine(blocker, "optimized"));

        using var segmenter = new ImageSegmenter(_modelPath, TinyModel, ExecutionDevice.Cpu, optimizedModels: unusable);

        Assert.False(segmenter.LoadedFromCache);
        Assert.Equal(0, unusable.BytesOnDisk());
        Assert.Equal(32 * 32, segmenter.Predict(Photo()).Values.Length);
    }

    private (byte[] Bytes, DateTime WrittenUtc) WriteModel(string docString)
    {
        var model = Int8QuantizationTests.BuildNetwork();
        model.DocString = docString;
        File.WriteAllBytes(_modelPath, model.ToByteArray());
        return (File.ReadAllBytes(_modelPath), File.GetLastWriteTimeUtc(_modelPath));
    }

    private void RestoreModel((byte[] Bytes, DateTime WrittenUtc) model)
    {
        File.WriteAllBytes(_modelPath, model.Bytes);
        File.SetLastWriteTimeUtc(_modelPath, model.WrittenUtc);
    }

    private string LoadAndFindNewEntry(string[] known)
    {
        using var segmenter = Load();
        Assert.False(segmenter.LoadedFromCache);
        return Entries().Except(known).Single();
    }

    private ImageSegmenter Load() => new(_modelPath, TinyModel, ExecutionDevice.Cpu, optimizedModels: _cache);

    private string[] Entries() => Directory.GetFiles(_cache.Directory, "*.onnx");

    private static RgbaImage Photo()
    {
        var image = new RgbaImage(48, 40);
        for (int i = 0; i < image.Width * image.Height; i++)
            (image.Pixels[i * 4], image.Pixels[i * 4 + 1], image.Pixels[i * 4 + 2], image.Pixels[i * 4 + 3]) = ((byte)(i * 7), (byte)(i * 3), (byte)(i % 251), 255);
        return image;
    }
}
