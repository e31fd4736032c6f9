using System.Text.RegularExpressions;
using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>
/// The background a message asks for: a colour, a gradient, a blur, a scene or transparency, and "a bit darker".
/// A colour or place describing the photo as it is or the subject ("remove the white background", "white fur") is not one.
/// </summary>
internal static partial class BackgroundReader
{
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

    /// <summary>The background asked for, or null; DefaultGradient when a gradient was asked for without colours.</summary>
    public static (BackgroundSpec? Background, bool DefaultGradient) Read(InstructionText text)
    {
        if (text.Has(BlurCue()))
            return (new BlurBackground(null), false);
        int gradientAt = TokenWindow.IndexOfAny(text.Tokens, "gradient", "gradients", "ombre", "fade", "fading");
        if (gradientAt >= 0)
            return ReadGradient(text, gradientAt) is { } gradient ? (gradient, false) : (DefaultGradient, true);
        if (FindBackgroundColor(text) is { } color)
            return (new SolidBackground(color), false);
        if (FindScene(text) is { } scene)
            return (new SceneBackground(scene.Preset), false);
        if (text.Has(TransparentCue()))
            return (BackgroundSpec.Transparent, false);
        return (null, false);
    }

    /// <summary>A neutral grey gradient for "a gradient background" with no colours named.</summary>
    private static readonly GradientBackground DefaultGradient = LinearGradient(180f, new RgbColor(0x4b, 0x55, 0x63), new RgbColor(0xd1, 0xd5, 0xdb));

    private static GradientBackground LinearGradient(float angle, RgbColor from, RgbColor to) =>
        new(GradientShape.Linear, angle, [new GradientStop(from, 1f, null), new GradientStop(to, 1f, null)]);

    private static GradientBackground? ReadGradient(InstructionText text, int gradientAt)
    {
        var (start, end) = TokenWindow.SentenceAround(text.Tokens, gradientAt);
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
        return LinearGradient(GradientDirection(text), colors[0], to);
    }

    /// <summary>The gradient's CSS angle: 90 runs to the right, 270 to the left, 0 up, 135 to the bottom right, 180 down.</summary>
    private static float GradientDirection(InstructionText text) =>
        text.Has(LeftToRight()) ? 90f
        : text.Has(RightToLeft()) ? 270f
        : text.Has(BottomToTop()) ? 0f
        : text.Has(Diagonal()) ? 135f
        : 180f;

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
            var preceding = TokenWindow.PrecedingWords(tokens, i, 5).ToList();
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
                var preceding = TokenWindow.PrecedingWords(tokens, i, 6).ToList();
                string? nearest = preceding.FirstOrDefault(w => PlacementCues.Contains(w) || CurrentBackgroundCues.Contains(w) || PhotoDescriptionCues.Contains(w));
                string next = i + 1 < tokens.Count ? tokens[i + 1] : ".";
                bool placed = nearest is not null && PlacementCues.Contains(nearest) && !SubjectNouns.Contains(next)
                    && !preceding.Any(PhotoDescriptionCues.Contains);
                if (placed || preceding.Count == 0 || TokenWindow.FollowingWords(tokens, i, 3).Any(SceneNouns.Contains))
                    return scene;
            }
        }
        return null;
    }

    /// <summary>"a bit darker", "much lighter": how the background's tone should change, or null.</summary>
    public static ToneShift? ReadTone(InstructionText text)
    {
        ToneChange? direction = text.Has(DarkerCue()) ? ToneChange.Darker : text.Has(LighterCue()) ? ToneChange.Lighter : null;
        // How far to move towards black or white: a nudge for "a bit", a clear step otherwise, a lot for "much".
        double amount = text.Has(SlightCue()) ? 0.1 : text.Has(StrongCue()) ? 0.35 : 0.2;
        return direction is { } d ? new ToneShift(d, amount) : null;
    }

    [GeneratedRegex(@" (change|replace|swap|switch|new|different|another|other) (the |a |my |this )?(background|backdrop|bg) ")]
    internal static partial Regex BackgroundChangeCue();

    // "put him in a hotel lobby", but not "place it in the middle" (layout) nor "put a drop shadow on it".
    [GeneratedRegex(@" (place|put|set|position|composite|show) (\w+ ){0,3}(in|into|inside|at|on|onto|against) (?!(the |a )?(middle|center|centre|corner|frame|canvas|left|right|top|bottom|it|them|this|that|him|her|me|us)\b)")]
    internal static partial Regex PlacementCue();

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

    [GeneratedRegex(@" (darker|deeper|dimmer|darken) ")]
    private static partial Regex DarkerCue();

    [GeneratedRegex(@" (lighter|brighter|paler|lighten|brighten) ")]
    private static partial Regex LighterCue();

    [GeneratedRegex(@" (a (little )?bit|slightly|a little|a touch|somewhat|little|tad|bit) ")]
    private static partial Regex SlightCue();

    [GeneratedRegex(@" (much|lot|way|significantly|really|considerably|far) ")]
    private static partial Regex StrongCue();
}
