using System.Web;
using Cutout.Chat.Execution;
using SkiaSharp;

namespace Cutout.Chat.Inputs;

/// <summary>
/// Resolves the <c>image_urls</c> of a request into checked image bytes: http(s) URLs (through
/// <see cref="GuardedImageDownloader"/>), <c>data:</c> URLs, and ids or links of results this server
/// produced (read from the <see cref="IImageStore"/>, never fetched over the network).
/// </summary>
public sealed class ImageFetcher(ImageInputOptions options, GuardedImageDownloader downloader, IImageStore results, ResultUrlSigner signer, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ImageInputOptions Options => options;

    /// <summary>Fetches every image, in order; the first failure ends it with an <see cref="ImageInputException"/>.</summary>
    public async Task<IReadOnlyList<InputImage>> FetchAllAsync(IReadOnlyList<string> references, string owner, CancellationToken cancellationToken)
    {
        if (references.Count > options.MaxImagesPerRequest)
            throw new ImageInputException(ErrorCodes.TooManyImages,
                $"{references.Count} images were sent; at most {options.MaxImagesPerRequest} images per request are allowed");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.FetchDeadline);
        var images = new List<InputImage>(references.Count);
        try
        {
            for (int i = 0; i < references.Count; i++)
                images.Add(await FetchAsync(references[i], NameOf(references[i], i, references.Count), owner, deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImageInputException(ErrorCodes.InvalidImageUrl,
                $"Invalid image URL: the images were not all fetched within {options.FetchDeadline.TotalSeconds:0} s");
        }
        return images;
    }

    public async Task<InputImage> FetchAsync(string reference, string name, string owner, CancellationToken cancellationToken)
    {
        reference = reference.Trim();
        string? resultId = null;
        byte[] bytes;
        if (DataUrl.IsDataUrl(reference))
            bytes = DataUrl.Decode(reference, options.MaxBytesPerImage, name);
        else if (await FindOwnResultAsync(reference, owner, cancellationToken).ConfigureAwait(false) is { } own)
            (bytes, resultId) = (await results.ReadAllBytesAsync(own, cancellationToken).ConfigureAwait(false), own.Id);
        else if (ResultStore.IsResultId(reference) || await IsLinkToStoredImageAsync(reference, cancellationToken).ConfigureAwait(false))
            throw new ImageInputException(ErrorCodes.InvalidImageUrl, $"Invalid image URL: {name} names a result that does not exist or is not yours");
        else if (Uri.TryCreate(reference, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            bytes = await downloader.DownloadAsync(url, name, cancellationToken).ConfigureAwait(false);
        else
            throw new ImageInputException(ErrorCodes.InvalidImageUrl, $"Invalid image URL: {name} is not an http(s) URL, a data: URL or a result id");

        return Check(reference, name, bytes, resultId);
    }

    /// <summary>An image uploaded in the request body (a multipart file), checked like every fetched one.</summary>
    public InputImage FromUpload(string name, byte[] bytes) => Check(name, name, bytes, resultId: null);

    /// <summary>"image 2 (https://example.com/a.jpg)"; long URLs and data: payloads are shortened.</summary>
    public static string NameOf(string reference, int index, int count)
    {
        var shown = DataUrl.IsDataUrl(reference) ? "data: URL"
            : reference.Length > 80 ? reference[..77] + "..." : reference;
        return $"image {index + 1}{(count > 1 ? $" of {count}" : "")} ({shown})";
    }

    private InputImage Check(string reference, string name, byte[] bytes, string? resultId)
    {
        if (bytes.LongLength > options.MaxBytesPerImage)
            throw new ImageInputException(ErrorCodes.ImageTooLarge, $"{name} is {bytes.Length / (1024.0 * 1024):0.#} MB, over the {options.MaxBytesPerImage / (1024 * 1024)} MB limit per image");
        var format = ImageFormatSniffer.Sniff(bytes)
            ?? throw new ImageInputException(ErrorCodes.UnsupportedImage, $"{name} is not a {ImageFormatSniffer.Accepted} image");

        var (width, height) = ReadDimensions(bytes)
            ?? throw new ImageInputException(ErrorCodes.InvalidImage, $"{name} looks like {format} but its data is corrupt");
        if (Math.Min(width, height) < options.MinSide || Math.Max(width, height) > options.MaxSide)
            throw new ImageInputException(ErrorCodes.ImageDimensions,
                $"{name} is {width}x{height} px; each side must be between {options.MinSide} and {options.MaxSide} px");
        return new InputImage(reference, name, bytes, format, width, height, resultId);
    }

    /// <summary>
    /// Reads the size from the header only: a decompression bomb is refused before any pixel is decoded. The size is the
    /// upright one the user sees (EXIF rotations by 90° swap the stored sides), as the decoder will turn the pixels.
    /// </summary>
    private static (int Width, int Height)? ReadDimensions(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            return null;
        bool swapsSides = codec.EncodedOrigin >= SKEncodedOrigin.LeftTop;
        return swapsSides ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);
    }

    private async Task<StoredImage?> FindOwnResultAsync(string reference, string owner, CancellationToken cancellationToken)
    {
        if (ResultStore.IsResultId(reference))
            return await results.FindAsync(reference, cancellationToken).ConfigureAwait(false) is { } bare && bare.Owner == owner ? bare : null;
        if (!Uri.TryCreate(reference, UriKind.Absolute, out var url) || ResultIdInLink(url) is not { } id)
            return null;
        if (await results.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } stored)
            return null;
        var query = HttpUtility.ParseQueryString(url.Query);
        bool signed = signer.IsValid(id, query["expires"], query["sig"], _clock.GetUtcNow());
        return stored.Owner == owner || signed ? stored : null;
    }

    /// <summary>A link to one of our results that the caller may not use: refused here rather than fetched over the network.</summary>
    private async Task<bool> IsLinkToStoredImageAsync(string reference, CancellationToken cancellationToken) =>
        Uri.TryCreate(reference, UriKind.Absolute, out var url) && ResultIdInLink(url) is { } id
        && await results.FindAsync(id, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The id in a link of the form <c>…/files/{id}</c>, whatever host it was served from.</summary>
    private static string? ResultIdInLink(Uri url)
    {
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[^2] == "files" && ResultStore.IsResultId(segments[^1]) ? segments[^1] : null;
    }
}
