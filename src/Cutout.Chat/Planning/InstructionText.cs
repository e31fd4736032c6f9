using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cutout.Chat.Planning;

/// <summary>
/// A message reduced to lowercase word tokens with typos of the planner's vocabulary corrected
/// ("backgroud" → "background", "wihte" → "white"). Sentence ends become "." tokens so cues do not
/// leak from one sentence into the next; hex colours and rgb() become "#rrggbb" tokens.
/// </summary>
internal sealed partial class InstructionText
{
    private InstructionText(string original, IReadOnlyList<string> tokens)
    {
        Original = original;
        Tokens = tokens;
        Words = tokens.ToHashSet();
        Text = " " + string.Join(' ', tokens) + " ";
    }

    public string Original { get; }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlySet<string> Words { get; }

    /// <summary>The tokens joined by single spaces, with a space at each end, for phrase regexes.</summary>
    public string Text { get; }

    /// <summary>True when the message (not counting trailing sentence marks) ends with a question mark.</summary>
    public bool EndsWithQuestionMark => Original.TrimEnd().TrimEnd('.', '!', ' ').EndsWith('?');

    public bool Has(Regex pattern) => pattern.IsMatch(Text);

    public bool HasAny(params string[] words) => words.Any(Words.Contains);

    public static InstructionText Parse(string message)
    {
        string text = message.ToLowerInvariant().Normalize(NormalizationForm.FormKC);
        text = RgbFunction().Replace(text, m => "#" + string.Concat(
            Enumerable.Range(1, 3).Select(i => Math.Clamp(int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture), 0, 255).ToString("x2", CultureInfo.InvariantCulture))));
        text = text.Replace('’', '\'').Replace('×', 'x').Replace("&", " and ");
        text = SentenceEnd().Replace(text, " . ");
        text = NotWordCharacter().Replace(text, " ");

        var tokens = new List<string>();
        var corrections = new Dictionary<string, string>();
        foreach (string raw in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string token = raw.Trim('\'');
            if (token.Length == 0)
                continue;
            if (token.StartsWith('#') || token == "." || token == "%")
            {
                tokens.Add(token);
                continue;
            }
            if (!corrections.TryGetValue(token, out string? corrected))
                corrections[token] = corrected = Vocabulary.Correct(token);
            tokens.Add(corrected);
        }
        return new InstructionText(message, Join(tokens));
    }

    /// <summary>Rejoins words people split or hyphenate ("back ground", "e-commerce", "linked in", "cut out").</summary>
    private static List<string> Join(List<string> tokens)
    {
        var joined = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string? pair = i + 1 < tokens.Count ? Compounds.GetValueOrDefault((tokens[i], tokens[i + 1])) : null;
            if (pair is not null)
            {
                joined.Add(pair);
                i++;
            }
            else
            {
                joined.Add(tokens[i]);
            }
        }
        return joined;
    }

    private static readonly Dictionary<(string, string), string> Compounds = new()
    {
        [("back", "ground")] = "background",
        [("back", "drop")] = "backdrop",
        [("e", "commerce")] = "ecommerce",
        [("linked", "in")] = "linkedin",
        [("cut", "out")] = "cutout",
        [("see", "through")] = "translucent",
        [("semi", "transparent")] = "translucent",
        [("fly", "away")] = "flyaway",
        [("fly", "aways")] = "flyaway",
        [("off", "center")] = "offcenter",
        [("e", "bay")] = "ebay",
    };

    // rgb(255, 128, 0), rgb(255 128 0) and "RGB 240 240 240".
    [GeneratedRegex(@"rgb\s*\(?\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*\)?")]
    private static partial Regex RgbFunction();

    // A sentence ends at . ! ? ; followed by space or the end (not the dot inside "2.5" or a URL, nor the one of
    // "e.g." or "i.e.").
    [GeneratedRegex(@"(?<!\b(?:e\.g|i\.e|etc|vs))[.!?;]+(?=\s|$)|\n")]
    private static partial Regex SentenceEnd();

    // Keeps letters, digits, # (hex colours), % (fill, padding), the dot of "2.5", ':' between digits (aspect ratios
    // such as 4:3) and the apostrophe inside words ("don't").
    [GeneratedRegex(@"[^a-z0-9#%.:'\s]|(?<!\d):|:(?!\d)|(?<![a-z0-9])'|'(?![a-z])")]
    private static partial Regex NotWordCharacter();
}
