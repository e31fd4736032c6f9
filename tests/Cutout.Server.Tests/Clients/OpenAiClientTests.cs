using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cutout.Server.Tests.Clients;

/// <summary>The npm <c>openai</c> client, with its baseURL at our server, holds a two-turn image conversation.</summary>
[Collection(ModelServerCollection.Name)]
public sealed class OpenAiClientTests(ModelServerFixture fixture)
{
    private const string Portrait = "ccp-0010.jpg";

    [Fact]
    public async Task The_openai_client_streams_a_cutout_and_its_second_turn_makes_the_background_white()
    {
        var before = await SessionsAsync(TestServer.AliceKey);
        var (answers, photoFile) = await RunConversationAsync(TestServer.AliceKey);
        File.Delete(photoFile);
        // Both turns ran in one session: the resent history found the first turn's session.
        var session = Assert.Single((await SessionsAsync(TestServer.AliceKey)).Except(before));
        using (var alice = fixture.Server.Client())
        {
            var memory = await alice.GetFromJsonAsync<JsonElement>($"/memory?session_id={session}");
            Assert.Equal(2, memory.GetProperty("total_exchanges").GetInt32());
        }

        var first = answers.GetProperty("first");
        Assert.Equal(["chat.completion.chunk"], first.GetProperty("objects").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("stop", first.GetProperty("finishReason").GetString());
        var firstLink = Assert.Single(first.GetProperty("images").EnumerateArray()).GetString()!;
        // The same link is in the Markdown content, for clients that only show text.
        Assert.Contains($"]({firstLink})", first.GetProperty("content").GetString());
        using (var cutout = Pixels.Decode(await DownloadAsync(firstLink)))
        {
            Pixels.AssertTransparentCorners(cutout);
            Pixels.AssertOpaqueCentre(cutout);
        }

        var second = answers.GetProperty("second");
        Assert.Equal("chat.completion", second.GetProperty("object").GetString());
        var secondLink = Assert.Single(second.GetProperty("images").EnumerateArray()).GetString()!;
        Assert.NotEqual(firstLink, secondLink);
        using (var white = Pixels.Decode(await DownloadAsync(secondLink)))
        {
            Assert.Equal((550, 825), (white.Width, white.Height));
            Pixels.AssertCornersAre(white, new SkiaSharp.SKColor(255, 255, 255));
        }

        Assert.Equal(["cutout-max", "cutout-eco"], answers.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var wrongKey = answers.GetProperty("wrongKey");
        Assert.Equal(401, wrongKey.GetProperty("status").GetInt32());
        Assert.Equal("invalid_api_key", wrongKey.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_key_resending_the_same_history_reaches_neither_the_session_nor_its_results()
    {
        var (alice, photoFile) = await RunConversationAsync(TestServer.AliceKey);
        try
        {
            var aliceResult = ResultId(alice.GetProperty("second").GetProperty("images")[0].GetString()!);
            using var bob = fixture.Server.Client(TestServer.BobKey);
            // Bob's key with Alice's result id, unsigned: as if it did not exist.
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/files/{aliceResult}")).StatusCode);

            var aliceSessions = await SessionsAsync(TestServer.AliceKey);
            var before = await SessionsAsync(TestServer.BobKey);
            // Bob replays Alice's whole conversation: it does not lead to her session; he gets a fresh one of his own.
            var photo = await File.ReadAllTextAsync(photoFile);
            using var response = await bob.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "cutout-eco",
                messages = new object[]
                {
                    new { role = "user", content = new object[] { new { type = "text", text = "Remove the background, keep it transparent." }, new { type = "image_url", image_url = new { url = photo } } } },
                    new { role = "assistant", content = alice.GetProperty("first").GetProperty("content").GetString() },
                    new { role = "user", content = "now make it white" },
                },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bobsLink = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("message").GetProperty("images")[0]
                .GetProperty("image_url").GetProperty("url").GetString()!;
            Assert.NotEqual(aliceResult, ResultId(bobsLink));
            var after = await SessionsAsync(TestServer.BobKey);
            var bobsNewSession = Assert.Single(after.Except(before));
            Assert.DoesNotContain(bobsNewSession, aliceSessions);
        }
        finally
        {
            File.Delete(photoFile);
        }
    }

    [Fact]
    public async Task Errors_come_in_openais_envelope()
    {
        using var client = fixture.Server.Client();
        using var unknownModel = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        var error = (await unknownModel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());

        using var badImage = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "cutout-eco",
            messages = new[] { new { role = "user", content = new object[] { new { type = "image_url", image_url = new { url = "data:image/png;base64,AAAA" } } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badImage.StatusCode);
        Assert.Equal("invalid_request_error", (await badImage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
    }

    private async Task<(JsonElement Answers, string PhotoFile)> RunConversationAsync(string key)
    {
        var photoFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(photoFile, TestData.DataUrl(Portrait));
        var answers = await NodeClients.RunAsync(["openai.mjs", new Uri(fixture.Server.BaseAddress, "/v1").ToString(), key, photoFile]);
        return (answers, photoFile);
    }

    private async Task<IReadOnlyList<string>> SessionsAsync(string key)
    {
        using var client = fixture.Server.Client(key);
        var reply = await client.GetFromJsonAsync<JsonElement>("/sessions");
        return reply.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()!).ToList();
    }

    private static string ResultId(string link) => new Uri(link).AbsolutePath.Split('/')[^1];

    private static async Task<byte[]> DownloadAsync(string link)
    {
        using var anonymous = new HttpClient();
        return await anonymous.GetByteArrayAsync(link);
    }
}
