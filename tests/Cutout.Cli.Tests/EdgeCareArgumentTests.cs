using System.CommandLine;
using Cutout.Matting;
using Cutout.Tests;

namespace Cutout.Cli.Tests;

/// <summary><c>--edge-care</c> names the same refinement levels the chat's edge words choose, and the expert flags still win.</summary>
public sealed class EdgeCareArgumentTests
{
    [Theory]
    [InlineData("standard", EdgeCare.Standard)]
    [InlineData("fine", EdgeCare.Fine)]
    [InlineData("strong", EdgeCare.Strong)]
    [InlineData("Maximum", EdgeCare.Maximum)]
    public void Each_edge_care_level_selects_its_refinement_preset(string name, EdgeCare level) =>
        Assert.Equal(EdgeCarePresets.For(level), Refinement("--edge-care", name));

    [Fact]
    public void Without_edge_care_the_refinement_is_the_default() =>
        Assert.Equal(RefinementOptions.Default, Refinement());

    [Fact]
    public void The_strong_level_widens_the_band_and_softens_edges()
    {
        var strong = Refinement("--edge-care", "strong");
        Assert.Equal(2f, strong.BandScale);
        Assert.Equal(0.9f, strong.EdgeSoftness);
    }

    [Fact]
    public void An_expert_flag_overrides_only_its_own_part_of_the_level()
    {
        var refinement = Refinement("--edge-care", "maximum", "--edge-softness", "0.3");
        Assert.Equal(0.3f, refinement.EdgeSoftness);
        Assert.Equal(EdgeCarePresets.For(EdgeCare.Maximum).BandScale, refinement.BandScale);
    }

    [Theory]
    [InlineData("extreme")]
    [InlineData("2")]
    public void An_unknown_level_is_refused_naming_the_levels(string name)
    {
        var error = Assert.Throws<CutoutException>(() => Refinement("--edge-care", name));
        Assert.Equal(CutoutErrorKind.InvalidOption, error.Kind);
        Assert.Contains("standard, fine, strong, maximum", error.Message);
    }

    [PhotoFact]
    public async Task An_unknown_level_is_a_usage_error_and_writes_nothing()
    {
        string work = Directory.CreateTempSubdirectory("cutout-edge-care-").FullName;
        try
        {
            string output = Path.Combine(work, "out.png");
            Assert.Equal(2, await CutoutApp.RunAsync(["remove", RepositoryTestData.Real("voc-sheep.png"), "-o", output, "--edge-care", "extreme"]));
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static RefinementOptions Refinement(params string[] flags)
    {
        var options = new CommonOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return options.ToCutoutOptions(command.Parse(flags), outputPath: null).Refinement;
    }
}
