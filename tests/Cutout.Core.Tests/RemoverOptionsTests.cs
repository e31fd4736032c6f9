using Cutout.Tests;
using Cutout.Imaging;
using Cutout.Segmentation;

namespace Cutout.Core.Tests;

/// <summary>Requests that cannot be honoured are refused before any model is loaded or run.</summary>
public sealed class RemoverOptionsTests
{
    [PhotoFact]
    public async Task A_transparent_cutout_as_jpeg_is_refused_before_the_model_is_touched()
    {
        var store = new CountingStore();
        using var remover = new Remover(new RemoverSettings { ModelStore = store, Device = ExecutionDevice.Cpu });
        var photo = File.ReadAllBytes(TestData.Real("voc-sheep.png"));

        var error = await Assert.ThrowsAsync<CutoutException>(() =>
            remover.RemoveAsync(photo, new CutoutOptions { Output = new OutputOptions { Format = OutputFormat.Jpeg } }));

        Assert.Equal(CutoutErrorKind.InvalidOption, error.Kind);
        Assert.Contains("JPEG has no transparency", error.Message);
        Assert.Equal(0, store.Requests);
    }

    private sealed class CountingStore : IModelStore
    {
        public int Requests { get; private set; }

        public Task<string> GetModelFileAsync(ModelDescriptor model, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Requests++;
            throw new CutoutException(CutoutErrorKind.ModelUnavailable, "this test's store has no models");
        }
    }
}
