namespace Cutout.Compositing;

/// <summary>What goes behind and around the cutout.</summary>
public sealed record CompositionOptions
{
    public static CompositionOptions Transparent { get; } = new();

    public BackgroundSpec Background { get; init; } = BackgroundSpec.Transparent;
}
