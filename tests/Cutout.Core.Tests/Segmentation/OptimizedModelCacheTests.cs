using Cutout.Imaging;
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
        Assert.Single(Entries());
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
    public void A_changed_model_file_gets_a_new_entry_and_only_its_own_old_entry_is_deleted()
    {
        Load().Dispose();
        string old = Assert.Single(Entries());
        string otherModel = Path.Combine(_cache.Directory, "tiny-unet.v2.0123456789abcdef.onnx");
        File.WriteAllBytes(otherModel, [0]);

        var changed = Int8QuantizationTests.BuildNetwork();
        changed.DocString = "retrained";
        File.WriteAllBytes(_modelPath, changed.ToByteArray());
        using var reloaded = Load();

        Assert.False(reloaded.LoadedFromCache);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(otherModel));
        Assert.Equal(2, Entries().Length);
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_only_costs_the_speed_up()
    {
        string blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var unusable = new OptimizedModelCache(Path.Combine(blocker, "optimized"));

        using var segmenter = new ImageSegmenter(_modelPath, TinyModel, ExecutionDevice.Cpu, optimizedModels: unusable);

        Assert.False(segmenter.LoadedFromCache);
        Assert.Equal(32 * 32, segmenter.Predict(Photo()).Values.Length);
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
