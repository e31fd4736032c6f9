namespace Cutout.Chat.Planning;

/// <summary>
/// The scene presets a background can name (<c>scene:NAME</c>): the compositor's scene library (docs/presets.md),
/// with the words that call each one up. A scene is a candidate when every word of one of its cues occurs in the
/// message; a place we have no scene for is asked about rather than guessed.
/// </summary>
public static class SceneVocabulary
{
    public sealed record Scene(string Name, string Description, IReadOnlyList<string[]> Cues);

    public static IReadOnlyList<Scene> All { get; } =
    [
        new("beach-sunset", "a beach at sunset", [["beach"], ["sunset"], ["seaside"], ["ocean"], ["sea"], ["shore"], ["tropical"], ["golden", "hour"]]),
        new("office", "a bright modern office with window light", [["office"], ["workplace"], ["workspace"], ["coworking"], ["boardroom"], ["corporate"]]),
        new("studio", "a light-grey photo studio sweep", [["studio"], ["seamless"]]),
        new("sky", "a soft blue sky with faint clouds", [["sky"], ["clouds"]]),
        new("bokeh", "a dark backdrop with out-of-focus lights", [["bokeh"], ["city", "lights"], ["night", "lights"], ["party"]]),
    ];

    /// <summary>Every word of every cue.</summary>
    public static IReadOnlySet<string> Words { get; } = All.SelectMany(s => s.Cues).SelectMany(cue => cue).ToHashSet();

    /// <summary>
    /// Scenes whose cue words all occur in <paramref name="words"/>, most specific first, each with the cue that matched.
    /// </summary>
    public static IEnumerable<(Scene Scene, string[] Cue)> Candidates(IReadOnlySet<string> words) =>
        All.SelectMany(scene => scene.Cues.Where(cue => cue.All(words.Contains)).Select(cue => (scene, cue)));
}
