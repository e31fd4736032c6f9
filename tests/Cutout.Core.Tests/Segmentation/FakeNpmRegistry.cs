using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cutout.Core.Tests.Segmentation;

/// <summary>
/// An npm registry in memory, rooted at <see cref="Root"/>: it answers the document of
/// @imgly/background-removal-data (version 1.4.5 only) and that version's tarball, and records every request.
/// </summary>
internal sealed class FakeNpmRegistry(Uri root, byte[] tarball) : HttpMessageHandler
{
    private const string MetadataPath = "@imgly%2fbackground-removal-data";
    private const string TarballPath = "@imgly/background-removal-data/-/background-removal-data-1.4.5.tgz";

    private readonly ConcurrentQueue<Uri> _requests = new();
    private readonly ConcurrentQueue<HttpStatusCode> _upcomingFailures = new();

    public Uri Root { get; } = root;

    public byte[] Tarball { get; } = tarball;

    /// <summary>The SRI string the package document advertises; the tarball's true one unless a test lies.</summary>
    public string Integrity { get; set; } = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));

    public IReadOnlyList<Uri> Requests => [.. _requests];

    /// <summary>How long the tarball takes to start arriving, to keep a download in flight a while.</summary>
    public TimeSpan TarballLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Makes the next requests fail with these statuses, one each, before answering normally again.</summary>
    public void FailNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
            _upcomingFailures.Enqueue(status);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        _requests.Enqueue(url);
        if (_upcomingFailures.TryDequeue(out var failure))
            return new HttpResponseMessage(failure);

        string path = url.GetLeftPart(UriPartial.Path);
        if (string.Equals(path, Root + MetadataPath, StringComparison.OrdinalIgnoreCase))
            return Answer(Encoding.UTF8.GetBytes(PackageDocument()), "application/json");
        if (path != Root + TarballPath)
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        await Task.Delay(TarballLatency, cancellationToken);
        return Answer(Tarball, "application/octet-stream");
    }

    private string PackageDocument() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["name"] = "@imgly/background-removal-data",
        ["versions"] = new Dictionary<string, object>
        {
            ["1.4.4"] = new { dist = new { tarball = Root + "old.tgz", integrity = "sha512-AAAA" } },
            ["1.4.5"] = new { dist = new { tarball = Root + TarballPath, integrity = Integrity, shasum = "unused" } },
        },
    });

    private static HttpResponseMessage Answer(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}

/// <summary>
/// A miniature of the @imgly/background-removal-data tarball: each resource cut into content-addressed chunks
/// under package/dist/, listed in package/dist/resources.json, which comes after the chunks as in the real one.
/// </summary>
internal static class FakeModelPackage
{
    public const int ChunkSize = 1000;

    /// <summary>
    /// Random bytes standing in for the two models and one resource the store must ignore. The small model
    /// starts with the medium model's second chunk, so the package ships that chunk once for both.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> CreateResources()
    {
        var random = new Random(1234);
        byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }

        var medium = Bytes(5 * ChunkSize + 500);
        return new Dictionary<string, byte[]>
        {
            ["/onnxruntime-web/ort-wasm.wasm"] = Bytes(1500),
            ["/models/small"] = [.. medium.AsSpan(ChunkSize, ChunkSize), .. Bytes(1300)],
            ["/models/medium"] = medium,
        };
    }

    /// <summary>Builds the .tgz; <paramref name="alterChunks"/> may edit the chunk files (hash → content) first.</summary>
    public static byte[] BuildTarball(IReadOnlyDictionary<string, byte[]> resources, Action<SortedDictionary<string, byte[]>>? alterChunks = null)
    {
        var chunkFiles = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var index = new Dictionary<string, object>();
        foreach (var (key, data) in resources)
        {
            var chunks = new List<object>();
            for (int start = 0; start < data.Length; start += ChunkSize)
            {
                var chunk = data.AsSpan(start, Math.Min(ChunkSize, data.Length - start)).ToArray();
                string hash = Convert.ToHexStringLower(SHA256.HashData(chunk));
                chunkFiles[hash] = chunk;
                chunks.Add(new { hash, offsets = new[] { start, start + chunk.Length } });
            }
            index[key] = new { chunks, size = data.Length, mime = "application/octet-stream" };
        }
        alterChunks?.Invoke(chunkFiles);

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            foreach (var (hash, content) in chunkFiles)
                AddFile(tar, "package/dist/" + hash, content);
            AddFile(tar, "package/dist/resources.json", JsonSerializer.SerializeToUtf8Bytes(index));
            AddFile(tar, "package/package.json", """{"name":"@imgly/background-removal-data","version":"1.4.5"}"""u8.ToArray());
        }
        return output.ToArray();
    }

    private static void AddFile(TarWriter tar, string name, byte[] content) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
}
