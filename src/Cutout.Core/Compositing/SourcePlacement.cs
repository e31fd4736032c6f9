namespace Cutout.Compositing;

/// <summary>
/// Where the source photo lies on the output canvas: source pixel (x, y) lands at
/// (x × <see cref="Scale"/> + <see cref="OffsetX"/>, y × <see cref="Scale"/> + <see cref="OffsetY"/>). A viewer that
/// compares before and after places the photo this way, so the two line up when a layout trimmed, scaled or moved it.
/// </summary>
/// <param name="Scale">Output pixels per source pixel.</param>
/// <param name="OffsetX">Where the photo's left edge lands, in output pixels (negative when trimmed off).</param>
/// <param name="OffsetY">Where the photo's top edge lands, in output pixels.</param>
public readonly record struct SourcePlacement(float Scale, float OffsetX, float OffsetY)
{
    /// <summary>The photo's own frame: nothing trimmed, scaled or moved.</summary>
    public static SourcePlacement Identity { get; } = new(1f, 0f, 0f);
}
