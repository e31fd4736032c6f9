namespace Cutout.Compositing;

/// <summary>
/// A different margin on each side of the framed subject, in CSS order (top, right, bottom, left). Each side is
/// a <see cref="Margin"/>: pixels, or a percentage of the framed subject's longer side.
/// </summary>
/// <param name="Top">Space above the subject.</param>
/// <param name="Right">Space to the right of the subject.</param>
/// <param name="Bottom">Space below the subject.</param>
/// <param name="Left">Space to the left of the subject.</param>
public readonly record struct SideMargins(Margin Top, Margin Right, Margin Bottom, Margin Left)
{
    /// <summary>The same margin on all four sides.</summary>
    public static SideMargins All(Margin margin) => new(margin, margin, margin, margin);

    /// <summary>The sides as a list, in CSS order.</summary>
    public IReadOnlyList<Margin> Sides => [Top, Right, Bottom, Left];

    /// <summary>
    /// One, two or four lengths separated by spaces, as CSS's <c>margin</c>: <c>30px</c> (all sides),
    /// <c>10% 5%</c> (top and bottom, then left and right), <c>10px 20px 30px 40px</c> (top, right, bottom, left).
    /// Each length is read by <see cref="LayoutOptions.ParseMargin"/>.
    /// </summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for another count of lengths or an unreadable one.</exception>
    public static SideMargins Parse(string text)
    {
        var lengths = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LayoutOptions.ParseMargin).ToArray();
        return lengths switch
        {
            [var all] => All(all),
            [var vertical, var horizontal] => new SideMargins(vertical, horizontal, vertical, horizontal),
            [var top, var right, var bottom, var left] => new SideMargins(top, right, bottom, left),
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption,
                $"'{text}' is not a margin (give one, two or four lengths, e.g. 30px, \"10% 5%\" or \"10px 20px 30px 40px\")"),
        };
    }

    /// <summary>The margins as they would be typed: <c>30px</c>, or four lengths in CSS order.</summary>
    public override string ToString() =>
        Top == Right && Right == Bottom && Bottom == Left ? Top.ToString() : $"{Top} {Right} {Bottom} {Left}";
}

/// <summary>
/// Where the framed subject sits in the room the canvas has to spare, on each axis as a fraction: 0 puts it against
/// the left (top) margin, 0.5 centres it, 1 puts it against the right (bottom) margin. remove.bg's
/// <c>position=30% 70%</c> is <c>new Anchor(0.3f, 0.7f)</c>.
/// </summary>
/// <param name="X">Horizontal share of the spare room left of the subject, 0..1.</param>
/// <param name="Y">Vertical share of the spare room above the subject, 0..1.</param>
public readonly record struct Anchor(float X, float Y)
{
    /// <summary>The anchor of one of the nine named placements.</summary>
    public static Anchor Of(Placement placement) => placement switch
    {
        Placement.TopLeft => new(0f, 0f),
        Placement.Top => new(0.5f, 0f),
        Placement.TopRight => new(1f, 0f),
        Placement.Left => new(0f, 0.5f),
        Placement.Right => new(1f, 0.5f),
        Placement.BottomLeft => new(0f, 1f),
        Placement.Bottom => new(0.5f, 1f),
        Placement.BottomRight => new(1f, 1f),
        _ => new(0.5f, 0.5f),
    };

    /// <summary>
    /// One percentage for both axes (<c>50%</c>) or two, horizontal then vertical (<c>30% 70%</c>), each 0% to 100%.
    /// </summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for anything else.</exception>
    public static Anchor Parse(string text)
    {
        var shares = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Share).ToArray();
        return shares switch
        {
            [var both] => new Anchor(both, both),
            [var horizontal, var vertical] => new Anchor(horizontal, vertical),
            _ => throw Invalid(text),
        };

        static float Share(string part) =>
            CssSyntax.TryPixelsOrPercent(part, out float value, out bool percent) && percent && value is >= 0 and <= 100
                ? value / 100f
                : throw Invalid(part);

        static CutoutException Invalid(string text) =>
            new(CutoutErrorKind.InvalidOption, $"'{text}' is not a position (use one or two percentages from 0% to 100%, e.g. \"50%\" or \"30% 70%\")");
    }
}
