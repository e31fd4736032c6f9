using Cutout.Advanced;
using Cutout.Compositing;
using Cutout.Evaluation;
using Cutout.Tests;
using Xunit.Abstractions;

namespace Cutout.Core.Tests.Compositing;

/// <summary>
/// What the subject classifier tells from a photo and its matte (ground-truth mattes of the dev sets, so the measures
/// are the classifier's, not the segmenter's).
/// </summary>
public class SubjectKindTests(ITestOutputHelper output)
{
    private static readonly string[] People = ["ccp-0010", "ccp-0082", "davis-dance-twirl", "davis-bmx-trees"];

    [PhotoFact]
    public void People_in_the_dev_sets_are_told_as_persons_and_at_most_one_of_the_other_photos_is()
    {
        var persons = new List<string>();
        foreach (var set in new[] { PhotoSet.Real, PhotoSet.Soft, PhotoSet.Objects })
            foreach (var name in set.Names)
            {
                var photo = set.Load(name);
                var evidence = SubjectClassifier.Measure(photo.Image, photo.Truth.Alpha);
                var kind = SubjectClassifier.Decide(evidence, photoHadTransparency: false);
                output.WriteLine($"{name,-26} {kind,-8} {evidence}");
                if (kind == SubjectKind.Person)
                    persons.Add(name);
            }

        Assert.Subset(persons.ToHashSet(), People.ToHashSet());
        // Measured: the four people (bmx-trees is a rider) plus davis-dog, whose tan face over a dark body reads as skin.
        Assert.InRange(persons.Except(People).Count(), 0, 1);
    }

    [PhotoFact]
    public void Photos_taken_outdoors_or_indoors_are_not_taken_for_studio_product_shots_unless_the_backdrop_is_a_plain_pale_sky()
    {
        var products = new List<string>();
        foreach (var set in new[] { PhotoSet.Real, PhotoSet.Soft, PhotoSet.Objects })
            foreach (var name in set.Names)
            {
                var photo = set.Load(name);
                if (SubjectClassifier.Classify(photo.Image, photo.Truth.Alpha, photoHadTransparency: false) == SubjectKind.Product)
                    products.Add(name);
            }

        // Measured: only the plane and the stork against an overcast sky (99% and 96% of it within the tolerance).
        Assert.Subset(new HashSet<string> { "voc-airplane", "voc-stork" }, products.ToHashSet());
    }

    [Fact]
    public void A_subject_painted_in_flat_colours_is_a_graphic()
    {
        var (photo, matte) = SyntheticPhoto.Product();
        Assert.Equal(SubjectKind.Graphic, SubjectClassifier.Classify(photo, matte.Alpha, photoHadTransparency: false));
    }

    [Fact]
    public void A_shaded_object_on_a_plain_light_grey_sweep_with_sensor_noise_is_a_product_shot()
    {
        var (photo, matte) = SyntheticPhoto.Product(subjectColor: new RgbColor(120, 60, 40), castShadow: true);
        var noisy = WithSensorNoise(photo, amplitude: 6);
        var evidence = SubjectClassifier.Measure(noisy, matte.Alpha);

        Assert.True(evidence.FlatShare < SubjectClassifier.GraphicFlatShare, $"flat share {evidence.FlatShare:F2}");
        Assert.Equal(SubjectKind.Product, SubjectClassifier.Decide(evidence, photoHadTransparency: false));
    }

    /// <summary>Deterministic ±<paramref name="amplitude"/> noise per channel, as a camera sensor adds to every pixel.</summary>
    private static RgbaImage WithSensorNoise(RgbaImage photo, int amplitude)
    {
        var noisy = photo.Clone();
        var random = new Random(17);
        for (int i = 0; i < noisy.Pixels.Length; i++)
            if (i % 4 != 3)
                noisy.Pixels[i] = (byte)Math.Clamp(noisy.Pixels[i] + random.Next(-amplitude, amplitude + 1), 0, 255);
        return noisy;
    }
}
