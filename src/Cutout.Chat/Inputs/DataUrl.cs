namespace Cutout.Chat.Inputs;

/// <summary>Decodes RFC 2397 <c>data:</c> URLs carrying base64 image bytes.</summary>
public static class DataUrl
{
    public static bool IsDataUrl(string reference) => reference.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The payload bytes; throws <see cref="ImageInputException"/> when malformed or over <paramref name="maxBytes"/>.</summary>
    public static byte[] Decode(string url, long maxBytes, string imageName)
    {
        int comma = url.IndexOf(',');
        if (comma < 0)
            throw new ImageInputException(ErrorCodes.InvalidImageUrl, $"Invalid image URL: {imageName} is a data: URL without a ',' before its data");
        var header = url.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            throw new ImageInputException(ErrorCodes.InvalidImageUrl, $"Invalid image URL: {imageName} is a data: URL that is not base64-encoded (use data:image/png;base64,...)");

        var payload = url.AsSpan(comma + 1);
        // 3 bytes per 4 base64 characters: refuse before allocating when the text alone proves it too large.
        long decodedUpperBound = payload.Length / 4 * 3;
        if (decodedUpperBound > maxBytes + 3)
            throw TooLarge(imageName, decodedUpperBound, maxBytes);

        var bytes = new byte[decodedUpperBound + 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out int written))
            throw new ImageInputException(ErrorCodes.InvalidImageUrl, $"Invalid image URL: {imageName} is a data: URL whose base64 data is malformed");
        if (written > maxBytes)
            throw TooLarge(imageName, written, maxBytes);
        return bytes[..written];
    }

    private static ImageInputException TooLarge(string imageName, long size, long maxBytes) =>
        new(ErrorCodes.ImageTooLarge, $"{imageName} is {size / (1024.0 * 1024):0.#} MB, over the {maxBytes / (1024 * 1024)} MB limit per image");
}
