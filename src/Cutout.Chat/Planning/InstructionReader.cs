using System.Globalization;
using System.Text.RegularExpressions;
using Cutout.Compositing;
using Cutout.Imaging;

namespace Cutout.Chat.Planning;

/// <summary>How the background should change relative to the previous one ("a bit darker").</summary>
internal enum ToneChange
{
    None,
    Darker,
    Lighter,
}

/// <summary>Everything one message asks for, before it is merged with the session's earlier settings.</summary>
internal sealed record RequestedSettings
{
    public bool Undo { get; init; }
    public bool Removal { get; init; }
    public bool ReuseSettings { get; init; }
    public bool SameBackground { get; init; }
    public string? Background { get; init; }
    public bool DefaultGradient { get; init; }

    /// <summary>"change the background" without saying to what.</summary>
    public bool BackgroundChangeWithoutValue { get; init; }

    /// <summary>"place him in a hotel lobby": a place we have no scene for.</summary>
    public bool UnknownScene { get; init; }

    public ShadowRequest? Shadow { get; init; }
    public EdgeCare EdgeCare { get; init; }
    public bool EdgeComplaint { get; init; }

    /// <summary>"remove the watermark": taking things out of the photo, which is not background removal.</summary>
    public bool ObjectRemoval { get; init; }

    /// <summary>"make the shadow lighter": a shadow strength, which plans cannot express.</summary>
    public bool ShadowStrength { get; init; }
    public ToneChange Tone { get; init; }
    public double ToneAmount { get; init; }
    public OutputFormat? Format { get; init; }
    public bool UnsupportedFormat { get; init; }
    public bool MaskOnly { get; init; }
    public LayoutHints Layout { get; init; } = LayoutHints.Default;
    public bool GenericPadding { get; init; }
    public IReadOnlyList<PresetVocabulary.Preset> Presets { get; init; } = [];

    /// <summary>The preset the session had is to be dropped (a form's "no preset").</summary>
    public bool NoPreset { get; init; }
    public float? EdgeSoftness { get; init; }
    public bool GenericEcommerce { get; init; }
    public QualityMode? Mode { get; init; }
    public bool IsQuestion { get; init; }
    public bool StartsLikeInfoQuestion { get; init; }
    public bool Thanks { get; init; }
    public bool Confirms { get; init; }
    public bool Declines { get; init; }

    /// <summary>Anything that changes the output: a message with none of these has nothing to execute.</summary>
    public bool HasSettings =>
        Background is not null || SameBackground || DefaultGradient || Shadow is not null || EdgeCare > EdgeCare.Standard
        || EdgeComplaint || Tone != ToneChange.None || Format is not null || MaskOnly || !Layout.IsDefault
        || GenericPadding || Presets.Count > 0 || NoPreset || EdgeSoftness is not null || GenericEcommerce;

    /// <summary>What the message says with the chosen settings put over it.</summary>
    public RequestedSettings With(ChosenSettings? chosen) => chosen is null ? this : this with
    {
        Background = chosen.Background ?? Background,
        BackgroundChangeWithoutValue = chosen.Background is null && BackgroundChangeWithoutValue,
        UnknownScene = chosen.Background is null && UnknownScene,
        Shadow = chosen.Shadow ?? Shadow,
        Presets = chosen.Preset switch
        {
            null => Presets,
            ChosenSettings.NoPreset => [],
            var name => [PresetVocabulary.Named(name) ?? throw new ArgumentException($"unknown preset '{name}'", nameof(chosen))],
        },
        NoPreset = chosen.Preset == ChosenSettings.NoPreset || NoPreset,
        EdgeSoftness = chosen.EdgeSoftness ?? EdgeSoftness,
        Format = chosen.Format ?? Format,
    };

    public bool HasAction => Removal || ReuseSettings || HasSettings;
}

/// <summary>Reads the <see cref="RequestedSettings"/> out of a message. Pure functions of the text.</summary>
internal static partial class InstructionReader
{
    public static RequestedSettings Read(InstructionText text)
    {
        var presets = PresetVocabulary.FindAll(text.Words);
        var (background, defaultGradient) = ReadBackground(text);
        var (tone, toneAmount) = ReadTone(text);
        var (format, unsupportedFormat) = ReadFormat(text);
        var (layout, genericPadding) = ReadLayout(text);
        string first = text.Tokens.Count > 0 ? text.Tokens[0] : "";
        return new RequestedSettings
        {
            Undo = text.Has(UndoCue()),
            Removal = text.Has(RemovalCue()),
            ReuseSettings = text.Has(ReuseCue()),
            SameBackground = text.Has(SameBackgroundCue()),
            Background = background,
            DefaultGradient = defaultGradient,
            BackgroundChangeWithoutValue = background is null && text.Has(BackgroundChangeCue()),
            UnknownScene = background is null && text.Has(PlacementCue()),
            Shadow = ReadShadow(text),
            EdgeCare = ReadEdgeCare(text),
            EdgeComplaint = text.Has(EdgeComplaintCue()) && !text.Has(ShadowTone()),
            ShadowStrength = text.Has(ShadowTone()),
            ObjectRemoval = text.Has(ObjectRemovalCue()),
            Tone = tone,
            ToneAmount = toneAmount,
            Format = format,
            UnsupportedFormat = unsupportedFormat,
            MaskOnly = text.Has(MaskCue()),
            Layout = layout,
            GenericPadding = genericPadding,
            Presets = presets,
            GenericEcommerce = presets.Count == 0 && text.Has(EcommerceCue()),
            Mode = text.Has(EcoCue()) ? QualityMode.Eco : text.Has(MaxCue()) ? QualityMode.Max : null,
            IsQuestion = text.EndsWithQuestionMark || QuestionStarters.Contains(first),
            StartsLikeInfoQuestion = text.Has(InfoQuestionStart()),
            Thanks = text.Has(ThanksCue()),
            Confirms = text.Has(ConfirmCue()),
            Declines = text.Has(DeclineCue()),
        };
    }

    private static readonly HashSet<string> QuestionStarters = ["what", "what's", "which", "how", "how's", "why", "when", "where", "who", "does", "do", "is", "are", "can", "could"];

    // ---- background -------------------------------------------------------------------------------

    private static readonly HashSet<string> BackgroundNouns = ["background", "backgrounds", "backdrop", "bg", "canvas", "wall", "setting"];

    /// <summary>Words before a colour that make it the background's ("replace with white", "put it on black").</summary>
    private static readonly HashSet<string> BackgroundTriggers =
    [
        "background", "backgrounds", "backdrop", "bg", "with", "on", "onto", "against", "over", "make", "turn", "fill", "set",
        "to", "into", "in", "colour", "color", "use", "now", "try", "about", "instead", "maybe", "but",
    ];

    /// <summary>Words before a colour that make it the background the photo has now, which is to go.</summary>
    private static readonly HashSet<string> CurrentBackgroundCues =
    [
        "remove", "removing", "erase", "erasing", "delete", "deleting", "eliminate", "rid", "has", "have", "had", "existing",
        "current", "original", "replace", "replacing", "change", "changing", "swap", "from",
    ];

    /// <summary>What may follow a colour that stands alone as an answer or follow-up ("white", "red please").</summary>
    private static readonly HashSet<string> BareColorEndings = [".", "please", "instead", "one", "then", "thanks", "now"];

    /// <summary>Words after a colour that make it the subject's ("white fur", "a red shirt").</summary>
    private static readonly HashSet<string> SubjectNouns =
    [
        "fur", "hair", "hairs", "shirt", "tshirt", "dress", "shoe", "shoes", "jacket", "coat", "hat", "car", "cat", "dog", "bag",
        "handbag", "product", "object", "edges", "edge", "details", "strands", "eyes", "skin", "top", "pants", "jeans", "cup",
        "mug", "bottle", "box", "logo", "text", "border", "outline", "halo", "halos", "fringe", "flowers", "flower", "leaves",
        "feathers", "suit", "sweater", "hoodie", "scarf", "tie", "sneakers", "boots", "watch", "ring", "paint", "lines", "spots",
        "paws", "ears", "nose", "face", "collar", "sleeves", "stripes", "tail", "wings", "petals", "label", "cap", "lid", "handle",
        "strap", "laces", "sole", "buttons", "wheels", "case", "cover", "fabric", "leather",
    ];

    private static (string? Background, bool DefaultGradient) ReadBackground(InstructionText text)
    {
        if (text.Has(BlurCue()))
            return ("blur", false);
        int gradientAt = IndexOfAny(text.Tokens, "gradient", "gradients", "ombre", "fade", "fading");
        if (gradientAt >= 0)
            return ReadGradient(text, gradientAt) is { } gradient ? (gradient, false) : (DefaultGradientCss, true);
        if (FindBackgroundColor(text) is { } color)
            return (ColorVocabulary.ToHex(color), false);
        if (FindScene(text) is { } scene)
            return ("scene:" + scene.Name, false);
        if (text.Has(TransparentCue()))
            return ("transparent", false);
        return (null, false);
    }

    /// <summary>A neutral grey gradient for "a gradient background" with no colours named.</summary>
    private const string DefaultGradientCss = "linear-gradient(to bottom, #4b5563, #d1d5db)";

    private static string? ReadGradient(InstructionText text, int gradientAt)
    {
        var (start, end) = SentenceAround(text.Tokens, gradientAt);
        var colors = new List<RgbColor>();
        for (int i = start; i < end && colors.Count < 2;)
        {
            int used = ColorVocabulary.TryRead(text.Tokens, i, out var color);
            if (used > 0 && i + used <= end)
            {
                if (!colors.Contains(color))
                    colors.Add(color);
                i += used;
            }
            else
            {
                i++;
            }
        }
        if (colors.Count == 0)
            return null;
        // One colour: a gentle fade from it to a lighter tint of itself.
        var to = colors.Count > 1 ? colors[1] : ColorVocabulary.Lighter(colors[0], 0.6);
        return $"linear-gradient({GradientDirection(text)}, {ColorVocabulary.ToHex(colors[0])}, {ColorVocabulary.ToHex(to)})";
    }

    private static string GradientDirection(InstructionText text) =>
        text.Has(LeftToRight()) ? "to right"
        : text.Has(RightToLeft()) ? "to left"
        : text.Has(BottomToTop()) ? "to top"
        : text.Has(Diagonal()) ? "to bottom right"
        : "to bottom";

    /// <summary>
    /// The first colour meant for the new background. A colour whose nearest preceding cue describes the current
    /// background ("remove the white background", "has a white background", "change it from white to blue") is
    /// skipped; one led by a target cue ("with", "on", "to", "make it") or naming a background is taken.
    /// </summary>
    private static RgbColor? FindBackgroundColor(InstructionText text)
    {
        var tokens = text.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            int used = ColorVocabulary.TryRead(tokens, i, out var color);
            if (used == 0)
                continue;
            string next = i + used < tokens.Count ? tokens[i + used] : ".";
            var preceding = PrecedingWords(tokens, i, 5).ToList();
            string? cue = preceding.FirstOrDefault(w => BackgroundTriggers.Contains(w) || CurrentBackgroundCues.Contains(w));
            bool describesCurrent = cue is not null && CurrentBackgroundCues.Contains(cue);
            bool hex = tokens[i].StartsWith('#');
            bool namesBackground = BackgroundNouns.Contains(next);
            bool triggered = cue is not null && !SubjectNouns.Contains(next) && !SceneVocabulary.Words.Contains(next);
            bool bare = preceding.Count == 0 && BareColorEndings.Contains(next);
            if (!describesCurrent && (hex || namesBackground || triggered || bare))
                return color;
            i += used - 1;
        }
        return null;
    }

    /// <summary>Words that put the subject somewhere ("place them in", "on a ... background").</summary>
    private static readonly HashSet<string> PlacementCues =
    [
        "place", "placed", "put", "putting", "set", "background", "backdrop", "scene", "environment", "setting", "in", "on",
        "into", "onto", "at", "against", "like", "with", "to",
    ];

    private static readonly HashSet<string> SceneNouns =
        ["background", "backgrounds", "backdrop", "scene", "setting", "environment", "behind", "look", "vibe", "style", "feel", "atmosphere"];

    /// <summary>Words that make a place part of the photo as it is ("the background of the office chair", "taken in a studio").</summary>
    private static readonly HashSet<string> PhotoDescriptionCues = ["of", "took", "taken", "shot", "photographed", "captured", "snapped"];

    /// <summary>
    /// The first scene named as a place for the subject. A scene word describing the subject ("this winter jacket")
    /// or the photo as it is ("remove the background from this beach photo") does not count: its nearest cue must
    /// be a placement word, or a background noun must follow it, or it opens the sentence (an answer such as "office").
    /// </summary>
    private static SceneVocabulary.Scene? FindScene(InstructionText text)
    {
        var tokens = text.Tokens;
        foreach (var (scene, cue) in SceneVocabulary.Candidates(text.Words))
        {
            for (int i = 0; i < tokens.Count; i++)
            {
                if (!cue.Contains(tokens[i]))
                    continue;
                var preceding = PrecedingWords(tokens, i, 6).ToList();
                string? nearest = preceding.FirstOrDefault(w => PlacementCues.Contains(w) || CurrentBackgroundCues.Contains(w) || PhotoDescriptionCues.Contains(w));
                string next = i + 1 < tokens.Count ? tokens[i + 1] : ".";
                bool placed = nearest is not null && PlacementCues.Contains(nearest) && !SubjectNouns.Contains(next)
                    && !preceding.Any(PhotoDescriptionCues.Contains);
                if (placed || preceding.Count == 0 || FollowingWords(tokens, i, 3).Any(SceneNouns.Contains))
                    return scene;
            }
        }
        return null;
    }

    // ---- shadows ----------------------------------------------------------------------------------

    private static readonly HashSet<string> KeepWords = ["keep", "keeping", "kept", "preserve", "preserving", "preserved", "retain", "retaining", "maintain", "maintaining", "leave", "original", "existing", "natural", "real"];
    private static readonly HashSet<string> RemoveWords = ["no", "without", "remove", "removing", "removed", "delete", "eliminate", "rid", "lose", "exclude", "erase", "minus", "don't", "shadowless"];
    private static readonly HashSet<string> AddWords = ["add", "adding", "create", "put", "give", "include", "cast", "with", "want", "need", "apply"];
    private static readonly HashSet<string> Negations = ["don't", "dont", "not", "no", "never", "without"];
    private static readonly HashSet<string> ContactWords = ["contact", "ground", "floor", "grounding", "base"];
    private static readonly HashSet<string> BelowWords = ["under", "beneath", "below", "underneath"];

    private static ShadowRequest? ReadShadow(InstructionText text)
    {
        var tokens = text.Tokens;
        for (int k = 0; k < tokens.Count; k++)
        {
            if (tokens[k] is "shadowless")
                return ShadowRequest.None;
            if (tokens[k] is not ("shadow" or "shadows"))
                continue;
            string before = k > 0 ? tokens[k - 1] : "";
            var after = FollowingWords(tokens, k, 3).ToList();
            ShadowRequest? style = before == "drop" || after.Contains("behind") ? ShadowRequest.Drop
                : ContactWords.Contains(before) || after.Any(BelowWords.Contains) ? ShadowRequest.Contact
                : null;
            if (after.Any(w => w is "removed" or "gone"))
                return ShadowRequest.None;
            if (after.Any(w => w is "kept" or "preserved" or "intact" or "stay"))
                return ShadowRequest.Keep;
            // The nearest action word before "shadow" decides: "preserving all product details and shadows" keeps,
            // "no drop shadow" removes, "add a soft shadow under it" adds.
            // A negated keep or add ("don't add a shadow", "no need to keep the shadow") removes.
            var preceding = PrecedingWords(tokens, k, 7).ToList();
            for (int j = 0; j < preceding.Count; j++)
            {
                string word = preceding[j];
                if (RemoveWords.Contains(word))
                    return ShadowRequest.None;
                bool keeps = KeepWords.Contains(word);
                if (!keeps && !AddWords.Contains(word))
                    continue;
                if (preceding.Skip(j + 1).Take(3).Any(Negations.Contains))
                    return ShadowRequest.None;
                return keeps ? ShadowRequest.Keep : style ?? ShadowRequest.Drop;
            }
            // "a drop shadow" names what to add; "make the shadow softer" changes nothing we can plan.
            if (style is not null)
                return style;
        }
        return null;
    }

    // ---- edges ------------------------------------------------------------------------------------

    private static EdgeCare ReadEdgeCare(InstructionText text) =>
        text.Has(MaximumEdgeCue()) ? EdgeCare.Maximum
        : text.Has(StrongEdgeCue()) ? EdgeCare.Strong
        : text.Has(FineEdgeCue()) ? EdgeCare.Fine
        : EdgeCare.Standard;

    private static (ToneChange, double) ReadTone(InstructionText text)
    {
        // "make the shadow lighter" is about the shadow, not the background.
        var tone = text.Has(ShadowTone()) ? ToneChange.None
            : text.Has(DarkerCue()) ? ToneChange.Darker
            : text.Has(LighterCue()) ? ToneChange.Lighter
            : ToneChange.None;
        // How far to move towards black or white: a nudge for "a bit", a clear step otherwise, a lot for "much".
        double amount = text.Has(SlightCue()) ? 0.1 : text.Has(StrongCue()) ? 0.35 : 0.2;
        return (tone, tone == ToneChange.None ? 0 : amount);
    }

    // ---- format and layout ------------------------------------------------------------------------

    private static (OutputFormat?, bool Unsupported) ReadFormat(InstructionText text)
    {
        OutputFormat? chosen = null;
        var tokens = text.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            OutputFormat? format = tokens[i] switch
            {
                "png" => OutputFormat.Png,
                "webp" => OutputFormat.WebP,
                "jpeg" or "jpg" => OutputFormat.Jpeg,
                _ => null,
            };
            // "convert this jpg to png": the format it comes from is not the one asked for.
            if (format is not null && (i == 0 || tokens[i - 1] is not ("from" or "this" or "my" or "original")))
                chosen = format;
        }
        bool unsupported = chosen is null && text.HasAny("gif", "tiff", "tif", "bmp", "svg", "heic", "avif", "psd");
        return (chosen, unsupported);
    }

    private static (LayoutHints, bool GenericPadding) ReadLayout(InstructionText text)
    {
        var layout = LayoutHints.Default;
        if (text.Has(CenterCue()))
            layout = layout with { Center = true };
        if (text.Has(CropCue()))
            layout = layout with { CropToSubject = true };
        if (Match(text, FillPercent()) is { } fill)
            layout = layout with { Fill = Math.Clamp(Number(fill, "n") / 100.0, 0.05, 1.0) };
        if (Match(text, PaddingPercent()) is { } paddingPercent)
            layout = layout with { PaddingRatio = Math.Clamp(Number(paddingPercent, "n") / 100.0, 0, 0.45) };
        else if (Match(text, PaddingPixels()) is { } paddingPixels)
            layout = layout with { PaddingPixels = (int)Number(paddingPixels, "n") };
        if (Match(text, Dimensions()) is { } size)
            layout = layout with { Width = (int)Number(size, "w"), Height = (int)Number(size, "h") };
        else
        {
            if (Match(text, WidthCue()) is { } width)
                layout = layout with { Width = (int)Number(width, "n") };
            if (Match(text, HeightCue()) is { } height)
                layout = layout with { Height = (int)Number(height, "n") };
        }
        if (Match(text, AspectRatioCue()) is { } ratio)
            layout = layout with { AspectRatio = $"{Number(ratio, "w")}:{Number(ratio, "h")}" };
        else if (text.HasAny("square"))
            layout = layout with { AspectRatio = "1:1" };
        bool genericPadding = layout.PaddingRatio is null && layout.PaddingPixels is null && text.Has(GenericPaddingCue());
        return (layout, genericPadding);
    }

    private static Match? Match(InstructionText text, Regex pattern) => pattern.Match(text.Text) is { Success: true } m ? m : null;

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    // ---- token helpers ----------------------------------------------------------------------------

    private static int IndexOfAny(IReadOnlyList<string> tokens, params string[] words)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (words.Contains(tokens[i]))
                return i;
        }
        return -1;
    }

    /// <summary>The sentence containing token <paramref name="index"/>, as [start, end).</summary>
    private static (int Start, int End) SentenceAround(IReadOnlyList<string> tokens, int index)
    {
        int start = index;
        while (start > 0 && tokens[start - 1] != ".")
            start--;
        int end = index;
        while (end < tokens.Count && tokens[end] != ".")
            end++;
        return (start, end);
    }

    /// <summary>Up to <paramref name="count"/> words before <paramref name="index"/>, nearest first, not crossing a sentence end.</summary>
    private static IEnumerable<string> PrecedingWords(IReadOnlyList<string> tokens, int index, int count)
    {
        for (int i = index - 1; i >= 0 && i >= index - count && tokens[i] != "."; i--)
            yield return tokens[i];
    }

    private static IEnumerable<string> FollowingWords(IReadOnlyList<string> tokens, int index, int count)
    {
        for (int i = index + 1; i < tokens.Count && i <= index + count && tokens[i] != "."; i++)
            yield return tokens[i];
    }

    // ---- phrase cues (matched against " token token ... ", so a leading/trailing space marks a word boundary) ----

    [GeneratedRegex(@" (undo|revert|rollback|unde) | go back | back to (the )?(previous|last|earlier|original|old)\b| (previous|last|earlier|old) version | take (that|it) back | restore (the )?(previous|earlier|last|old) ")]
    private static partial Regex UndoCue();

    [GeneratedRegex(@" (remove|removing|removed|removal|erase|erasing|delete|deleting|isolate|isolated|extract|extracting|cutout|cutouts|cut|strip|eliminate|knock|separate) | get rid of | take out | no background ")]
    private static partial Regex RemovalCue();

    [GeneratedRegex(@" same (but|except|with|again|thing|things)\b| same (settings|setting|approach|way|style|options|process|treatment|look|edits|parameters|as (before|previously|last time|the (last|previous|first|other)( one)?))\b| as before | like before | like (the )?(last|previous|other|first) (one|image|photo|time)| as (last time|previously) | do (the same|it again) ")]
    private static partial Regex ReuseCue();

    [GeneratedRegex(@" same (background|bg|backdrop|colour|color|scene) ")]
    private static partial Regex SameBackgroundCue();

    [GeneratedRegex(@" (change|replace|swap|switch|new|different|another|other) (the |a |my |this )?(background|backdrop|bg) ")]
    private static partial Regex BackgroundChangeCue();

    // "put him in a hotel lobby", but not "place it in the middle" (layout) nor "put a drop shadow on it".
    [GeneratedRegex(@" (place|put|set|position|composite|show) (\w+ ){0,3}(in|into|inside|at|on|onto|against) (?!(the |a )?(middle|center|centre|corner|frame|canvas|left|right|top|bottom|it|them|this|that|him|her|me|us)\b)")]
    private static partial Regex PlacementCue();

    [GeneratedRegex(@" bokeh (effect|blur|style) | depth of field | (blur|blurred|blurry|defocus|defocused|soften) (of )?(the |my |its |a )?(original )?(background|backdrop|bg)| (background|backdrop|bg) (blur|blurred|blurry)\b| (keep|leave) (the )?(background|backdrop) (but|and) (blur|blurred)")]
    private static partial Regex BlurCue();

    [GeneratedRegex(@" (transparent|transparency|alpha|clear background|no background|without (a |any )?background|isolated|cutout) ")]
    private static partial Regex TransparentCue();

    [GeneratedRegex(@" left to right | horizontal| horizontally ")]
    private static partial Regex LeftToRight();

    [GeneratedRegex(@" right to left ")]
    private static partial Regex RightToLeft();

    [GeneratedRegex(@" bottom to top | (bottom|below) up ")]
    private static partial Regex BottomToTop();

    [GeneratedRegex(@" diagonal| diagonally ")]
    private static partial Regex Diagonal();

    [GeneratedRegex(@" (white|blonde|platinum|grey|gray|silver) (fur|hair|hairs|coat|feathers) | translucent | transparent (object|objects|glass|bottle|bottles|parts|material|plastic|vase|cup|liquid)| (glass|glassware|veil|veils|smoke|tulle|sheer|chiffon|bubbles) ")]
    private static partial Regex MaximumEdgeCue();

    [GeneratedRegex(@" (curly|frizzy|flyaway|flyaways|wispy|wisps|fur|furry|fluffy|fuzzy|feather|feathers|feathered|whiskers|afro|mane|plush|wool|woolly|strands|curls|dreadlocks|braids|lace|mesh) ")]
    private static partial Regex StrongEdgeCue();

    [GeneratedRegex(@" (hair|hairs|hairstyle|hairline|ponytail|beard|eyelashes|lashes|jewelry|jewellery|chain|necklace|earrings|glasses|eyeglasses|spokes|leaves|plants|intricate|delicate) | fine (detail|details|edge|edges|lines)| (fine|complex|detailed|difficult|tricky) edges | refine (the )?edges ")]
    private static partial Regex FineEdgeCue();

    [GeneratedRegex(@" (rough|jagged|harsh|choppy|pixelated|pixely|blocky|aliased|messy|uneven|ragged|grainy|blotchy|crude|smoother|smooth|smoothen|smoothed|refine|refined|soften|softer|cleaner|halo|halos|haloing|fringe|fringing|artifacts|artefacts|leftover|leftovers) | clean (it |them |this )?up | more (natural|precise|accurate|careful|detailed) | (cut off|chopped off|missing|missed) ")]
    private static partial Regex EdgeComplaintCue();

    [GeneratedRegex(@" shadows? (\w+ ){0,2}(darker|deeper|dimmer|lighter|brighter|paler|softer|harder)| (darker|deeper|lighter|softer|harder|stronger|weaker) shadows? | (darken|lighten|soften) (the )?shadows? ")]
    private static partial Regex ShadowTone();

    [GeneratedRegex(@" (remove|erase|delete|get rid of) (the |all |any |those |these |that |this )?(\w+ )?(people|person|persons|text|texts|watermark|watermarks|logo|logos|object|objects|blemish|blemishes|wires|car|cars|crowd|tourists|pimples|wrinkles|spots|scratches|dust|reflections?) ")]
    private static partial Regex ObjectRemovalCue();

    [GeneratedRegex(@" (darker|deeper|dimmer|darken) ")]
    private static partial Regex DarkerCue();

    [GeneratedRegex(@" (lighter|brighter|paler|lighten|brighten) ")]
    private static partial Regex LighterCue();

    [GeneratedRegex(@" (a (little )?bit|slightly|a little|a touch|somewhat|little|tad|bit) ")]
    private static partial Regex SlightCue();

    [GeneratedRegex(@" (much|lot|way|significantly|really|considerably|far) ")]
    private static partial Regex StrongCue();

    [GeneratedRegex(@" (alpha|black and white|grayscale|greyscale|binary|segmentation|just the|only the|just a|only a) (mask|matte) | (mask|matte) only | (create|make|give|export|output|generate|want|need|get|return|send) (me )?(a |an |the |just the |only the )?(alpha )?(mask|matte) ")]
    private static partial Regex MaskCue();

    [GeneratedRegex(@" (center|centre|centered|centred|centering|centring|middle) ")]
    private static partial Regex CenterCue();

    [GeneratedRegex(@" (crop|cropped|trim|trimmed) | tight (crop|framing|fit) ")]
    private static partial Regex CropCue();

    [GeneratedRegex(@" (fill|fills|filling|fill of|occupy|occupies|occupying|cover|covers|covering) (about |around |roughly |approximately )?(?<n>\d{1,3}) ?% | (?<n>\d{1,3}) ?% (of the )?(frame|canvas|image|picture|fill|area)")]
    private static partial Regex FillPercent();

    [GeneratedRegex(@" (?<n>\d{1,2}) ?% (padding|margin|margins|border|space|whitespace)| (padding|margin|margins|border|space) of (?<n>\d{1,2}) ?% ")]
    private static partial Regex PaddingPercent();

    [GeneratedRegex(@" (?<n>\d{1,4}) ?(px|pixels?|pixel) (of )?(padding|margin|margins|border|space)| (padding|margin|margins|border) of (?<n>\d{1,4}) ?(px|pixels?) ")]
    private static partial Regex PaddingPixels();

    [GeneratedRegex(@" (some|little|more|extra|bit of|add|with|generous|breathing) (padding|margin|margins|room|whitespace|space around)")]
    private static partial Regex GenericPaddingCue();

    [GeneratedRegex(@" (?<w>\d{2,5}) ?(px |pixels )?(x|by) ?(?<h>\d{2,5})( ?px| pixels)? ")]
    private static partial Regex Dimensions();

    [GeneratedRegex(@" (?<n>\d{2,5}) ?(px|pixels?) (wide|width|across)| width (of )?(?<n>\d{2,5}) ?(px|pixels?)? ")]
    private static partial Regex WidthCue();

    [GeneratedRegex(@" (?<n>\d{2,5}) ?(px|pixels?) (tall|high|height)| height (of )?(?<n>\d{2,5}) ?(px|pixels?)? ")]
    private static partial Regex HeightCue();

    [GeneratedRegex(@" (?<w>\d{1,2}):(?<h>\d{1,2}) ")]
    private static partial Regex AspectRatioCue();

    [GeneratedRegex(@" (ecommerce|marketplace|webshop|web shop|online (store|shop)|product listing|listing photo|catalog|catalogue) ")]
    private static partial Regex EcommerceCue();

    [GeneratedRegex(@" (eco|quick|quickly|fast|faster|draft|cheap|preview|previews|speed) ")]
    private static partial Regex EcoCue();

    [GeneratedRegex(@" (best|highest|maximum|max|top|premium|high|professional) quality | production | (max|maximum) mode ")]
    private static partial Regex MaxCue();

    // Questions about the service rather than requests: "what formats...", "does it work with...", "can you handle gradients?"
    // ("what about a blue background?" and "can you make it white?" are requests).
    [GeneratedRegex(@"^ (what|what's|which|how|how's|why|when|where|who|is there|are there|is it|are you|do you|does|do i|can it|will it|could it|(can|could) you (do|handle|support|work with|deal with|manage|process)(?! (it|this|these|them|that|my) ))\b(?! about)")]
    private static partial Regex InfoQuestionStart();

    [GeneratedRegex(@" (thanks|thank you|thx|cheers|appreciate|appreciated) ")]
    private static partial Regex ThanksCue();

    [GeneratedRegex(@"^ (yes|yeah|yep|yup|sure|ok|okay|go ahead|do it|proceed|confirm|confirmed|sounds good|looks good|please do|go for it|let's go|lets go|approved|correct|perfect)\b")]
    private static partial Regex ConfirmCue();

    [GeneratedRegex(@"^ (no|nope|cancel|stop|never mind|nevermind|don't|do not|forget it|abort)\b")]
    private static partial Regex DeclineCue();
}
