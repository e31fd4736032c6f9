namespace Cutout.Chat.Inputs;

/// <summary>An input image, fetched and checked: its bytes are a supported format within the size limits.</summary>
/// <param name="Name">How messages name it: "image 2 (https://example.com/a.jpg)".</param>
/// <param name="Width">The upright width, EXIF orientation applied (as the decoder will turn the pixels).</param>
/// <param name="Height">The upright height, EXIF orientation applied.</param>
/// <param name="ResultId">Set when the image is a result this server produced earlier.</param>
public sealed record InputImage(string Reference, string Name, byte[] Bytes, string Format, int Width, int Height, string? ResultId = null);
