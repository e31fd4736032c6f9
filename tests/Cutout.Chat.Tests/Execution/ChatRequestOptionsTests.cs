using Cutout.Chat.Execution;
using Cutout.Chat.Planning;
using Cutout.Chat.Protocol;
using Cutout.Compositing;
using Cutout.Imaging;

namespace Cutout.Chat.Tests.Execution;

/// <summary>The request's <c>options</c> object: checked before anything runs (HTTP 422), then handed to the planner.</summary>
public sealed class ChatRequestOptionsTests
{
    private static string? ProblemWith(ChatRequestOptions options) =>
        ChatRequestRules.FindProblem(new ChatRequest { Message = "Remove the background", Options = options });

    [Theory]
    [InlineData("white")]
    [InlineData("#FFFFFF")]
    [InlineData("linear-gradient(to bottom, #001f3f, #87ceeb)")]
    [InlineData("blur")]
    [InlineData("scene:beach-sunset")]
    [InlineData("transparent")]
    public void Backgrounds_the_cli_accepts_are_accepted(string background) =>
        Assert.Null(ProblemWith(new ChatRequestOptions { Background = background }));

    [Fact]
    public void Colour_names_of_the_chat_are_understood_as_well()
    {
        var options = new ChatRequestOptions { Background = "Light  Blue" };
        Assert.Null(ProblemWith(options));
        Assert.Equal(BackgroundSpec.Parse("#add8e6"), ChatRequestRules.Chosen(new ChatRequest { Message = "go", Options = options })!.Background);
    }

    [Fact]
    public void A_background_and_a_background_image_together_are_refused() =>
        Assert.Contains("not both", ProblemWith(new ChatRequestOptions { Background = "white", BackgroundImage = "data:image/png;base64,AAAA" }));

    [Fact]
    public void A_background_naming_a_file_on_the_server_is_refused() =>
        Assert.Contains("not a file", ProblemWith(new ChatRequestOptions { Background = "/etc/hostname.png" }));

    [Theory]
    [InlineData("not-a-colour", "options.background")]
    [InlineData(null, "options.shadow")]
    public void Bad_values_are_named_in_the_problem(string? background, string named)
    {
        var options = background is null ? new ChatRequestOptions { Shadow = "sideways" } : new ChatRequestOptions { Background = background };
        Assert.Contains(named, ProblemWith(options));
    }

    [Fact]
    public void Preset_softness_and_format_are_checked()
    {
        Assert.Contains("walmart", ProblemWith(new ChatRequestOptions { Preset = "walmart" }));
        Assert.Contains("between 0 and 1", ProblemWith(new ChatRequestOptions { EdgeSoftness = 1.5f }));
        Assert.Contains("options.format", ProblemWith(new ChatRequestOptions { Format = "tiff" }));
        Assert.Null(ProblemWith(new ChatRequestOptions { Preset = "none", EdgeSoftness = 0.4f, Format = "jpg", Shadow = "keep" }));
    }

    [Fact]
    public void The_options_reach_the_planner_as_chosen_settings()
    {
        var chosen = ChatRequestRules.Chosen(new ChatRequest
        {
            Message = "go",
            Options = new ChatRequestOptions { Background = "white", Shadow = "drop", Preset = "etsy", EdgeSoftness = 0.2f, Format = "jpg" },
        });
        Assert.Equal(new ChosenSettings { Background = BackgroundSpec.Parse("#ffffff"), Shadow = ShadowRequest.Drop, Preset = "etsy", EdgeSoftness = 0.2f, Format = OutputFormat.Jpeg }, chosen);
    }
}
