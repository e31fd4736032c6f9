namespace Cutout.Chat.Planning;

/// <summary>
/// Turns a catalogue's names and aliases into cues: word sets that call an entry up when every word occurs in a
/// message ("golden hour"). A cue that contains a shorter one ("photo studio" beside "studio") is dropped: it would
/// match nothing more, but each of its extra words ("photo") would be one more place for the reader to find the
/// entry named in a sentence that is about something else.
/// </summary>
internal static class Cues
{
    public static IReadOnlyList<string[]> From(IEnumerable<string> phrases)
    {
        var cues = phrases.Select(Words).DistinctBy(cue => string.Join(' ', cue)).ToList();
        return [.. cues.Where(cue => !cues.Any(shorter => shorter.Length < cue.Length && shorter.All(cue.Contains)))];
    }

    private static string[] Words(string phrase) =>
        phrase.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
}
