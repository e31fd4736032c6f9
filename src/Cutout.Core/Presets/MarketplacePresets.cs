using Cutout.Compositing;
using Cutout.Imaging;

namespace Cutout.Presets;

/// <summary>
/// Every preset and its rules, with their sources, in one place (docs/presets.md explains them for users).
/// Where a value is our choice rather than the platform's rule, the source text says so. Upscaling stays
/// refused: a canvas shrinks towards the platform's minimum instead, and the report shows any rule that
/// could then not be met.
/// </summary>
public static class MarketplacePresets
{
    private static readonly BackgroundSpec PureWhite = new SolidBackground(RgbColor.White);

    /// <summary>Amazon main image: 2000 px pure-white square JPEG, product at 85% of the frame.</summary>
    public static MarketplacePreset Amazon { get; } = new()
    {
        Name = "amazon",
        Title = "Amazon main product image",
        ShortTitle = "Amazon",
        Source = "Amazon Seller Central, Product image requirements (https://sellercentral.amazon.com/help/hub/reference/external/G1881): "
            + "main image on a pure white background (RGB 255,255,255), product fills 85% of the frame, JPEG preferred, "
            + "1000 px or more on the longest side enables zoom. 2000x2000 square is our choice within those rules.",
        Aliases = ["amazon-main", "amazon main"],
        Background = PureWhite,
        Layout = new LayoutOptions { AllowUpscale = true, Canvas = (2000, 2000), Fill = 0.85f, Position = Placement.Center },
        Format = OutputFormat.Jpeg,
        Rules = new PresetRules
        {
            Square = true, MinLongestSide = 1000, MaxLongestSide = 10000, Background = RgbColor.White,
            Fill = 0.85f, FillTolerance = 0.03f, CenterTolerance = 0.02f, Format = OutputFormat.Jpeg,
        },
    };

    /// <summary>Shopify product image: 2048 px white square, product at 85%; white and fill are our choice.</summary>
    public static MarketplacePreset Shopify { get; } = new()
    {
        Name = "shopify",
        Title = "Shopify product image",
        ShortTitle = "Shopify",
        Source = "Shopify Help Center, Product media types (https://help.shopify.com/en/manual/products/product-media/product-media-types): "
            + "square 2048x2048 px recommended for product images, 800x800 px or larger enables zoom, at most 4472x4472. "
            + "White background and 85% fill are our choices for a consistent catalogue, not Shopify rules.",
        Background = PureWhite,
        Layout = new LayoutOptions { AllowUpscale = true, Canvas = (2048, 2048), Fill = 0.85f, Position = Placement.Center },
        Rules = new PresetRules { Square = true, MinLongestSide = 800, MaxLongestSide = 4472, Background = RgbColor.White, CenterTolerance = 0.02f },
    };

    /// <summary>eBay listing photo: 1600 px white square JPEG, at least 500 px.</summary>
    public static MarketplacePreset Ebay { get; } = new()
    {
        Name = "ebay",
        Title = "eBay listing photo",
        ShortTitle = "eBay",
        Source = "eBay Help, Adding pictures to your listings (https://www.ebay.com/help/selling/listings/creating-managing-listings/add-pictures?id=4148): "
            + "at least 500 px on the longest side (1600 px recommended for zoom), no borders or text; a plain white background is eBay's "
            + "photo advice. We render 1600x1600 on white, JPEG.",
        Background = PureWhite,
        Layout = new LayoutOptions { AllowUpscale = true, Canvas = (1600, 1600), Fill = 0.85f, Position = Placement.Center },
        Format = OutputFormat.Jpeg,
        Rules = new PresetRules { MinLongestSide = 500, Background = RgbColor.White, CenterTolerance = 0.02f, Format = OutputFormat.Jpeg },
    };

    /// <summary>Etsy listing photo: 2000 px square so thumbnails crop nothing; the background is the caller's.</summary>
    public static MarketplacePreset Etsy { get; } = new()
    {
        Name = "etsy",
        Title = "Etsy listing photo",
        ShortTitle = "Etsy",
        Source = "Etsy Help Center, listing photo tips (https://help.etsy.com/hc/en-us/articles/115015663347): images at least 2000 px wide are "
            + "recommended, and search results and shop pages crop thumbnails towards a square. We render a 2000x2000 square so nothing "
            + "is cropped; the background is left to the caller (Etsy favours styled photos).",
        Layout = new LayoutOptions { AllowUpscale = true, Canvas = (2000, 2000), Fill = 0.8f, Position = Placement.Center },
        Rules = new PresetRules { Square = true, MinLongestSide = 2000, CenterTolerance = 0.02f },
    };

    /// <summary>LinkedIn profile photo: head and shoulders centred on a 1024 px square, any background.</summary>
    public static MarketplacePreset LinkedIn { get; } = new()
    {
        Name = "linkedin",
        Title = "LinkedIn profile photo",
        ShortTitle = "LinkedIn",
        Source = "LinkedIn Help, Add or change your profile photo (https://www.linkedin.com/help/linkedin/answer/a563309): at least 400x400 px, "
            + "JPG/PNG, the face clearly visible and shown in a circle. We frame head and shoulders (found from the silhouette) on a 1024 px "
            + "square, centred; any background.",
        Aliases = ["linkedin-profile", "profile", "avatar", "headshot"],
        Layout = new LayoutOptions { AllowUpscale = true, Canvas = (1024, 1024), Framing = Framing.HeadAndShoulders, Fill = 1f, Position = Placement.Center },
        Rules = new PresetRules { Square = true, MinLongestSide = 400, MaxLongestSide = 7680, CenterTolerance = 0.03f, CenterHorizontallyOnly = true },
    };

    /// <summary>US digital passport photo on white: 1200 px square JPEG; the head-size rule is not verified.</summary>
    public static MarketplacePreset PassportWhite { get; } = new()
    {
        Name = "passport-white",
        Title = "Passport-style photo on white (US digital format)",
        ShortTitle = "passport",
        Source = "U.S. Department of State, Photo requirements (https://travel.state.gov/content/travel/en/passports/how-apply/photos.html): "
            + "square 600x600 to 1200x1200 px JPEG, plain white or off-white background, head 50-69% of the image height. The head-size "
            + "rule needs a face model and is not verified here: check it before submitting.",
        Aliases = ["passport", "passport-us", "id-photo", "visa", "visa photo"],
        Background = PureWhite,
        Shadow = ShadowSpec.None,
        // Framing the head-and-shoulders box 1.6x larger than the canvas, from the top, puts the head at about half the height.
        Layout = new LayoutOptions { AllowUpscale = true, Canvas = (1200, 1200), Framing = Framing.HeadAndShoulders, Fill = 1.6f, Position = Placement.Top },
        Format = OutputFormat.Jpeg,
        Rules = new PresetRules { Square = true, MinLongestSide = 600, MaxLongestSide = 1200, Background = RgbColor.White, Format = OutputFormat.Jpeg },
    };

    /// <summary>Every preset, in the order menus and help list them.</summary>
    public static IReadOnlyList<MarketplacePreset> All { get; } = [Amazon, Shopify, Ebay, Etsy, LinkedIn, PassportWhite];

    /// <summary>The preset with this name or alias (case-insensitive, spaces or dashes), or null.</summary>
    public static MarketplacePreset? Find(string name)
    {
        var key = name.Trim().Replace(' ', '-').ToLowerInvariant();
        return All.FirstOrDefault(p => p.Name == key || p.Aliases.Any(a => a.Replace(' ', '-') == key));
    }

    /// <summary>Like <see cref="Find"/> but fails with the list of known presets.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for an unknown name; the message lists the known ones.</exception>
    public static MarketplacePreset Get(string name) =>
        Find(name) ?? throw new CutoutException(CutoutErrorKind.InvalidOption,
            $"unknown preset '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");
}
