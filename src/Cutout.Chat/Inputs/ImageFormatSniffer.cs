namespace Cutout.Chat.Inputs;

/// <summary>
/// Recognises the accepted image formats by their magic bytes. A server's Content-Type header is
/// not trusted: it is often wrong (octet-stream, text/html error pages served with 200).
/// </summary>
public static class ImageFormatSniffer
{
    public const string Accepted = "JPEG, PNG, WebP, GIF or BMP";

    /// <summary>"JPEG", "PNG", "WEBP", "GIF", "BMP", or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return "JPEG";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return "PNG";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
            return "GIF";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return "WEBP";
        // "BM" and a 14-byte file header before the DIB header; the CLI reads BMP, so the server does too.
        if (head.Length >= 26 && head.StartsWith("BM"u8))
            return "BMP";
        return null;
    }
}
