using Cutout.Advanced;
using Cutout.Compositing;
using Cutout.Imaging;

namespace Cutout.Presets;

/// <summary>The measurable rules a preset's output must meet; null = not part of this preset.</summary>
public sealed record PresetRules
{
    /// <summary>Smallest allowed longest side, px.</summary>
    public int? MinLongestSide { get; init; }

    /// <summary>Largest allowed longest side, px.</summary>
    public int? MaxLongestSide { get; init; }

    /// <summary>Width must equal height.</summary>
    public bool Square { get; init; }

    /// <summary>Every pixel away from the subject must be exactly this colour.</summary>
    public RgbColor? Background { get; init; }

    /// <summary>Share of the canvas the subject's box spans in its limiting direction (Amazon: 0.85).</summary>
    public float? Fill { get; init; }

    /// <summary>How far the measured fill may be from <see cref="Fill"/>, as a share of the frame; 0.03 (3 points) by default.</summary>
    public float FillTolerance { get; init; } = 0.03f;

    /// <summary>Largest distance of the subject box's centre from the canvas centre, as a share of the canvas side.</summary>
    public float? CenterTolerance { get; init; }

    /// <summary>Check only horizontal centring (portraits sit high in the frame on purpose).</summary>
    public bool CenterHorizontallyOnly { get; init; }

    /// <summary>The file format the platform demands.</summary>
    public OutputFormat? Format { get; init; }
}

/// <summary>
/// A named bundle of background, shadow, layout and output choices plus the rules they exist to meet, with the
/// public source of those rules. All presets live in <see cref="MarketplacePresets"/>.
/// </summary>
public sealed record MarketplacePreset
{
    /// <summary>The lower-case name used on the command line and in the API (<c>amazon</c>, <c>passport-white</c>).</summary>
    public required string Name { get; init; }

    /// <summary>A human title for reports and menus ("Amazon main product image").</summary>
    public required string Title { get; init; }

    /// <summary>The preset's name inside a sentence ("following the Amazon rules", "a passport photo").</summary>
    public required string ShortTitle { get; init; }

    /// <summary>Where the rules come from (URL and what it says), so a user can check them.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Other names <see cref="MarketplacePresets.Find"/> accepts ("passport", "headshot"); spaces and dashes are
    /// interchangeable. Those of several words ("id photo") are also phrases the chat recognises in a sentence; a
    /// one-word alias ("profile") is only a name, too common a word to mean the preset.
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The background the rules demand; null leaves it to the caller.</summary>
    public BackgroundSpec? Background { get; init; }

    /// <summary>The shadow the rules demand; null leaves it to the caller.</summary>
    public ShadowSpec? Shadow { get; init; }

    /// <summary>The canvas, fill, framing and placement that meet the rules; replaces the caller's layout.</summary>
    public required LayoutOptions Layout { get; init; }

    /// <summary>The output format; null = JPEG when the result is opaque, PNG when it is not.</summary>
    public OutputFormat? Format { get; init; }

    /// <summary>
    /// JPEG quality (with full-resolution chroma). 95 keeps ringing next to the subject within one 8×8 block, so a
    /// pure-white background stays pure white away from it.
    /// </summary>
    public int JpegQuality { get; init; } = 95;

    /// <summary>What <see cref="Verify"/> checks on the output.</summary>
    public required PresetRules Rules { get; init; }

    /// <summary>
    /// The caller's choices with this preset's fixed parts laid over them. The layout is the preset's; the
    /// marketplace presets enlarge small photos by default, since their size and fill rules cannot be met otherwise.
    /// </summary>
    public CompositionOptions Apply(CompositionOptions caller) => caller with
    {
        Background = Background ?? caller.Background,
        Shadow = Shadow ?? caller.Shadow,
        Layout = Layout,
        Preset = this,
    };

    /// <summary>The format to write when the caller names none: <see cref="Format"/>, else JPEG for an opaque result and PNG otherwise.</summary>
    public OutputFormat PreferredFormat(bool opaque) => Format ?? (opaque ? OutputFormat.Jpeg : OutputFormat.Png);

    /// <summary>Our own output is trusted: decoding it back for verification ignores the input size limits.</summary>
    private static readonly DecodeLimits OwnOutput = new() { MaxWidth = int.MaxValue, MaxHeight = int.MaxValue, MinSide = 1, MaxEncodedBytes = long.MaxValue };

    /// <summary>Checks the rules on what an encoded file really holds (after lossy compression).</summary>
    public PresetReport VerifyEncoded(ReadOnlySpan<byte> encoded, OutputFormat format, PixelRect subjectBox, PixelRect subjectFootprint) =>
        Verify(ImageDecoder.Decode(encoded, OwnOutput).Image, format, subjectBox, subjectFootprint);

    /// <summary>
    /// Checks the rules on the decoded output pixels. <paramref name="subjectBox"/> (the subject's box as composed) stands
    /// in for the measured box when the background is not a flat colour; <paramref name="subjectFootprint"/> (every
    /// pixel the subject touches, resampling fringe included) is what "away from the subject" keeps clear of.
    /// </summary>
    public PresetReport Verify(RgbaImage output, OutputFormat format, PixelRect subjectBox, PixelRect subjectFootprint)
    {
        var checks = new List<PresetCheck>();
        int w = output.Width, h = output.Height, longest = Math.Max(w, h);
        string size = $"{w}x{h}";
        if (Rules.Square)
            checks.Add(new("square", "width = height", size, w == h));
        if (Rules.MinLongestSide is int min || Rules.MaxLongestSide is not null)
        {
            int low = Rules.MinLongestSide ?? 1, high = Rules.MaxLongestSide ?? int.MaxValue;
            string expected = Rules.MaxLongestSide is int max ? $"{low}..{max} px longest side" : $"≥ {low} px longest side";
            checks.Add(new("size", expected, size, longest >= low && longest <= high));
        }
        if (Rules.Format is OutputFormat wanted)
            checks.Add(new("format", wanted.ToString().ToUpperInvariant(), format.ToString().ToUpperInvariant(), format == wanted));

        var measured = subjectBox;
        if (Rules.Background is RgbColor color)
        {
            checks.Add(CheckBackground(output, color, subjectFootprint));
            var seen = SubjectBounds.Find(DifferenceMask(output, color));
            if (!seen.IsEmpty)
                measured = seen;
        }
        if (Rules.Fill is float fill)
        {
            float actual = measured.IsEmpty ? 0f : Math.Max(measured.Width / (float)w, measured.Height / (float)h);
            checks.Add(new("fill", $"{fill:P0} ± {Rules.FillTolerance:P0} of the frame", $"{actual:P1} ({measured.Width}x{measured.Height})",
                MathF.Abs(actual - fill) <= Rules.FillTolerance));
        }
        if (Rules.CenterTolerance is float tolerance)
        {
            float dx = measured.IsEmpty ? 1f : MathF.Abs(measured.CenterX - w / 2f) / w;
            float dy = Rules.CenterHorizontallyOnly || measured.IsEmpty ? 0f : MathF.Abs(measured.CenterY - h / 2f) / h;
            string axis = Rules.CenterHorizontallyOnly ? "horizontally " : "";
            checks.Add(new("centred", $"{axis}within {tolerance:P0} of centre",
                Rules.CenterHorizontallyOnly ? $"off by {dx:P1}" : $"off by {dx:P1} x, {dy:P1} y", dx <= tolerance && dy <= tolerance));
        }
        return new PresetReport(Name, Source, checks);
    }

    /// <summary>
    /// Every pixel outside the subject's footprint grown by a guard band must be exactly <paramref name="color"/>. The
    /// guard (1% of the longest side, ≥ 8 px) covers the JPEG block the subject's edge lies in.
    /// </summary>
    private static PresetCheck CheckBackground(RgbaImage output, RgbColor color, PixelRect subject)
    {
        int w = output.Width, h = output.Height;
        int guard = Math.Max(8, Math.Max(w, h) / 100);
        long checkedCount = 0, wrong = 0;
        string? example = null;
        for (int y = 0; y < h; y++)
        {
            bool rowNearSubject = !subject.IsEmpty && y >= subject.Y - guard && y < subject.Bottom + guard;
            var row = output.Row(y);
            for (int x = 0; x < w; x++)
            {
                if (rowNearSubject && x >= subject.X - guard && x < subject.Right + guard)
                    continue;
                checkedCount++;
                int o = x * 4;
                if (row[o] == color.R && row[o + 1] == color.G && row[o + 2] == color.B && row[o + 3] == 255)
                    continue;
                wrong++;
                example ??= $" e.g. ({x},{y}) = #{row[o]:X2}{row[o + 1]:X2}{row[o + 2]:X2}";
            }
        }
        return new PresetCheck("background", $"exactly {color} away from the subject",
            wrong == 0 ? $"{checkedCount} of {checkedCount} pixels exact" : $"{wrong} of {checkedCount} pixels differ{example}", wrong == 0 && checkedCount > 0);
    }

    /// <summary>1 where a pixel clearly differs from the flat background (beyond JPEG noise), else 0.</summary>
    private static AlphaMatte DifferenceMask(RgbaImage image, RgbColor background)
    {
        const int Tolerance = 12;
        var mask = new AlphaMatte(image.Width, image.Height);
        var px = image.Pixels;
        var values = mask.Values;
        for (int i = 0; i < values.Length; i++)
        {
            int o = i * 4;
            int diff = Math.Max(Math.Abs(px[o] - background.R), Math.Max(Math.Abs(px[o + 1] - background.G), Math.Abs(px[o + 2] - background.B)));
            values[i] = diff > Tolerance || px[o + 3] < 255 ? 1f : 0f;
        }
        return mask;
    }
}
