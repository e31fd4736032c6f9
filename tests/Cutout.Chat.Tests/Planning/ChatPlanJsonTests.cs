using System.Text.Json;
using Cutout.Chat.Planning;
using Cutout.Matting;

namespace Cutout.Chat.Tests.Planning;

public sealed class ChatPlanJsonTests
{
    private static ChatPlan AmazonPlan() => new ChatPlanner().Plan(new PlanningRequest
    {
        Message = "Amazon listing, keep the shadows, hair details",
        ImageUrls = ["https://example.com/p.jpg"],
    }, []);

    [Fact]
    public void The_plan_object_uses_snake_case_names_and_lowercase_enum_values()
    {
        using var json = JsonDocument.Parse(AmazonPlan().ToJson());
        var root = json.RootElement;

        Assert.Equal("execute", root.GetProperty("kind").GetString());
        Assert.Equal("agent", root.GetProperty("behavior").GetString());
        Assert.Equal("attached", root.GetProperty("images").GetProperty("origin").GetString());
        Assert.Equal("https://example.com/p.jpg", root.GetProperty("images").GetProperty("urls")[0].GetString());
        Assert.Equal("#ffffff", root.GetProperty("background").GetString());
        Assert.Equal("keep", root.GetProperty("shadow").GetString());
        Assert.Equal("amazon", root.GetProperty("preset").GetString());
        Assert.Equal("jpeg", root.GetProperty("format").GetString());
        Assert.Equal("fine", root.GetProperty("edge_care").GetString());
        Assert.Equal("max", root.GetProperty("mode").GetString());
        Assert.Equal(0.85, root.GetProperty("layout").GetProperty("fill").GetDouble());
        Assert.True(root.GetProperty("layout").GetProperty("center").GetBoolean());
        Assert.Equal("1:1", root.GetProperty("layout").GetProperty("aspect_ratio").GetString());
        Assert.False(root.TryGetProperty("clarification", out _));
        Assert.False(root.TryGetProperty("refinement", out _));
    }

    [Fact]
    public void Formats_and_origins_are_written_the_way_people_spell_them()
    {
        var plan = new ChatPlan { Format = Imaging.OutputFormat.WebP, Images = new ImageSelection(ImageOrigin.PreviousSources, ["r1"]) };
        using var json = JsonDocument.Parse(plan.ToJson());

        Assert.Equal("webp", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("previous_sources", json.RootElement.GetProperty("images").GetProperty("origin").GetString());
        Assert.Equal(Imaging.OutputFormat.WebP, ChatPlan.FromJson(plan.ToJson()).Format);
    }

    [Fact]
    public void A_plan_reads_back_equal_to_what_was_written()
    {
        var plan = AmazonPlan();
        var read = ChatPlan.FromJson(plan.ToJson());

        Assert.Equal(plan.ToJson(), read.ToJson());
        Assert.Equal(plan.Images.Urls, read.Images.Urls);
        Assert.Equal(plan.Layout, read.Layout);
        Assert.Equal(plan.Notes, read.Notes);
    }

    [Fact]
    public void A_clarification_serialises_its_question_and_options()
    {
        var plan = new ChatPlanner().Plan(new PlanningRequest { Message = "edit this image", ImageUrls = ["https://example.com/p.jpg"] }, []);
        using var json = JsonDocument.Parse(plan.ToJson());
        var clarification = json.RootElement.GetProperty("clarification");

        Assert.Equal("clarify", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("What would you like me to do with this image?", clarification.GetProperty("question").GetString());
        Assert.Equal(4, clarification.GetProperty("options").GetArrayLength());
        Assert.False(json.RootElement.TryGetProperty("background", out _));
    }

    [Theory]
    [InlineData(EdgeCare.Standard, 1f, 0f)]
    [InlineData(EdgeCare.Fine, 1.5f, 0f)]
    [InlineData(EdgeCare.Strong, 2f, 0.9f)]
    [InlineData(EdgeCare.Maximum, 2f, 1f)]
    public void Each_edge_care_level_widens_the_refinement_band_and_the_strong_ones_keep_edges_soft(EdgeCare care, float bandScale, float edgeSoftness)
    {
        var refinement = (new ChatPlan { EdgeCare = care }).Refinement;
        Assert.Equal(bandScale, refinement.BandScale);
        Assert.Equal(edgeSoftness, refinement.EdgeSoftness);
        Assert.True(refinement.Decontaminate);
    }
}
