using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cutout.Segmentation;

/// <summary>Where an <see cref="NpmModelStore"/> keeps its models and which registry it downloads them from.</summary>
public sealed record NpmModelStoreOptions
{
    /// <summary>The public npm registry, <c>https://registry.npmjs.org/</c>.</summary>
    public static Uri DefaultRegistry { get; } = new("https://registry.npmjs.org/");

    /// <summary>Folder holding <c>{model}.onnx</c> and its manifest.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>The npm registry (or a mirror of it) the package is downloaded from; <see cref="DefaultRegistry"/> by default.</summary>
    public Uri Registry { get; init; } = DefaultRegistry;

    /// <summary>The npm package holding the ONNX files; <c>@imgly/background-removal-data</c> (AGPL-3.0) by default.</summary>
    public string PackageName { get; init; } = "@imgly/background-removal-data";

    /// <summary>Pinned: the models' input conventions in <see cref="ModelCatalog"/> are those of this release.</summary>
    public string PackageVersion { get; init; } = "1.4.5";

    /// <summary>Tries per HTTP request when the network or the registry fails transiently.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Options from the environment, the way npm and the XDG spec read it: <c>CUTOUT_MODEL_DIR</c> for the cache,
    /// else <c>$XDG_CACHE_HOME/cutout/models</c>, else <c>~/.cache/cutout/models</c> (the local application data
    /// folder on Windows and macOS); <c>NPM_CONFIG_REGISTRY</c> or <c>npm_config_registry</c> for the registry.
    /// </summary>
    /// <param name="getVariable">Reads a variable; the process environment by default.</param>
    public static NpmModelStoreOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Read(string name) => getVariable(name) is { Length: > 0 } value ? value : null;

        var registry = Read("NPM_CONFIG_REGISTRY") ?? Read("npm_config_registry");
        return new NpmModelStoreOptions
        {
            CacheDirectory = Read("CUTOUT_MODEL_DIR") ?? Path.Combine(Read("XDG_CACHE_HOME") ?? DefaultCacheRoot(), "cutout", "models"),
            Registry = registry is null ? DefaultRegistry : ParseRegistry(registry),
        };
    }

    private static string DefaultCacheRoot() =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");

    private static Uri ParseRegistry(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CutoutException(CutoutErrorKind.InvalidOption, $"NPM_CONFIG_REGISTRY '{value}' is not an http(s) URL");
}

/// <summary>What <see cref="NpmModelStore.VerifyAsync"/> found in the cache.</summary>
public enum ModelCacheState
{
    /// <summary>Not downloaded yet.</summary>
    Missing,

    /// <summary>Present and its SHA-256 matches the one recorded when it was assembled.</summary>
    Valid,

    /// <summary>Unfinished or altered; it was removed so the next use downloads it again.</summary>
    Corrupt,
}

/// <summary>The result of re-hashing one cached model.</summary>
/// <param name="Model">The model checked.</param>
/// <param name="FilePath">Where its file is (or would be) in the cache.</param>
/// <param name="State">Missing, valid or corrupt (corrupt files are deleted).</param>
/// <param name="Detail">One line for the user: size and SHA-256 when valid, what was wrong otherwise.</param>
public sealed record ModelVerification(ModelDescriptor Model, string FilePath, ModelCacheState State, string Detail);

/// <summary>
/// Downloads the ISNet models from the npm package IMG.LY publishes them in (<c>@imgly/background-removal-data</c>)
/// and keeps them in a cache folder. A download checks the tarball against the registry's <c>dist.integrity</c>
/// and every chunk against its SHA-256, then moves each model into place atomically and writes a manifest
/// (size and SHA-256) last; a model counts as cached only when its manifest is there and its size agrees, so
/// an interrupted download is redone, never used. A lock file serialises processes pulling into one cache.
/// </summary>
public sealed class NpmModelStore : IModelStore
{
    private const string ManifestSuffix = ".manifest.json";
    private const string PartialSuffix = ".partial";
    private const string TarballPrefix = ".download-";
    private const string LockFileName = ".pull.lock";
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    // A stalled connection is retried rather than waited on forever; HttpClient.Timeout stops at the headers.
    private static readonly TimeSpan ReadStallTimeout = TimeSpan.FromSeconds(60);

    private static readonly HttpClient SharedHttpClient = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    private readonly HttpClient _http;

    /// <summary>A store with these options; nothing is read or downloaded until a model is asked for.</summary>
    /// <param name="options">Cache folder, registry and package.</param>
    /// <param name="httpClient">The client for registry requests; a shared one with connect and header timeouts by default.</param>
    public NpmModelStore(NpmModelStoreOptions options, HttpClient? httpClient = null)
    {
        Options = options;
        _http = httpClient ?? SharedHttpClient;
    }

    /// <summary>A store configured by <see cref="NpmModelStoreOptions.FromEnvironment"/>.</summary>
    public static NpmModelStore FromEnvironment(HttpClient? httpClient = null) => new(NpmModelStoreOptions.FromEnvironment(), httpClient);

    /// <summary>The options the store was made with.</summary>
    public NpmModelStoreOptions Options { get; }

    /// <summary>The folder holding the downloaded models, from <see cref="NpmModelStoreOptions.CacheDirectory"/>.</summary>
    public string CacheDirectory => Options.CacheDirectory;

    /// <summary>"name@version" of the package the models come from.</summary>
    public string PackageSpec => $"{Options.PackageName}@{Options.PackageVersion}";

    /// <summary>Where <paramref name="model"/> lives once downloaded.</summary>
    public string GetCachePath(ModelDescriptor model) => Path.Combine(CacheDirectory, model.Name + ".onnx");

    /// <summary>True when the model was fully assembled: its manifest is present and the file has the recorded size.</summary>
    public bool IsCached(ModelDescriptor model)
    {
        var file = new FileInfo(GetCachePath(model));
        return ReadManifest(model) is { } manifest
            && manifest.Package == PackageSpec
            && manifest.Resource == model.ResourceKey
            && file.Exists
            && file.Length == manifest.Size;
    }

    /// <summary>
    /// The model's ONNX file, downloading it first when it is not cached. The package holds every catalog
    /// model, so one download assembles all of those still missing.
    /// </summary>
    /// <exception cref="CutoutException">
    /// <see cref="CutoutErrorKind.ModelUnavailable"/> when the download fails after its retries or does not verify;
    /// <see cref="CutoutErrorKind.InvalidOption"/> for a model the package does not hold.
    /// </exception>
    public async Task<string> GetModelFileAsync(ModelDescriptor model, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (model.FilePath is { } ownFile)
            return ownFile;
        RequireDownloadable(model);
        if (IsCached(model))
            return GetCachePath(model);

        var alongside = ModelCatalog.All.Where(m => m.ResourceKey is not null && m.FilePath is null && m.Name != model.Name);
        await PullAsync([model, .. alongside], force: false, progress, cancellationToken).ConfigureAwait(false);
        return GetCachePath(model);
    }

    /// <summary>
    /// Makes sure every model in <paramref name="models"/> is cached, downloading the package once for all that
    /// are missing (all of them with <paramref name="force"/>). Returns their file paths in the same order.
    /// </summary>
    public async Task<IReadOnlyList<string>> PullAsync(
        IEnumerable<ModelDescriptor> models,
        bool force = false,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var wanted = models.Distinct().ToList();
        wanted.ForEach(RequireDownloadable);

        await using (await AcquireLockAsync(cancellationToken).ConfigureAwait(false))
        {
            RemoveAbandonedDownloads();
            // Checked under the lock: another process may have pulled them while we waited.
            var missing = force ? wanted : wanted.Where(m => !IsCached(m)).ToList();
            if (missing.Count > 0)
                await DownloadAndInstallAsync(missing, progress, cancellationToken).ConfigureAwait(false);
        }
        return wanted.Select(GetCachePath).ToList();
    }

    /// <summary>
    /// Re-hashes the cached file and compares it with its manifest. A corrupt or unfinished file is deleted so
    /// the next use downloads it again.
    /// </summary>
    public async Task<ModelVerification> VerifyAsync(ModelDescriptor model, CancellationToken cancellationToken = default)
    {
        RequireDownloadable(model);
        var path = GetCachePath(model);
        await using (await AcquireLockAsync(cancellationToken).ConfigureAwait(false))
        {
            var manifest = ReadManifest(model);
            if (!File.Exists(path))
            {
                File.Delete(ManifestPath(model));
                return new(model, path, ModelCacheState.Missing, "not downloaded");
            }

            string? problem;
            if (manifest is null)
            {
                problem = "no manifest: its download never finished";
            }
            else
            {
                var actual = await HashFileAsync(path, cancellationToken).ConfigureAwait(false);
                long length = new FileInfo(path).Length;
                problem = length != manifest.Size ? $"{length} bytes instead of {manifest.Size}"
                    : actual != manifest.Sha256 ? $"SHA-256 {actual} instead of {manifest.Sha256}"
                    : null;
            }

            if (problem is null)
                return new(model, path, ModelCacheState.Valid, $"{manifest!.Size} bytes, SHA-256 {manifest.Sha256}");

            File.Delete(ManifestPath(model));
            File.Delete(path);
            return new(model, path, ModelCacheState.Corrupt, problem + "; removed, the next use downloads it again");
        }
    }

    private async Task DownloadAndInstallAsync(List<ModelDescriptor> models, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string attempt = Guid.NewGuid().ToString("N");
        string tarballPath = Path.Combine(CacheDirectory, TarballPrefix + attempt + ".tgz");
        var partialByKey = models.ToDictionary(m => m.ResourceKey!, m => $"{GetCachePath(m)}.{attempt}{PartialSuffix}");
        try
        {
            var dist = await FetchDistAsync(cancellationToken).ConfigureAwait(false);
            string label = string.Join(" + ", models.Select(m => m.Name));
            await DownloadTarballAsync(dist, tarballPath, label, progress, cancellationToken).ConfigureAwait(false);

            var package = await NpmPackageResources.ReadAsync(tarballPath, cancellationToken).ConfigureAwait(false);
            await package.AssembleAsync(partialByKey, cancellationToken).ConfigureAwait(false);

            foreach (var model in models)
                await InstallAsync(model, partialByKey[model.ResourceKey!], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"could not write the models into {CacheDirectory}: {e.Message}", e);
        }
        finally
        {
            File.Delete(tarballPath);
            foreach (var partial in partialByKey.Values)
                File.Delete(partial);
        }
    }

    /// <summary>Moves an assembled file into place, then records it; the manifest goes last so a crash never blesses a half-written model.</summary>
    private async Task InstallAsync(ModelDescriptor model, string assembledPath, CancellationToken cancellationToken)
    {
        var manifest = new CachedModelManifest(
            model.Name,
            PackageSpec,
            model.ResourceKey!,
            new FileInfo(assembledPath).Length,
            await HashFileAsync(assembledPath, cancellationToken).ConfigureAwait(false));

        string manifestPath = ManifestPath(model);
        File.Delete(manifestPath);
        File.Move(assembledPath, GetCachePath(model), overwrite: true);

        string manifestTemp = manifestPath + PartialSuffix;
        await File.WriteAllBytesAsync(manifestTemp, JsonSerializer.SerializeToUtf8Bytes(manifest, ModelStoreJson.Default.CachedModelManifest), cancellationToken).ConfigureAwait(false);
        File.Move(manifestTemp, manifestPath, overwrite: true);
    }

    /// <summary>The tarball URL and SRI integrity of the pinned version, from the package's registry document.</summary>
    private async Task<(Uri Tarball, byte[] Sha512)> FetchDistAsync(CancellationToken cancellationToken)
    {
        var metadataUrl = new Uri(Options.Registry.AbsoluteUri.TrimEnd('/') + "/" + Options.PackageName.Replace("/", "%2f", StringComparison.Ordinal));
        var json = await WithRetriesAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, metadataUrl);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            EnsureSuccess(response, metadataUrl);
            return await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("versions", out var versions) || !versions.TryGetProperty(Options.PackageVersion, out var version))
                throw Unavailable($"{metadataUrl} lists no version {Options.PackageVersion}");
            var dist = version.GetProperty("dist");
            var tarball = new Uri(metadataUrl, dist.GetProperty("tarball").GetString());
            var sha512 = (dist.TryGetProperty("integrity", out var integrity) ? integrity.GetString() : null)?
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(token => token.StartsWith("sha512-", StringComparison.Ordinal));
            if (sha512 is null)
                throw Unavailable($"{metadataUrl} gives no sha512 integrity for version {Options.PackageVersion}, so its tarball cannot be verified");
            return (tarball, Convert.FromBase64String(sha512["sha512-".Length..]));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or UriFormatException)
        {
            throw Unavailable($"{metadataUrl} did not answer with valid npm package metadata ({e.Message})", e);
        }
    }

    /// <summary>Streams the tarball to <paramref name="path"/>, hashing as it goes, and rejects it unless it matches the registry's integrity.</summary>
    private async Task DownloadTarballAsync((Uri Tarball, byte[] Sha512) dist, string path, string label, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var sha512 = await WithRetriesAsync(async token =>
        {
            using var response = await _http.GetAsync(dist.Tarball, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            EnsureSuccess(response, dist.Tarball);
            long total = response.Content.Headers.ContentLength ?? 0;

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(token);
            var buffer = new byte[1 << 20];
            long done = 0, reported = -1;
            int read;
            while (true)
            {
                stall.CancelAfter(ReadStallTimeout);
                if ((read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false)) == 0)
                    break;
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
                done += read;
                // One report per MiB keeps a progress bar smooth without flooding it.
                if (done - reported >= 1 << 20)
                    progress?.Report(new DownloadProgress(label, reported = done, total));
            }
            if (reported != done)
                progress?.Report(new DownloadProgress(label, done, total));
            return hash.GetHashAndReset();
        }, cancellationToken).ConfigureAwait(false);

        if (!sha512.AsSpan().SequenceEqual(dist.Sha512))
            throw Unavailable($"the tarball from {dist.Tarball} failed its integrity check (sha512-{Convert.ToBase64String(sha512)} instead of sha512-{Convert.ToBase64String(dist.Sha512)})");
    }

    /// <summary>
    /// Runs one HTTP exchange, retrying with doubling delays on network errors, timeouts, 408, 429 and 5xx;
    /// any other failure, or the last one, becomes a <see cref="CutoutException"/> naming the registry.
    /// </summary>
    private async Task<T> WithRetriesAsync<T>(Func<CancellationToken, Task<T>> exchange, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await exchange(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e) && attempt < Options.MaxAttempts)
            {
                await Task.Delay(Options.RetryDelay * (1 << (attempt - 1)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (IsTransient(e) || e is HttpRequestException))
            {
                string tries = attempt > 1 ? $" (tried {attempt} times)" : "";
                throw Unavailable($"the download failed{tries}: {e.Message}", e);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        OperationCanceledException or IOException => true, // a timeout, a stall, or a connection dropped mid-body
        _ => false,
    };

    private static void EnsureSuccess(HttpResponseMessage response, Uri url)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }

    private CutoutException Unavailable(string problem, Exception? inner = null) =>
        new(CutoutErrorKind.ModelUnavailable,
            $"could not fetch {PackageSpec} from the npm registry {Options.Registry}: {problem}. " +
            "Check the network, or set NPM_CONFIG_REGISTRY to a reachable npm registry or mirror.",
            inner);

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(CacheDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"the model cache {CacheDirectory} cannot be created ({e.Message}); set CUTOUT_MODEL_DIR to a writable folder", e);
        }

        // The lock is the open file itself (FileShare.None takes an OS lock, released even if the process
        // dies), so the file stays behind; deleting it on close would let two processes lock two different files.
        string lockPath = Path.Combine(CacheDirectory, LockFileName);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"the model cache {CacheDirectory} is not writable ({e.Message}); set CUTOUT_MODEL_DIR to a writable folder", e);
            }
        }
    }

    /// <summary>Deletes what a killed process left behind; safe only while holding the lock, since only its holder writes these.</summary>
    private void RemoveAbandonedDownloads()
    {
        foreach (var file in Directory.EnumerateFiles(CacheDirectory))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith(TarballPrefix, StringComparison.Ordinal) || name.EndsWith(PartialSuffix, StringComparison.Ordinal))
                File.Delete(file);
        }
    }

    private string ManifestPath(ModelDescriptor model) => GetCachePath(model) + ManifestSuffix;

    private CachedModelManifest? ReadManifest(ModelDescriptor model)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(ManifestPath(model)), ModelStoreJson.Default.CachedModelManifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
    }

    private static void RequireDownloadable(ModelDescriptor model)
    {
        if (model.ResourceKey is null)
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"model '{model.Name}' is not one the store downloads; give its file path instead");
    }
}

/// <summary>Written next to a cached model once it is complete: what it is and how to tell it is intact.</summary>
internal sealed record CachedModelManifest(string Model, string Package, string Resource, long Size, string Sha256);

[JsonSerializable(typeof(CachedModelManifest))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ModelStoreJson : JsonSerializerContext;
