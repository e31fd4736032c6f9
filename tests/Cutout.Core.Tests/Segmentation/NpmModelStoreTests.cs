using System.Net;
using System.Security.Cryptography;
using Cutout.Segmentation;

namespace Cutout.Core.Tests.Segmentation;

public sealed class NpmModelStoreTests : IDisposable
{
    private static readonly Uri RegistryRoot = new("http://registry.test/npm/");

    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "cutout-store-test-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, byte[]> _resources = FakeModelPackage.CreateResources();

    public void Dispose()
    {
        if (Directory.Exists(_cacheDirectory))
            Directory.Delete(_cacheDirectory, recursive: true);
    }

    [Fact]
    public async Task One_download_assembles_both_catalog_models_byte_for_byte()
    {
        var registry = Registry();
        var store = Store(registry);

        var paths = await store.PullAsync(ModelCatalog.All);

        Assert.Equal([Path.Combine(_cacheDirectory, "isnet-fp16.onnx"), Path.Combine(_cacheDirectory, "isnet-quint8.onnx")], paths);
        Assert.Equal(_resources["/models/medium"], File.ReadAllBytes(paths[0]));
        Assert.Equal(_resources["/models/small"], File.ReadAllBytes(paths[1]));
        Assert.True(store.IsCached(ModelCatalog.IsNetFp16));
        Assert.True(store.IsCached(ModelCatalog.IsNetQuantized));
        Assert.Equal(2, registry.Requests.Count);
    }

    [Fact]
    public async Task Cached_models_are_served_without_asking_the_registry_again()
    {
        var registry = Registry();
        var store = Store(registry);

        string fp16 = await store.GetModelFileAsync(ModelCatalog.IsNetFp16);
        Assert.Equal(2, registry.Requests.Count);

        Assert.Equal(fp16, await store.GetModelFileAsync(ModelCatalog.IsNetFp16));
        // The first call assembled the quantised model from the same tarball.
        string quantized = await store.GetModelFileAsync(ModelCatalog.IsNetQuantized);
        Assert.Equal(_resources["/models/small"], File.ReadAllBytes(quantized));
        Assert.Equal(2, registry.Requests.Count);
    }

    [Fact]
    public async Task The_eco_model_shares_the_fp16_file_and_one_download()
    {
        var registry = Registry();
        var store = Store(registry);

        string eco = await store.GetModelFileAsync(ModelCatalog.IsNetFp16Eco);

        Assert.Equal(Path.Combine(_cacheDirectory, "isnet-fp16.onnx"), eco);
        Assert.Equal(_resources["/models/medium"], File.ReadAllBytes(eco));
        Assert.Equal(eco, await store.GetModelFileAsync(ModelCatalog.IsNetFp16));
        Assert.Equal(2, registry.Requests.Count);
    }

    [Fact]
    public async Task The_registry_named_by_NPM_CONFIG_REGISTRY_is_the_one_asked()
    {
        var mirror = new FakeNpmRegistry(new Uri("http://mirror.test/artifactory/api/npm/npm/"), FakeModelPackage.BuildTarball(_resources));
        var options = NpmModelStoreOptions.FromEnvironment(Environment(("NPM_CONFIG_REGISTRY", mirror.Root.ToString()), ("CUTOUT_MODEL_DIR", _cacheDirectory)));
        var store = new NpmModelStore(options with { RetryDelay = TimeSpan.Zero }, new HttpClient(mirror));

        await store.GetModelFileAsync(ModelCatalog.IsNetFp16);

        Assert.Equal(
            ["http://mirror.test/artifactory/api/npm/npm/@imgly%2fbackground-removal-data",
             "http://mirror.test/artifactory/api/npm/npm/@imgly/background-removal-data/-/background-removal-data-1.4.5.tgz"],
            mirror.Requests.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Environment_variables_choose_registry_and_cache_in_npm_and_XDG_order()
    {
        var upper = NpmModelStoreOptions.FromEnvironment(Environment(
            ("NPM_CONFIG_REGISTRY", "https://upper.test/"), ("npm_config_registry", "https://lower.test/"),
            ("CUTOUT_MODEL_DIR", "/models/here"), ("XDG_CACHE_HOME", "/xdg")));
        var lower = NpmModelStoreOptions.FromEnvironment(Environment(("npm_config_registry", "https://lower.test/"), ("XDG_CACHE_HOME", "/xdg")));
        var bare = NpmModelStoreOptions.FromEnvironment(Environment(("NPM_CONFIG_REGISTRY", "")));

        Assert.Equal(new Uri("https://upper.test/"), upper.Registry);
        Assert.Equal("/models/here", upper.CacheDirectory);
        Assert.Equal(new Uri("https://lower.test/"), lower.Registry);
        Assert.Equal(Path.Combine("/xdg", "cutout", "models"), lower.CacheDirectory);
        Assert.Equal(new Uri("https://registry.npmjs.org/"), bare.Registry);
        Assert.EndsWith(Path.Combine("cutout", "models"), bare.CacheDirectory);
        Assert.Equal(CutoutErrorKind.InvalidOption,
            Assert.Throws<CutoutException>(() => NpmModelStoreOptions.FromEnvironment(Environment(("NPM_CONFIG_REGISTRY", "registry.test")))).Kind);
    }

    [Fact]
    public async Task A_tampered_chunk_is_rejected_and_leaves_nothing_in_the_cache()
    {
        // The registry vouches for the tampered tarball, so only the per-chunk SHA-256 can catch it.
        string victim = Convert.ToHexStringLower(SHA256.HashData(_resources["/models/medium"].AsSpan(0, FakeModelPackage.ChunkSize)));
        var tarball = FakeModelPackage.BuildTarball(_resources, chunks =>
        {
            chunks[victim] = [.. chunks[victim]];
            chunks[victim][17] ^= 0x40;
        });
        var store = Store(new FakeNpmRegistry(RegistryRoot, tarball));

        var error = await Assert.ThrowsAsync<CutoutException>(() => store.GetModelFileAsync(ModelCatalog.IsNetFp16));

        Assert.Equal(CutoutErrorKind.ModelUnavailable, error.Kind);
        Assert.Contains($"chunk {victim} of '/models/medium' failed its SHA-256 check", error.Message);
        Assert.Empty(CacheContents());
        Assert.False(store.IsCached(ModelCatalog.IsNetFp16));
    }

    [Fact]
    public async Task A_chunk_missing_from_the_package_is_rejected()
    {
        var tarball = FakeModelPackage.BuildTarball(_resources, chunks => chunks.Remove(chunks.Keys.Last()));
        var store = Store(new FakeNpmRegistry(RegistryRoot, tarball));

        var error = await Assert.ThrowsAsync<CutoutException>(() => store.PullAsync(ModelCatalog.All));

        Assert.Equal(CutoutErrorKind.ModelUnavailable, error.Kind);
        Assert.Contains("lacks chunk", error.Message);
        Assert.Empty(CacheContents());
    }

    [Fact]
    public async Task A_tarball_that_fails_its_integrity_check_is_rejected()
    {
        var registry = Registry();
        registry.Integrity = "sha512-" + Convert.ToBase64String(new byte[64]);
        var store = Store(registry);

        var error = await Assert.ThrowsAsync<CutoutException>(() => store.GetModelFileAsync(ModelCatalog.IsNetFp16));

        Assert.Equal(CutoutErrorKind.ModelUnavailable, error.Kind);
        Assert.Contains("integrity", error.Message);
        Assert.Empty(CacheContents());
    }

    [Fact]
    public async Task A_model_file_without_a_manifest_is_downloaded_again()
    {
        var registry = Registry();
        var store = Store(registry);
        Directory.CreateDirectory(_cacheDirectory);
        File.WriteAllBytes(store.GetCachePath(ModelCatalog.IsNetFp16), _resources["/models/medium"].AsSpan(0, 2500));

        Assert.False(store.IsCached(ModelCatalog.IsNetFp16));
        string path = await store.GetModelFileAsync(ModelCatalog.IsNetFp16);

        Assert.Equal(_resources["/models/medium"], File.ReadAllBytes(path));
        Assert.Equal(2, registry.Requests.Count);
    }

    [Fact]
    public async Task A_model_file_whose_size_disagrees_with_its_manifest_is_downloaded_again()
    {
        var registry = Registry();
        var store = Store(registry);
        string path = await store.GetModelFileAsync(ModelCatalog.IsNetFp16);
        using (var file = File.OpenWrite(path))
            file.SetLength(3000);

        Assert.False(store.IsCached(ModelCatalog.IsNetFp16));
        Assert.True(store.IsCached(ModelCatalog.IsNetQuantized));
        await store.GetModelFileAsync(ModelCatalog.IsNetFp16);

        Assert.Equal(_resources["/models/medium"], File.ReadAllBytes(path));
        Assert.Equal(4, registry.Requests.Count);
    }

    [Fact]
    public async Task Verify_finds_a_flipped_byte_and_removes_the_model_so_it_is_fetched_again()
    {
        var registry = Registry();
        var store = Store(registry);
        string path = await store.GetModelFileAsync(ModelCatalog.IsNetQuantized);
        Assert.Equal(ModelCacheState.Valid, (await store.VerifyAsync(ModelCatalog.IsNetQuantized)).State);
        var bytes = File.ReadAllBytes(path);
        bytes[1234] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.True(store.IsCached(ModelCatalog.IsNetQuantized)); // same size: only a full re-hash can tell

        var verdict = await store.VerifyAsync(ModelCatalog.IsNetQuantized);

        Assert.Equal(ModelCacheState.Corrupt, verdict.State);
        Assert.Contains("SHA-256", verdict.Detail);
        Assert.False(File.Exists(path));
        Assert.Equal(ModelCacheState.Missing, (await store.VerifyAsync(ModelCatalog.IsNetQuantized)).State);
        await store.GetModelFileAsync(ModelCatalog.IsNetQuantized);
        Assert.Equal(_resources["/models/small"], File.ReadAllBytes(path));
        Assert.Equal(4, registry.Requests.Count);
    }

    [Fact]
    public async Task Transient_registry_errors_are_retried()
    {
        var registry = Registry();
        registry.FailNext(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests);
        var store = Store(registry);

        string path = await store.GetModelFileAsync(ModelCatalog.IsNetFp16);

        Assert.Equal(_resources["/models/medium"], File.ReadAllBytes(path));
        Assert.Equal(4, registry.Requests.Count);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_the_configured_attempts()
    {
        var registry = Registry();
        registry.FailNext(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway);
        var store = Store(registry);

        var error = await Assert.ThrowsAsync<CutoutException>(() => store.GetModelFileAsync(ModelCatalog.IsNetFp16));

        Assert.Contains("tried 3 times", error.Message);
        Assert.Equal(3, registry.Requests.Count);
    }

    [Fact]
    public async Task A_registry_without_the_package_fails_at_once_naming_the_registry_and_NPM_CONFIG_REGISTRY()
    {
        var registry = Registry();
        var elsewhere = new Uri("http://registry.test/elsewhere/");
        var store = new NpmModelStore(new NpmModelStoreOptions { CacheDirectory = _cacheDirectory, Registry = elsewhere }, new HttpClient(registry));

        var error = await Assert.ThrowsAsync<CutoutException>(() => store.GetModelFileAsync(ModelCatalog.IsNetFp16));

        Assert.Equal(CutoutErrorKind.ModelUnavailable, error.Kind);
        Assert.Contains("http://registry.test/elsewhere/", error.Message);
        Assert.Contains("404", error.Message);
        Assert.Contains("NPM_CONFIG_REGISTRY", error.Message);
        Assert.Single(registry.Requests);
    }

    [Fact]
    public async Task Two_stores_pulling_into_one_cache_at_once_download_once()
    {
        var registry = Registry();
        // Slow enough that the second pull starts while the first is still downloading.
        registry.TarballLatency = TimeSpan.FromMilliseconds(300);
        var first = Store(registry);
        var second = Store(registry);

        var paths = await Task.WhenAll(
            Task.Run(() => first.GetModelFileAsync(ModelCatalog.IsNetFp16)),
            Task.Run(() => second.GetModelFileAsync(ModelCatalog.IsNetFp16)));

        Assert.Equal(paths[0], paths[1]);
        Assert.Equal(_resources["/models/medium"], File.ReadAllBytes(paths[0]));
        Assert.Equal(2, registry.Requests.Count);
    }

    [Fact]
    public async Task Progress_counts_up_to_the_tarball_size()
    {
        var registry = Registry();
        var reports = new List<DownloadProgress>();

        await Store(registry).GetModelFileAsync(ModelCatalog.IsNetFp16, new ImmediateProgress(reports.Add));

        var last = Assert.Single(reports); // the fake tarball is far below the 1 MiB reporting step
        Assert.Equal(new DownloadProgress("isnet-fp16 + isnet-quint8", registry.Tarball.Length, registry.Tarball.Length), last);
    }

    [Fact]
    public async Task Leftovers_of_an_interrupted_pull_are_removed_by_the_next_one()
    {
        Directory.CreateDirectory(_cacheDirectory);
        File.WriteAllText(Path.Combine(_cacheDirectory, ".download-0123.tgz"), "half a tarball");
        File.WriteAllText(Path.Combine(_cacheDirectory, "isnet-fp16.onnx.0123.partial"), "half a model");

        await Store(Registry()).PullAsync(ModelCatalog.All);

        Assert.Equal(["isnet-fp16.onnx", "isnet-fp16.onnx.manifest.json", "isnet-quint8.onnx", "isnet-quint8.onnx.manifest.json"], CacheContents());
    }

    [Fact]
    public async Task A_user_supplied_model_file_is_returned_as_is()
    {
        var registry = Registry();
        var custom = ModelCatalog.Custom("my-model.onnx");

        string path = await Store(registry).GetModelFileAsync(custom);

        Assert.Equal(Path.GetFullPath("my-model.onnx"), path);
        Assert.Empty(registry.Requests);
    }

    private FakeNpmRegistry Registry() => new(RegistryRoot, FakeModelPackage.BuildTarball(_resources));

    private NpmModelStore Store(FakeNpmRegistry registry) =>
        new(new NpmModelStoreOptions { CacheDirectory = _cacheDirectory, Registry = registry.Root, RetryDelay = TimeSpan.FromMilliseconds(1) }, new HttpClient(registry));

    /// <summary>The cache's files, less the lock file that stays behind by design.</summary>
    private string[] CacheContents() =>
        Directory.Exists(_cacheDirectory)
            ? [.. Directory.EnumerateFiles(_cacheDirectory).Select(Path.GetFileName).Where(n => n != ".pull.lock").Order(StringComparer.Ordinal)!]
            : [];

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    /// <summary>Reports synchronously, unlike <see cref="Progress{T}"/>, so every report is in before the call returns.</summary>
    private sealed class ImmediateProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
