using System.Collections.Frozen;

namespace Cutout.Chat.Planning;

/// <summary>
/// The words the planner reacts to, and the typo corrector that maps a misspelt word onto them.
/// A word is corrected only when it is not an ordinary English word itself ("while" must not become
/// "white") and lies within a small edit distance of exactly one best keyword.
/// </summary>
internal static class Vocabulary
{
    /// <summary>Words the planner's rules look for; typos are corrected towards these.</summary>
    private static readonly string[] Keywords =
    [
        "background", "backgrounds", "backdrop", "transparent", "transparency", "translucent", "remove", "removal", "removing",
        "erase", "delete", "isolate", "extract", "cutout", "replace", "change", "place", "put", "shadow", "shadows", "shadowless",
        "keep", "preserve", "preserving", "retain", "maintain", "without", "gradient", "blur", "blurred", "blurry", "bokeh",
        "hair", "hairs", "curly", "frizzy", "flyaway", "strands", "wispy", "fur", "furry", "fluffy", "feathers", "whiskers",
        "glass", "edges", "edge", "details", "smooth", "smoother", "smoothen", "refine", "rough", "jagged", "cleaner", "halo", "halos",
        "fringe", "fringing", "natural", "darker", "lighter", "brighter", "export", "output", "format", "formats", "quality",
        "centered", "centred", "center", "centre", "padding", "margin", "square", "crop", "trim", "fill", "pixels", "wide", "tall",
        "undo", "revert", "previous", "before", "same", "settings", "approach", "again", "consistent", "original", "result",
        "portrait", "product", "photo", "picture", "image", "images", "selfie", "profile", "headshot", "listing", "ecommerce",
        "marketplace", "please", "thanks", "thank", "could", "would", "support", "supported", "preview", "quick", "fast",
        "contact", "ground", "floor", "drop", "mask", "alpha", "matte", "solid", "plain", "color", "colour", "scene",
        "environment", "professional", "png", "jpeg", "jpg", "webp", "cancel", "proceed", "ahead", "highest", "best",
    ];

    /// <summary>Common words that must stay as they are even though they are one edit from a keyword.</summary>
    private static readonly string[] CommonWords =
    [
        "the", "a", "an", "and", "or", "but", "if", "then", "than", "that", "this", "these", "those", "there", "their",
        "they", "them", "it", "its", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does",
        "did", "done", "doing", "will", "shall", "should", "can", "may", "might", "must", "of", "to", "in", "on", "at",
        "by", "for", "from", "with", "into", "onto", "over", "under", "about", "above", "below", "behind", "around",
        "between", "through", "while", "whilst", "which", "what", "when", "where", "who", "whom", "whose", "why", "how",
        "all", "any", "some", "each", "every", "both", "few", "more", "most", "other", "such", "only", "own", "so", "too",
        "very", "just", "also", "not", "no", "nor", "now", "here", "out", "up", "down", "off", "make", "made", "makes",
        "take", "took", "taken", "give", "gave", "get", "got", "set", "let", "see", "look", "looks", "looking", "like",
        "want", "need", "needs", "use", "used", "using", "work", "works", "help", "show", "tell", "ask", "try", "turn",
        "move", "call", "come", "go", "going", "went", "know", "think", "right", "left", "light", "lighting", "night",
        "sight", "tight", "fight", "bright", "whale", "whole", "white", "write", "side", "site", "size", "sized", "line",
        "lines", "lime", "time", "fine", "find", "kind", "mind", "bind", "hard", "soft", "cat", "dog", "pet", "man",
        "woman", "person", "people", "face", "head", "body", "hand", "hands", "arm", "arms", "shirt", "dress", "shoe",
        "shoes", "bag", "handbag", "watch", "ring", "glasses", "class", "grass", "gloss", "glossy", "cross", "pair", "fair",
        "air", "chair", "hat", "coat", "boat", "goat", "car", "bike", "cup", "mug", "bottle", "plant", "plants", "leaf",
        "leaves", "tree", "trees", "flower", "flowers", "food", "good", "great", "nice", "better", "bit", "little", "lot",
        "much", "many", "new", "old", "big", "small", "large", "long", "short", "high", "low", "full", "half", "one", "two",
        "three", "first", "second", "third", "last", "next", "different", "another", "still", "even", "well", "way", "ways",
        "part", "parts", "sides", "top", "bottom", "front", "back", "store", "shop", "sale", "sell", "post", "page", "web",
        "website", "social", "media", "design", "figma", "photoshop", "canva", "user", "case", "cases", "clean", "clear",
        "crisp", "sharp", "shape", "share", "shade", "shades", "shadowy", "shallow", "shower", "window", "windows", "widow",
        "modern", "model", "models", "mode", "modes", "moved", "mood", "road", "red", "green", "blue", "blues", "glue",
        "true", "tone", "tones", "gone", "none", "node", "note", "notes", "hire", "hear", "heir", "hail", "hall", "hold",
        "gold", "bold", "cold", "told", "fold", "rose", "nose", "rise", "role", "roll", "real", "deal", "feel", "fell",
        "film", "pill", "wall", "ball", "talk", "walk", "wake", "wave", "save", "came", "game", "name", "frame", "framed",
        "flame", "fame", "placed", "space", "spaced", "race", "lace", "pace", "peace", "piece", "price", "prize", "print",
        "point", "paint", "faint", "saint", "plane", "plan", "plans", "planned", "brain", "train", "rain", "gain", "agent",
        "asks", "asked", "task", "masks", "mark", "dark", "park", "bark", "bar", "cart", "card", "care", "core", "sure",
        "pure", "cure", "lure", "hedge", "ledge", "wedge", "paper", "super", "upper", "letter", "later", "water", "winter",
        "enter", "entire", "entry", "retry", "after", "results", "resolution", "solution", "origin", "final", "finish",
        "smoothly", "gently", "quickly", "slightly", "nicely", "really", "actually", "exactly", "today", "hello", "hi",
        "hey", "yes", "yeah", "yep", "okay", "ok", "cool", "awesome", "perfect", "lovely", "wonderful", "amazing", "kindly",
        "appreciate", "appreciated", "possible", "able", "you", "your", "yours", "me", "my", "mine", "we", "our", "us", "i",
        "he", "she", "him", "her", "his", "hers", "ready", "listings", "require", "requirements", "required", "meet",
        "meets", "rules", "rule", "guideline", "guidelines", "standard", "standards", "compliant", "nature", "feature",
        "features", "future", "texture", "pictures", "capture", "photos", "shot", "shots", "cutouts", "cutting", "cut",
        "cuts", "puts", "putting", "butt", "hut", "cute", "mute", "route", "brute", "created", "create", "creates", "crate",
        "treat", "edit", "edits", "edited", "editing", "exit", "emit", "expert", "import", "report", "sport", "sort",
        "port", "fort", "form", "forms", "formal", "normal", "norm", "warm", "worm", "storm", "frozen", "fresh", "flesh",
        "flash", "level", "levels", "lever", "never", "ever", "event", "vary", "various", "variant", "version", "versions",
        "earlier", "latest", "recent", "recently", "outline", "outlines", "online", "offline", "inline", "align", "aligned",
        "alignment", "sign", "designs", "assign", "ensure", "insure", "measure", "pleasure",
    ];

    private static readonly FrozenSet<string> Targets =
        Keywords.Concat(ColorVocabulary.Words).Concat(SceneVocabulary.Words).Concat(PresetVocabulary.Words)
            .Where(word => word.Length >= 4).Distinct().ToFrozenSet();

    private static readonly FrozenSet<string> Known =
        Keywords.Concat(CommonWords).Concat(ColorVocabulary.Words).Concat(SceneVocabulary.Words).Concat(PresetVocabulary.Words)
            .ToFrozenSet();

    // Targets in a fixed order so a tie between two equally close keywords is broken the same way every time.
    private static readonly string[] OrderedTargets = [.. Targets.Order(StringComparer.Ordinal)];

    /// <summary>The keyword a misspelt word stands for, or the word itself.</summary>
    public static string Correct(string word)
    {
        if (word.Length < 4 || Known.Contains(word) || word.Any(char.IsDigit))
            return word;
        // One slip in a short word, two in a long one: "wihte" (5) is one transposition from "white",
        // "trasnparant" (11) two edits from "transparent"; allowing two edits in short words would turn
        // ordinary words into keywords.
        int allowed = word.Length >= 7 ? 2 : 1;
        string? best = null;
        int bestDistance = allowed + 1;
        bool tie = false;
        foreach (string target in OrderedTargets)
        {
            if (Math.Abs(target.Length - word.Length) > allowed)
                continue;
            int distance = EditDistance(word, target, bestDistance);
            if (distance < bestDistance)
            {
                best = target;
                bestDistance = distance;
                tie = false;
            }
            else if (distance == bestDistance && best is not null && !SameStem(best, target))
            {
                tie = true;
            }
        }
        return best is not null && !tie ? best : word;
    }

    /// <summary>
    /// "shadow"/"shadows", "blur"/"blurry", "center"/"centred" are the same choice, so a tie between them is no
    /// real ambiguity; keywords that share their first four letters always mean the same thing here.
    /// </summary>
    private static bool SameStem(string a, string b) => string.CompareOrdinal(a, 0, b, 0, 4) == 0;

    /// <summary>
    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions, the commonest typing slip),
    /// giving up early once every path exceeds <paramref name="limit"/>.
    /// </summary>
    internal static int EditDistance(string a, string b, int limit)
    {
        // b is a vocabulary keyword (at most a dozen letters), so the rows fit on the stack.
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMinimum = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }
            if (rowMinimum > limit)
                return limit + 1;
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }
}
