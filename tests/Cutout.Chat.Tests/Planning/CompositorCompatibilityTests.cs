using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Presets;

namespace Cutout.Chat.Tests.Planning;

/// <summary>Every name and value a plan can carry is one the compositor understands.</summary>
public sealed class CompositorCompatibilityTests
{
    public static TheoryData<string> SceneNames => new(SceneVocabulary.All.Select(s => s.Name));

    public static TheoryData<string> PresetNames => new(PresetVocabulary.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(SceneNames))]
    public void Every_scene_is_in_the_compositors_scene_library(string name)
    {
        var background = Assert.IsType<SceneBackground>(BackgroundSpec.Parse("scene:" + name));
        Assert.Equal(name, background.Scene.Name);
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Every_preset_is_a_compositor_preset_with_the_same_format_and_canvas(string name)
    {
        var ours = PresetVocabulary.Named(name)!;
        var theirs = MarketplacePresets.Find(name);
        Assert.NotNull(theirs);
        Assert.Equal(name, theirs.Name);
        Assert.Equal((ours.Layout.Width, ours.Layout.Height), (theirs.Layout.Canvas?.Width, theirs.Layout.Canvas?.Height));
        if (theirs.Format is { } format)
            Assert.Equal(format, ours.Format);
    }

    [Theory]
    [InlineData(ShadowRequest.None)]
    [InlineData(ShadowRequest.Keep)]
    [InlineData(ShadowRequest.Drop)]
    [InlineData(ShadowRequest.Contact)]
    public void Every_shadow_choice_parses_as_a_compositor_shadow(ShadowRequest shadow) =>
        Assert.Equal(shadow.ToString(), ShadowSpec.Parse(shadow.ToString().ToLowerInvariant()).Kind.ToString());

    [Theory]
    [InlineData("Remove the background from this image and export as transparent PNG", typeof(TransparentBackground))]
    [InlineData("replace it with a pure white background (#FFFFFF)", typeof(SolidBackground))]
    [InlineData("professional gradient background (dark blue to light blue)", typeof(GradientBackground))]
    [InlineData("a left to right gradient of white and light grey", typeof(GradientBackground))]
    [InlineData("diagonal gradient, black to grey", typeof(GradientBackground))]
    [InlineData("Put it on a gradient background", typeof(GradientBackground))]
    [InlineData("Blur the background", typeof(BlurBackground))]
    [InlineData("place them in a modern office environment", typeof(SceneBackground))]
    [InlineData("Now place this cutout on a beach sunset background", typeof(SceneBackground))]
    [InlineData("pastel green background", typeof(SolidBackground))]
    public void Planned_backgrounds_parse_as_compositor_backgrounds(string message, Type expected)
    {
        var plan = new ChatPlanner().Plan(new PlanningRequest { Message = message, ImageUrls = ["https://example.com/p.jpg"] }, []);
        Assert.IsType(expected, plan.Background);
    }
}
