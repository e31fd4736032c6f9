using System.Globalization;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Server.Endpoints.RemoveBg;

/// <summary>What remove.bg's <c>format</c> asks for; <see cref="Zip"/> is <c>color.jpg</c> + <c>alpha.png</c>.</summary>
internal enum RemoveBgFormat
{
    Auto,
    Png,
    Jpg,
    WebP,
    Zip,
}

/// <summary>
/// The parameters of <c>POST /v1.0/removebg</c>, checked as remove.bg documents them, and their mapping onto
/// the pipeline's <see cref="CutoutOptions"/>. Invalid values are refused, never ignored.
/// </summary>
internal sealed record RemoveBgParameters
{
    /// <summary>remove.bg's output sizes in megapixels: preview 0.25, medium 1.5, hd 4, full 25 (36 for JPG and ZIP), 50MP.</summary>
    private static readonly Dictionary<string, double> SizeMegapixels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["preview"] = 0.25, ["small"] = 0.25, ["regular"] = 0.25,
        ["medium"] = 1.5, ["hd"] = 4, ["full"] = 25, ["4k"] = 25, ["auto"] = 25, ["50mp"] = 50,
    };

    private static readonly string[] Types = ["auto", "person", "product", "car", "animal", "graphic", "transportation"];
    private static readonly string[] TypeLevels = ["none", "1", "2", "latest"];

    public string Size { get; init; } = "auto";
    public string Type { get; init; } = "auto";
    public RemoveBgFormat Format { get; init; } = RemoveBgFormat.Auto;
    public RegionOfInterest? Roi { get; init; }
    public bool Crop { get; init; }
    public Margin CropMargin { get; init; } = Margin.None;
    public float? Scale { get; init; }
    public Placement? Position { get; init; }
    public bool AlphaOnly { get; init; }
    public bool AddShadow { get; init; }
    public bool SemiTransparency { get; init; } = true;
    public string? BackgroundColor { get; init; }

    /// <summary>The <c>X-Type</c> answer: the requested type (we do not classify photos, so <c>auto</c> reports <c>other</c>).</summary>
    public string ReportedType => Type == "auto" ? "other" : Type;

    public static RemoveBgParameters Parse(RemoveBgForm form)
    {
        var size = OneOf(form, "size", [.. SizeMegapixels.Keys], "auto");
        var format = OneOf(form, "format", ["auto", "png", "jpg", "webp", "zip"], "auto");
        OneOf(form, "type_level", TypeLevels, "1");
        var backgrounds = new[] { "bg_color", "bg_image_url", "bg_image_file" }.Where(name => form[name] is not null || form.File(name) is not null).ToList();
        if (backgrounds.Count > 1)
            throw RemoveBgException.InvalidParameter("Multiple backgrounds given", $"Send only one of {string.Join(", ", backgrounds)}.");
        return new RemoveBgParameters
        {
            Size = size,
            Type = OneOf(form, "type", Types, "auto"),
            Format = Enum.Parse<RemoveBgFormat>(format, ignoreCase: true),
            Roi = Optional(form, "roi", RegionOfInterest.Parse),
            Crop = Bool(form, "crop", false),
            CropMargin = Optional(form, "crop_margin", ParseCropMargin),
            Scale = Optional(form, "scale", ParseScale),
            Position = Optional(form, "position", ParsePosition),
            AlphaOnly = OneOf(form, "channels", ["rgba", "alpha"], "rgba") == "alpha",
            AddShadow = Bool(form, "add_shadow", false),
            SemiTransparency = Bool(form, "semitransparency", true),
            BackgroundColor = Optional(form, "bg_color", ParseColor),
        };
    }

    /// <param name="photo">The input (its size is the canvas of <c>scale</c> and <c>position</c>).</param>
    /// <param name="backgroundImagePath">A local copy of <c>bg_image_url</c> / <c>bg_image_file</c>, if one was sent.</param>
    public CutoutOptions ToCutoutOptions(Chat.Inputs.InputImage photo, string? backgroundImagePath)
    {
        var background = backgroundImagePath is not null ? new ImageBackground(backgroundImagePath, ImageFit.Cover)
            : BackgroundColor is not null ? BackgroundSpec.Parse(BackgroundColor)
            // JPEG has no transparency: remove.bg puts a transparent cutout on white.
            : Format == RemoveBgFormat.Jpg ? new SolidBackground(RgbColor.White, 1f)
            : BackgroundSpec.Transparent;
        bool opaque = background is ImageBackground || background is SolidBackground { Opacity: >= 1f };
        return new CutoutOptions
        {
            // The cheap preview sizes run the fast eco pipeline; every larger size gets the quality one.
            Mode = SizeMegapixels[Size] <= 0.25 ? QualityMode.Eco : QualityMode.Max,
            Refinement = RefinementFor(),
            RegionOfInterest = Roi,
            Composition = new CompositionOptions
            {
                Background = background,
                Shadow = AddShadow ? new ShadowSpec { Kind = ShadowKind.Contact } : ShadowSpec.None,
                Layout = LayoutFor(photo),
            },
            Output = OutputOptions.Default with
            {
                MaskOnly = AlphaOnly,
                Format = Format switch
                {
                    RemoveBgFormat.Jpg => OutputFormat.Jpeg,
                    RemoveBgFormat.WebP => OutputFormat.WebP,
                    RemoveBgFormat.Auto when opaque => OutputFormat.Jpeg,
                    _ => OutputFormat.Png,
                },
            },
        };
    }

    /// <summary>
    /// People and animals get the hair-and-fur edge care (a wider band solved as a soft matte);
    /// <c>semitransparency=false</c> keeps the automatic crisp edges for every type.
    /// </summary>
    private RefinementOptions RefinementFor() =>
        SemiTransparency && Type is "person" or "animal" ? EdgeCarePresets.For(EdgeCare.Fine) : RefinementOptions.Default;

    private LayoutOptions LayoutFor(Chat.Inputs.InputImage photo)
    {
        bool jpegSized = Format is RemoveBgFormat.Jpg or RemoveBgFormat.Zip && Size is "full" or "4k" or "auto";
        long maxPixels = (long)((jpegSized ? 36 : SizeMegapixels[Size]) * 1_000_000);
        var layout = LayoutOptions.Original with { MaxPixels = maxPixels };
        if (Crop)
            return layout with { Trim = true, Margin = CropMargin, Fill = Scale, Position = Position ?? Placement.Center };
        if (Scale is null && Position is null)
            return layout;
        // Scaling or placing the subject keeps the photo's frame: the subject moves within a canvas of its size.
        return layout with
        {
            Trim = true,
            Canvas = (photo.Width, photo.Height),
            Fill = Scale,
            AllowUpscale = Scale is not null,
            Position = Position ?? Placement.Center,
        };
    }

    private static string OneOf(RemoveBgForm form, string name, string[] allowed, string fallback)
    {
        var value = form[name];
        if (value is null)
            return fallback;
        return allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase))
            ?? throw RemoveBgException.InvalidParameter($"Invalid value for '{name}'", $"'{value}' is not one of: {string.Join(", ", allowed)}.");
    }

    private static bool Bool(RemoveBgForm form, string name, bool fallback) => form[name]?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" => true,
        "false" or "0" => false,
        var other => throw RemoveBgException.InvalidParameter($"Invalid value for '{name}'", $"'{other}' is not true or false."),
    };

    private static T? Optional<T>(RemoveBgForm form, string name, Func<string, T> parse)
    {
        if (form[name] is not { } value)
            return default;
        try
        {
            return parse(value);
        }
        catch (CutoutException e)
        {
            throw RemoveBgException.InvalidParameter($"Invalid value for '{name}'", e.Message);
        }
    }

    /// <summary>One, two or four lengths like CSS margins; the subject's margin is one value, so all given must agree.</summary>
    private static Margin ParseCropMargin(string text)
    {
        var margins = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(LayoutOptions.ParseMargin).Distinct().ToList();
        if (margins.Count != 1)
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}': different margins per side are not supported; give one value (e.g. 30px or 10%)");
        var margin = margins[0];
        if (margin.IsPercent ? margin.Value > 50 : margin.Value > 500)
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is over the maximum margin of 50% or 500px");
        return margin;
    }

    private static float? ParseScale(string text)
    {
        if (text.Equals("original", StringComparison.OrdinalIgnoreCase))
            return null;
        if (text.EndsWith('%') && float.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out float percent) && percent is >= 10 and <= 100)
            return percent / 100f;
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a scale (use original or 10% to 100%)");
    }

    /// <summary><c>original</c>, <c>center</c>, or one (both axes) or two percentages of 0%, 50% or 100%.</summary>
    private static Placement? ParsePosition(string text)
    {
        if (text.Equals("original", StringComparison.OrdinalIgnoreCase))
            return null;
        if (text.Equals("center", StringComparison.OrdinalIgnoreCase))
            return Placement.Center;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Anchor).ToList();
        var (x, y) = parts switch
        {
            [var both] => (both, both),
            [var horizontal, var vertical] => (horizontal, vertical),
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a position (use original, center, \"50%\" or \"0% 100%\")"),
        };
        return (x, y) switch
        {
            (0, 0) => Placement.TopLeft, (1, 0) => Placement.Top, (2, 0) => Placement.TopRight,
            (0, 1) => Placement.Left, (1, 1) => Placement.Center, (2, 1) => Placement.Right,
            (0, 2) => Placement.BottomLeft, (1, 2) => Placement.Bottom, _ => Placement.BottomRight,
        };

        static int Anchor(string part) => part switch
        {
            "0%" => 0,
            "50%" => 1,
            "100%" => 2,
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{part}': positions are supported at 0%, 50% and 100% of each axis"),
        };
    }

    /// <summary>remove.bg's colours: hex without '#' (81d4fa, fff, 81d4fa77) or a colour name.</summary>
    private static string ParseColor(string text)
    {
        var color = text.Length is 3 or 4 or 6 or 8 && text.All(Uri.IsHexDigit) ? "#" + text : text;
        _ = BackgroundSpec.Parse(color) as SolidBackground
            ?? throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a colour (use hex like 81d4fa or a name like green)");
        return color;
    }
}
