using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Cutout.Segmentation;

/// <summary>Bytes [<see cref="Start"/>, <see cref="End"/>) of a resource, shipped as the file <c>dist/{Sha256}</c>.</summary>
internal readonly record struct ResourceChunk(string Sha256, long Start, long End)
{
    public long Length => End - Start;
}

/// <summary>One file the package ships split into content-addressed chunks: an entry of <c>dist/resources.json</c>.</summary>
internal sealed record PackageResource(string Key, long Size, IReadOnlyList<ResourceChunk> Chunks);

/// <summary>
/// The resources inside a downloaded <c>@imgly/background-removal-data</c> tarball. The package splits each
/// model into 4 MiB chunks named by their SHA-256 (small files cache well on CDNs); <c>dist/resources.json</c>
/// says which chunk holds which byte range. npm writes that index near the end of the tarball, so reading a
/// package takes two passes over the gzip stream: one for the index, one to copy the chunks.
/// </summary>
internal sealed class NpmPackageResources
{
    private const string IndexPath = "dist/resources.json";
    private const string ChunkDirectory = "dist/";
    private const int Sha256HexLength = 64;

    // The real index is 11 KB; anything far larger is not an index we should parse into memory.
    private const int MaxIndexBytes = 4 << 20;

    private readonly string _tarballPath;
    private readonly Dictionary<string, PackageResource> _resources;

    private NpmPackageResources(string tarballPath, Dictionary<string, PackageResource> resources)
    {
        _tarballPath = tarballPath;
        _resources = resources;
    }

    /// <summary>Reads <c>dist/resources.json</c> out of the tarball at <paramref name="tarballPath"/>.</summary>
    public static async Task<NpmPackageResources> ReadAsync(string tarballPath, CancellationToken cancellationToken)
    {
        byte[]? index = null;
        await ForEachFileAsync(tarballPath, async (path, entry) =>
        {
            if (path != IndexPath)
                return true;
            if (entry.Length > MaxIndexBytes)
                throw Corrupt($"its {IndexPath} is {entry.Length} bytes, too large to be a resource index");
            var buffer = new MemoryStream((int)entry.Length);
            if (entry.DataStream is { } data)
                await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            index = buffer.ToArray();
            return false;
        }, cancellationToken).ConfigureAwait(false);

        if (index is null)
            throw Corrupt($"it has no {IndexPath}");
        return new NpmPackageResources(tarballPath, ParseIndex(index));
    }

    /// <summary>The resource stored under <paramref name="key"/>, checked to cover 0..Size with no gap or overlap.</summary>
    public PackageResource Get(string key)
    {
        if (!_resources.TryGetValue(key, out var resource))
            throw Corrupt($"it has no resource '{key}' in {IndexPath}");

        long expectedStart = 0;
        foreach (var chunk in resource.Chunks)
        {
            if (chunk.Start != expectedStart || chunk.End <= chunk.Start)
                throw Corrupt($"{IndexPath} gives '{key}' a chunk at [{chunk.Start}, {chunk.End}) where byte {expectedStart} was expected next");
            if (chunk.Sha256.Length != Sha256HexLength || !chunk.Sha256.All(char.IsAsciiHexDigitLower))
                throw Corrupt($"{IndexPath} names a chunk of '{key}' '{chunk.Sha256}', which is not a SHA-256");
            expectedStart = chunk.End;
        }
        if (expectedStart != resource.Size)
            throw Corrupt($"{IndexPath} says '{key}' is {resource.Size} bytes but its chunks cover {expectedStart}");
        return resource;
    }

    /// <summary>
    /// Writes each resource in <paramref name="destinationByKey"/> (key → new file path) from its chunks,
    /// checking every chunk's SHA-256 against its name. Throws <see cref="CutoutException"/> on a missing or
    /// altered chunk; the caller deletes the half-written destinations then.
    /// </summary>
    public async Task AssembleAsync(IReadOnlyDictionary<string, string> destinationByKey, CancellationToken cancellationToken)
    {
        var resources = destinationByKey.Keys.Select(Get).ToList();
        var handles = new Dictionary<string, SafeFileHandle>();
        try
        {
            foreach (var resource in resources)
            {
                handles[resource.Key] = File.OpenHandle(destinationByKey[resource.Key], FileMode.CreateNew, FileAccess.Write,
                    FileShare.None, FileOptions.Asynchronous, preallocationSize: resource.Size);
            }

            // A chunk shared by two resources is read once and written to both places.
            var placesByChunk = resources
                .SelectMany(r => r.Chunks.Select(chunk => (chunk, resource: r.Key)))
                .ToLookup(p => p.chunk.Sha256)
                .ToDictionary(g => g.Key, g => g.ToList());

            await ForEachFileAsync(_tarballPath, async (path, entry) =>
            {
                if (!path.StartsWith(ChunkDirectory, StringComparison.Ordinal)
                    || !placesByChunk.Remove(path[ChunkDirectory.Length..], out var places))
                    return true;
                await CopyVerifiedChunkAsync(entry, places, handles, cancellationToken).ConfigureAwait(false);
                return placesByChunk.Count > 0;
            }, cancellationToken).ConfigureAwait(false);

            if (placesByChunk.Count > 0)
            {
                var (chunk, key) = placesByChunk.Values.First()[0];
                throw Corrupt($"it lacks chunk {chunk.Sha256} of '{key}'");
            }

            foreach (var resource in resources)
            {
                var handle = handles[resource.Key];
                long written = RandomAccess.GetLength(handle);
                if (written != resource.Size)
                    throw Corrupt($"'{resource.Key}' assembled to {written} bytes instead of {resource.Size}");
                RandomAccess.FlushToDisk(handle);
            }
        }
        finally
        {
            foreach (var handle in handles.Values)
                handle.Dispose();
        }
    }

    private static async Task CopyVerifiedChunkAsync(
        TarEntry entry,
        List<(ResourceChunk Chunk, string Resource)> places,
        Dictionary<string, SafeFileHandle> handles,
        CancellationToken cancellationToken)
    {
        var (first, firstResource) = places[0];
        if (places.Any(p => p.Chunk.Length != entry.Length))
            throw Corrupt($"chunk {first.Sha256} of '{firstResource}' is {entry.Length} bytes, not the {first.Length} its index says");

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long position = 0;
            int read;
            var data = entry.DataStream ?? Stream.Null;
            while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var block = buffer.AsMemory(0, read);
                sha256.AppendData(block.Span);
                foreach (var (chunk, resource) in places)
                    await RandomAccess.WriteAsync(handles[resource], block, chunk.Start + position, cancellationToken).ConfigureAwait(false);
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = Convert.ToHexStringLower(sha256.GetHashAndReset());
        if (actual != first.Sha256)
            throw Corrupt($"chunk {first.Sha256} of '{firstResource}' failed its SHA-256 check (its content hashes to {actual}); the package is damaged or was tampered with");
    }

    /// <summary>
    /// Walks the regular files of a .tgz, giving each one's path below the package's top folder (npm names it
    /// "package/" but older tools used others) until <paramref name="visit"/> returns false.
    /// </summary>
    private static async Task ForEachFileAsync(string tarballPath, Func<string, TarEntry, Task<bool>> visit, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(tarballPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    continue;
                int slash = entry.Name.IndexOf('/');
                if (!await visit(entry.Name[(slash + 1)..], entry).ConfigureAwait(false))
                    return;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw Corrupt($"it is not a readable .tgz ({e.Message})", e);
        }
    }

    private static Dictionary<string, PackageResource> ParseIndex(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var resources = new Dictionary<string, PackageResource>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var chunks = property.Value.GetProperty("chunks").EnumerateArray()
                    .Select(c =>
                    {
                        var offsets = c.GetProperty("offsets");
                        return new ResourceChunk(c.GetProperty("hash").GetString()!, offsets[0].GetInt64(), offsets[1].GetInt64());
                    })
                    .OrderBy(c => c.Start)
                    .ToList();
                resources[property.Name] = new PackageResource(property.Name, property.Value.GetProperty("size").GetInt64(), chunks);
            }
            return resources;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw Corrupt($"its {IndexPath} is not a valid resource index ({e.Message})", e);
        }
    }

    private static CutoutException Corrupt(string problem, Exception? inner = null) =>
        new(CutoutErrorKind.ModelUnavailable, $"the model package cannot be used: {problem}", inner);
}
