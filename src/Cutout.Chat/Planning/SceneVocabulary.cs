using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>
/// The compositor's scene library (<see cref="SceneLibrary"/>) as the planner sees it: each scene with the words that
/// call it up, read from the scene's name and aliases. A scene is a candidate when every word of one of its cues occurs
/// in the message; a place we have no scene for is asked about rather than guessed.
/// </summary>
public static class SceneVocabulary
{
    public sealed record Scene(ScenePreset Preset, IReadOnlyList<string[]> Cues)
    {
        public string Name => Preset.Name;

        /// <summary>How a sentence names the scene ("a beach at sunset").</summary>
        public string Description => Preset.Phrase;
    }

    public static IReadOnlyList<Scene> All { get; } =
    [
        .. SceneLibrary.All.Select(scene => new Scene(scene, Cues.From([scene.Name, .. scene.Aliases]))),
    ];

    /// <summary>Every word of every cue.</summary>
    public static IReadOnlySet<string> Words { get; } = All.SelectMany(s => s.Cues).SelectMany(cue => cue).ToHashSet();

    /// <summary>
    /// Scenes whose cue words all occur in <paramref name="words"/>, in the library's order, each with the cue that matched.
    /// </summary>
    public static IEnumerable<(Scene Scene, string[] Cue)> Candidates(IReadOnlySet<string> words) =>
        All.SelectMany(scene => scene.Cues.Where(cue => cue.All(words.Contains)).Select(cue => (scene, cue)));
}
