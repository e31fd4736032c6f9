using Cutout.Advanced;
using Cutout.Segmentation;

namespace Cutout.Evaluation;

/// <summary>
/// The fp16 model's alphas recorded for a photo set (tests/data/coarse*, written by `bench record`), so that
/// refinement is tested and measured without running the model: the squashed pass (what the raw model and
/// `@imgly/background-removal-node` give) and, for photos that pass was unsure of, the letterboxed second
/// look in <see cref="SecondLookFolder"/>.
/// </summary>
public static class RecordedModelAlpha
{
    /// <summary>The sub-folder of a coarse folder that holds the letterboxed passes.</summary>
    public const string SecondLookFolder = "second-look";

    /// <summary>The squashed pass: the raw model alpha at 1024x1024.</summary>
    public static AlphaMatte Raw(string coarseFolder, string name) => Read(Path.Combine(coarseFolder, name + ".png"));

    /// <summary>What max mode's segmentation gives for the photo: <paramref name="raw"/>, or its combination with the second look.</summary>
    /// <exception cref="FileNotFoundException">The raw pass is unsure and its second look was never recorded.</exception>
    public static AlphaMatte ForMax(string coarseFolder, string name, AlphaMatte raw)
    {
        if (!SecondLook.IsUnsure(raw))
            return raw;
        string path = Path.Combine(coarseFolder, SecondLookFolder, name + ".png");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: the recorded alpha of {name} is unsure, so max looks again; run `bench record`.", path);
        return SecondLook.Combine(raw, Read(path));
    }

    private static AlphaMatte Read(string path) => GroundTruthMatte.FromMaskFile(File.ReadAllBytes(path)).Alpha;
}
