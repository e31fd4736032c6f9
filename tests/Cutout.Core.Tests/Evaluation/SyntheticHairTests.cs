using Cutout.Tests;
using Cutout.Evaluation;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>The grown-hair fixture the benchmark scores the real model on keeps its promises.</summary>
public sealed class SyntheticHairTests
{
    private static readonly Lazy<(DevelopmentPhoto Photo, SyntheticHair Hair)> Portrait = new(() =>
    {
        var (name, growth) = SyntheticHair.GrownCases[0]; // grown at the photo's own size
        var photo = DevelopmentSet.All.First(p => p.Name == name);
        return (photo, SyntheticHair.GrownOn(photo.Image, photo.Truth.Alpha, growth));
    });

    [PhotoFact]
    public void Grown_hair_keeps_the_subject_opaque_and_adds_soft_strands_outside_it()
    {
        var (photo, hair) = Portrait.Value;
        var subject = photo.Truth.Alpha.Values;
        var truth = hair.Truth.Alpha.Values;
        Assert.All(Enumerable.Range(0, truth.Length).Where(i => subject[i] >= 0.5f), i => Assert.Equal(1f, truth[i]));
        int soft = Enumerable.Range(0, truth.Length).Count(i => subject[i] < 0.5f && truth[i] is > 0.02f and < 0.98f);
        Assert.True(soft > 2_000, $"{soft} soft strand pixels outside the subject");
    }

    [PhotoFact]
    public void Grown_hair_is_scored_only_near_the_strands()
    {
        var (_, hair) = Portrait.Value;
        int scored = hair.Truth.Ignored.Count(ignored => !ignored);
        Assert.InRange(scored, 5_000, hair.Image.PixelCount / 4);
        // Pixels far from the head (the feet) are left out.
        Assert.True(hair.Truth.Ignored[(hair.Image.Height - 5) * hair.Image.Width + hair.Image.Width / 2]);
    }

    [PhotoFact]
    public void Grown_hair_leaves_the_background_untouched_where_no_strand_falls()
    {
        var (photo, hair) = Portrait.Value;
        var truth = hair.Truth.Alpha.Values;
        var untouched = Enumerable.Range(0, truth.Length).Where(i => truth[i] == 0f).ToList();
        Assert.True(untouched.Count > truth.Length / 2);
        Assert.All(untouched, i => Assert.Equal(photo.Image.Pixels.AsSpan(i * 4, 4).ToArray(), hair.Image.Pixels.AsSpan(i * 4, 4).ToArray()));
    }
}
