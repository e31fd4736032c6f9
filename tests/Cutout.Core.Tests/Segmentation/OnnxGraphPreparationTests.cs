using Cutout.Segmentation;
using Google.Protobuf;

namespace Cutout.Core.Tests.Segmentation;

public sealed class OnnxGraphPreparationTests
{
    [Fact]
    public void A_model_file_another_session_is_reading_can_still_be_prepared()
    {
        // Two sessions load the same cached file at once (max and eco, or two servers in one process).
        string path = Path.Combine(Path.GetTempPath(), $"cutout-prepare-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Int8QuantizationTests.BuildNetwork().ToByteArray());
        try
        {
            using var otherReader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var prepared = OnnxGraphPreparation.PrepareModel(path);
            Assert.Equal("alpha", Assert.Single(prepared.Graph.Output).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
