namespace Cutout.Chat.Planning;

/// <summary>
/// The scene presets a background can name (<c>scene:NAME</c>) and the words that call them up.
/// A scene is recognised when every word of one of its cues occurs in the message; more specific
/// scenes come first so "beach sunset" wins over "beach".
/// </summary>
public static class SceneVocabulary
{
    public sealed record Scene(string Name, string Description, IReadOnlyList<string[]> Cues);

    public static IReadOnlyList<Scene> All { get; } =
    [
        new("beach-sunset", "a beach at sunset", [["beach", "sunset"], ["sea", "sunset"], ["ocean", "sunset"], ["beach", "sundown"]]),
        new("city-night", "a city at night", [["city", "night"], ["neon"], ["city", "lights"]]),
        new("beach", "a sunny beach", [["beach"], ["seaside"], ["ocean"], ["shore"], ["tropical"]]),
        new("office", "a modern office with soft window light", [["office"], ["workplace"], ["workspace"], ["coworking"], ["boardroom"]]),
        new("studio", "a photo studio backdrop", [["studio"]]),
        new("city", "a city street", [["city"], ["urban"], ["street"], ["downtown"]]),
        new("forest", "a forest", [["forest"], ["woods"], ["jungle"]]),
        new("mountains", "mountains", [["mountain"], ["mountains"], ["alps"]]),
        new("park", "a green park", [["park"], ["garden"], ["meadow"]]),
        new("kitchen", "a kitchen", [["kitchen"]]),
        new("living-room", "a living room", [["living", "room"], ["lounge"], ["sofa"]]),
        new("cafe", "a cafe", [["cafe"], ["coffee", "shop"], ["coffeeshop"]]),
        new("snow", "a snowy landscape", [["snow"], ["snowy"], ["winter"]]),
        new("sky", "a blue sky with clouds", [["sky"], ["clouds"]]),
    ];

    public static IEnumerable<string> Words => All.SelectMany(s => s.Cues).SelectMany(cue => cue).Distinct();

    /// <summary>The first scene whose cue words all occur in <paramref name="words"/>.</summary>
    public static Scene? Find(IReadOnlySet<string> words) =>
        All.FirstOrDefault(scene => scene.Cues.Any(cue => cue.All(words.Contains)));
}
