using System.Text.RegularExpressions;

namespace Cutout.Chat.Planning;

/// <summary>What a message says about shadows: keep the photo's, remove them, or add a drop or contact shadow.</summary>
internal static partial class ShadowReader
{
    private static readonly HashSet<string> KeepWords = ["keep", "keeping", "kept", "preserve", "preserving", "preserved", "retain", "retaining", "maintain", "maintaining", "leave", "original", "existing", "natural", "real"];
    private static readonly HashSet<string> RemoveWords = ["no", "without", "remove", "removing", "removed", "delete", "eliminate", "rid", "lose", "exclude", "erase", "minus", "don't", "shadowless"];
    private static readonly HashSet<string> AddWords = ["add", "adding", "create", "put", "give", "include", "cast", "with", "want", "need", "apply"];
    private static readonly HashSet<string> Negations = ["don't", "dont", "not", "no", "never", "without"];
    private static readonly HashSet<string> ContactWords = ["contact", "ground", "floor", "grounding", "base"];
    private static readonly HashSet<string> BelowWords = ["under", "beneath", "below", "underneath"];

    public static ShadowRequest? Read(InstructionText text)
    {
        var tokens = text.Tokens;
        for (int k = 0; k < tokens.Count; k++)
        {
            if (tokens[k] is "shadowless")
                return ShadowRequest.None;
            if (tokens[k] is not ("shadow" or "shadows"))
                continue;
            string before = k > 0 ? tokens[k - 1] : "";
            var after = TokenWindow.FollowingWords(tokens, k, 3).ToList();
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
            var preceding = TokenWindow.PrecedingWords(tokens, k, 7).ToList();
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

    [GeneratedRegex(@" shadows? (\w+ ){0,2}(darker|deeper|dimmer|lighter|brighter|paler|softer|harder)| (darker|deeper|lighter|softer|harder|stronger|weaker) shadows? | (darken|lighten|soften) (the )?shadows? ")]
    internal static partial Regex ShadowTone();
}
