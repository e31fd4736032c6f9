using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Chat.Tests.Planning;

/// <summary>Settings picked in the web page's controls (the request's <c>options</c>) go through the same planner as words.</summary>
public sealed class ChosenSettingsPlanTests
{
    private const string Photo = "https://example.com/photo.jpg";

    [Fact]
    public void Chosen_settings_win_over_what_the_message_says()
    {
        var plan = new Conversation().Send("remove the background and put it on black", new ChosenSettings
        {
            Background = BackgroundSpec.Parse("#ffffff"),
            Shadow = ShadowRequest.Contact,
            Format = OutputFormat.WebP,
        }, Photo);
        PlanExpectation.AssertMatches(plan, "kind=execute; bg=#ffffff; shadow=contact; fmt=webp; origin=attached");
    }

    [Fact]
    public void A_chosen_preset_brings_its_background_format_and_canvas()
    {
        var plan = new Conversation().Send("Remove the background", new ChosenSettings { Preset = "amazon" }, Photo);
        PlanExpectation.AssertMatches(plan, "preset=amazon; bg=#ffffff; fmt=jpeg; center=true; fill=0.85; w=2000; h=2000");
    }

    [Fact]
    public void Choosing_no_preset_drops_the_sessions_preset_and_its_canvas()
    {
        var chat = new Conversation();
        chat.Send("Amazon listing please", Photo);
        var plain = chat.Send("Apply these settings to the image", new ChosenSettings { Preset = ChosenSettings.NoPreset, Background = BackgroundSpec.Transparent });
        PlanExpectation.AssertMatches(plain, "kind=execute; origin=previoussources; preset=-; bg=transparent; fmt=png; center=false; w=-; h=-");
    }

    [Fact]
    public void A_chosen_edge_softness_holds_and_a_later_complaint_makes_the_edges_softer_still()
    {
        var chat = new Conversation();
        var soft = chat.Send("Remove the background", new ChosenSettings { EdgeSoftness = 0.3f }, Photo);
        Assert.Equal(0.3f, soft.Refinement.EdgeSoftness);

        var smoother = chat.Send("make the hair smoother");
        Assert.Equal(0.3f, smoother.EdgeSoftness);
        Assert.Equal(EdgeCare.Strong, smoother.EdgeCare);
        Assert.Equal(0.9f, smoother.Refinement.EdgeSoftness);
    }

    [Fact]
    public void An_uploaded_backdrop_stays_the_background_of_later_turns()
    {
        var backdrop = new ImageBackground("/srv/cutout/results/res_0123456789abcdef0123456789abcdef.png");
        var chat = new Conversation();
        var first = chat.Send("Remove the background", new ChosenSettings { Background = backdrop }, Photo);
        Assert.Contains("uploaded background image", first.Summary);
        var shadow = chat.Send("add a drop shadow");
        Assert.Equal(backdrop, first.Background);
        Assert.Equal(backdrop, shadow.Background);
        PlanExpectation.AssertMatches(shadow, "shadow=drop; fmt=jpeg");
    }

    [Fact]
    public void Settings_left_unchosen_come_from_the_session()
    {
        var chat = new Conversation();
        chat.Send("white background with a drop shadow", Photo);
        var webp = chat.Send("Export as webp", new ChosenSettings { Format = OutputFormat.WebP });
        PlanExpectation.AssertMatches(webp, "origin=previoussources; bg=#ffffff; shadow=drop; fmt=webp");
    }
}
