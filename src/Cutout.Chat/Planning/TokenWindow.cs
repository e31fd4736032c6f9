namespace Cutout.Chat.Planning;

/// <summary>Positions and neighbourhoods in a message's tokens; a sentence end (".") bounds every window.</summary>
internal static class TokenWindow
{
    public static int IndexOfAny(IReadOnlyList<string> tokens, params string[] words)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (words.Contains(tokens[i]))
                return i;
        }
        return -1;
    }

    /// <summary>The sentence containing token <paramref name="index"/>, as [start, end).</summary>
    public static (int Start, int End) SentenceAround(IReadOnlyList<string> tokens, int index)
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
    public static IEnumerable<string> PrecedingWords(IReadOnlyList<string> tokens, int index, int count)
    {
        for (int i = index - 1; i >= 0 && i >= index - count && tokens[i] != "."; i--)
            yield return tokens[i];
    }

    public static IEnumerable<string> FollowingWords(IReadOnlyList<string> tokens, int index, int count)
    {
        for (int i = index + 1; i < tokens.Count && i <= index + count && tokens[i] != "."; i++)
            yield return tokens[i];
    }
}
