using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Matting;

namespace Cutout.Chat.Tests.Planning;

/// <summary>
/// A plan carries typed values (a <see cref="BackgroundSpec"/>, a numeric aspect ratio) while its JSON keeps the text
/// form earlier versions wrote, so sessions stored before the change still load and write back byte for byte.
/// </summary>
public sealed class TypedPlanTests
{
    /// <summary>A plan as the string-typed planner wrote it into sessions and <c>behavior: plan</c> answers.</summary>
    private const string OlderPlanJson =
        """{"kind":"execute","behavior":"agent","images":{"origin":"attached","urls":["https://example.com/p.jpg"]},"background":"linear-gradient(to right, #1e3a8a, #93c5fd)","shadow":"keep","preset":"amazon","format":"jpeg","mask_only":false,"edge_care":"strong","layout":{"center":true,"crop_to_subject":false,"fill":0.85,"aspect_ratio":"16:9","width":2000},"mode":"max","notes":["a note"],"summary":"s"}""";

    [Fact]
    public void A_plan_written_by_the_string_typed_planner_loads_as_typed_values()
    {
        var plan = ChatPlan.FromJson(OlderPlanJson);

        var gradient = Assert.IsType<GradientBackground>(plan.Background);
        Assert.Equal(90f, gradient.AngleDegrees);
        Assert.Equal([new RgbColor(0x1e, 0x3a, 0x8a), new RgbColor(0x93, 0xc5, 0xfd)], gradient.Stops.Select(s => s.Color));
        Assert.Equal(16f / 9f, plan.Layout.AspectRatio!.Value, 5);
        Assert.Equal(EdgeCare.Strong, plan.EdgeCare);
    }

    [Fact]
    public void A_plan_from_an_older_version_is_written_back_unchanged() =>
        Assert.Equal(OlderPlanJson, ChatPlan.FromJson(OlderPlanJson).ToJson());

    [Theory]
    [InlineData("transparent", typeof(TransparentBackground))]
    [InlineData("#ffffff", typeof(SolidBackground))]
    [InlineData("linear-gradient(to bottom, #4b5563, #d1d5db)", typeof(GradientBackground))]
    [InlineData("linear-gradient(to bottom right, #000000, #808080)", typeof(GradientBackground))]
    [InlineData("blur", typeof(BlurBackground))]
    [InlineData("scene:beach-sunset", typeof(SceneBackground))]
    public void Every_background_the_planner_writes_reads_back_as_the_same_value_and_text(string text, Type type)
    {
        var plan = ChatPlan.FromJson($$"""{"background":"{{text}}"}""");

        Assert.IsType(type, plan.Background);
        Assert.Equal(text, plan.Background!.ToCssText());
        Assert.Equal(plan, ChatPlan.FromJson(plan.ToJson()) with { Images = plan.Images, Notes = plan.Notes });
    }

    [Theory]
    [InlineData("1:1", 1f)]
    [InlineData("4:5", 0.8f)]
    [InlineData("16:9", 16f / 9f)]
    public void Aspect_ratios_are_numbers_in_the_plan_and_w_h_text_on_the_wire(string text, float ratio)
    {
        var plan = ChatPlan.FromJson($$$"""{"layout":{"aspect_ratio":"{{{text}}}"}}""");

        Assert.Equal(ratio, plan.Layout.AspectRatio!.Value, 5);
        Assert.Contains($"\"aspect_ratio\":\"{text}\"", plan.ToJson());
    }

    [Fact]
    public void A_background_no_parser_reads_is_a_json_error_which_the_session_store_answers_by_forgetting_that_plan() =>
        Assert.Throws<System.Text.Json.JsonException>(() => ChatPlan.FromJson("""{"background":"not a colour at all"}"""));

    [Fact]
    public void A_tone_change_moves_every_stop_of_the_typed_gradient_and_keeps_its_direction()
    {
        var chat = new Conversation();
        var before = Assert.IsType<GradientBackground>(chat.Send("left to right gradient, white to grey", "https://example.com/p.jpg").Background);
        var after = Assert.IsType<GradientBackground>(chat.Send("a bit darker").Background);

        Assert.Equal(before.Stops.Select(stop => ColorVocabulary.Darker(stop.Color, 0.1)), after.Stops.Select(stop => stop.Color));
        Assert.Equal(90f, after.AngleDegrees);
    }
}
