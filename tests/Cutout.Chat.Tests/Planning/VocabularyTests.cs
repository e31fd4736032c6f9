using Cutout.Chat.Planning;

namespace Cutout.Chat.Tests.Planning;

public sealed class VocabularyTests
{
    [Theory]
    [InlineData("backgroud", "background")]
    [InlineData("transparant", "transparent")]
    [InlineData("remvoe", "remove")]
    [InlineData("wihte", "white")]
    [InlineData("backgorund", "background")]
    [InlineData("trasnparant", "transparent")]
    [InlineData("shaddow", "shadow")]
    [InlineData("gradiant", "gradient")]
    [InlineData("centerd", "center")]
    [InlineData("balck", "black")]
    [InlineData("linkdin", "linkedin")]
    [InlineData("shopfiy", "shopify")]
    public void Misspelt_keywords_are_corrected(string typo, string keyword) =>
        Assert.Equal(keyword, Vocabulary.Correct(typo));

    [Theory]
    [InlineData("while")]
    [InlineData("right")]
    [InlineData("glasses")]
    [InlineData("window")]
    [InlineData("picture")]
    [InlineData("zebra")]
    [InlineData("red")]
    [InlineData("1000x1000")]
    public void Ordinary_and_unknown_words_stay_as_they_are(string word) =>
        Assert.Equal(word, Vocabulary.Correct(word));

    [Theory]
    [InlineData("white", "white", 0)]
    [InlineData("wihte", "white", 1)]
    [InlineData("backgroud", "background", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    public void Edit_distance_counts_a_transposition_as_one_edit(string a, string b, int distance) =>
        Assert.Equal(distance, Vocabulary.EditDistance(a, b, limit: 5));

    [Fact]
    public void Edit_distance_stops_counting_past_its_limit() =>
        Assert.Equal(3, Vocabulary.EditDistance("transparent", "background", limit: 2));

    [Theory]
    [InlineData("light blue", "#add8e6")]
    [InlineData("navy blue", "#000080")]
    [InlineData("#FFF", "#ffffff")]
    [InlineData("pale red", "#ff9999")]
    [InlineData("dark purple", "#460046")]
    public void Colour_words_read_as_srgb(string words, string hex)
    {
        var tokens = words.ToLowerInvariant().Split(' ');
        Assert.Equal(tokens.Length, ColorVocabulary.TryRead(tokens, 0, out var color));
        Assert.Equal(hex, ColorVocabulary.ToHex(color));
    }
}
