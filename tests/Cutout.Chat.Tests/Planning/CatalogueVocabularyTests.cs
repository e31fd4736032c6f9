using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Presets;

namespace Cutout.Chat.Tests.Planning;

/// <summary>The chat's words for presets and scenes, and its answers about limits, come from Core's catalogues and the live options.</summary>
public sealed class CatalogueVocabularyTests
{
    private const string Photo = "https://example.com/p.jpg";

    [Fact]
    public void Every_catalogue_preset_and_scene_is_in_the_chat_vocabulary_in_catalogue_order()
    {
        Assert.Equal(MarketplacePresets.All.Select(p => p.Name), PresetVocabulary.All.Select(p => p.Name));
        Assert.Equal(SceneLibrary.All.Select(s => s.Name), SceneVocabulary.All.Select(s => s.Name));
    }

    public static TheoryData<string, string> PresetPhrases => Pairs(
        MarketplacePresets.All.SelectMany(p => p.Aliases.Where(a => a.Contains(' ') || a.Contains('-')).Append(p.ShortTitle).Select(a => (a, p.Name))));

    [Theory]
    [MemberData(nameof(PresetPhrases))]
    public void Every_catalogue_phrase_of_a_preset_calls_it_up_in_a_sentence(string phrase, string preset) =>
        Assert.Equal(preset, Plan($"make this a {phrase.Replace('-', ' ')} image").Preset);

    [Theory]
    [InlineData("make it a profile picture")]
    [InlineData("crop it for my avatar")]
    public void A_one_word_alias_is_a_name_for_lookups_not_a_cue_in_a_sentence(string message) =>
        Assert.Null(Plan(message).Preset);

    public static TheoryData<string, string> SceneAliases => Pairs(SceneLibrary.All.SelectMany(s => s.Aliases.Select(a => (a, s.Name))));

    [Theory]
    [MemberData(nameof(SceneAliases))]
    public void Every_catalogue_alias_of_a_scene_places_the_subject_there(string alias, string scene)
    {
        var background = Assert.IsType<SceneBackground>(Plan($"place it in a {alias} background").Background);
        Assert.Equal(scene, background.Scene.Name);
    }

    [Fact]
    public void A_preset_that_leaves_the_background_open_gets_the_chats_backdrop_and_the_catalogues_size()
    {
        var linkedIn = PresetVocabulary.Named("linkedin")!;
        Assert.Null(MarketplacePresets.LinkedIn.Background);
        Assert.Equal("#f2f2f2", linkedIn.Background.ToCssText());
        Assert.Equal((1024, 1024), (linkedIn.Layout.Width, linkedIn.Layout.Height));
        Assert.Equal(1f, linkedIn.Layout.AspectRatio);
    }

    [Fact]
    public void Answers_about_limits_quote_the_servers_configured_limits()
    {
        var inputs = new ImageInputOptions { MaxBytesPerImage = 5L * 1024 * 1024, MinSide = 32, MaxSide = 4096, MaxImagesPerRequest = 2 };
        var planner = new ChatPlanner(inputs);

        string limits = planner.Plan(new PlanningRequest { Message = "How big can my images be?" }, []).Answer!;
        string formats = planner.Plan(new PlanningRequest { Message = "What formats do you support?" }, []).Answer!;

        Assert.Contains("up to 5 MB and between 32x32 and 4096x4096 pixels; send at most 2 images per request", limits);
        Assert.Contains("up to 5 MB and 32 to 4096 pixels per side, at most 2 per request", formats);
    }

    [Fact]
    public void With_default_options_the_limits_answer_is_the_documented_one() =>
        Assert.Contains("up to 20 MB and between 64x64 and 8192x8192 pixels; send at most 4 images per request",
            new ChatPlanner().Plan(new PlanningRequest { Message = "Is there a limit on file size?" }, []).Answer);

    private static TheoryData<string, string> Pairs(IEnumerable<(string, string)> pairs)
    {
        var data = new TheoryData<string, string>();
        foreach (var (a, b) in pairs)
            data.Add(a, b);
        return data;
    }

    private static ChatPlan Plan(string message) =>
        new ChatPlanner().Plan(new PlanningRequest { Message = message, ImageUrls = [Photo] }, []);
}
