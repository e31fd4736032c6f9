using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cutout.Server.Tests.Clients;

/// <summary>rembg's server API (<c>rembg s</c>): its curl upload and URL requests with its options.</summary>
[Collection(ModelServerCollection.Name)]
public sealed class RembgTests(ModelServerFixture fixture)
{
    private const string Portrait = "ccp-0010.jpg";

    [Fact]
    public async Task An_upload_comes_back_as_a_transparent_png_and_om_gives_the_mask()
    {
        using var client = fixture.Server.Client();
        using var cutoutResponse = await client.PostAsync("/api/remove?model=u2netp", Upload());
        Assert.Equal(HttpStatusCode.OK, cutoutResponse.StatusCode);
        Assert.Equal("image/png", cutoutResponse.Content.Headers.ContentType!.MediaType);
        using (var cutout = Pixels.Decode(await cutoutResponse.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((550, 825), (cutout.Width, cutout.Height));
            Pixels.AssertTransparentCorners(cutout);
            Pixels.AssertOpaqueCentre(cutout);
        }

        using var maskResponse = await client.PostAsync("/api/remove", Upload(("model", "u2netp"), ("om", "true")));
        using (var mask = Pixels.Decode(await maskResponse.Content.ReadAsByteArrayAsync()))
            Pixels.AssertGreyMask(mask);
    }

    [Fact]
    public async Task A_url_with_alpha_matting_and_a_background_colour_gives_that_exact_colour()
    {
        await using var host = await ImageHost.StartAsync();
        using var client = fixture.Server.Client();
        var url = Uri.EscapeDataString(host.Url("/photo").ToString());
        using var response = await client.GetAsync($"/api/remove?url={url}&model=silueta&a=true&af=240&ab=10&ae=10&bgc=255,0,0,255");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Pixels.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((854, 480), (image.Width, image.Height));
        Pixels.AssertCornersAre(image, new SkiaSharp.SKColor(255, 0, 0));
    }

    [Fact]
    public async Task Bad_options_are_422_with_a_detail_as_rembgs_server_answers()
    {
        using var client = fixture.Server.Client();
        foreach (var query in new[] { "model=sam", "af=300", "bgc=red", "om=maybe" })
        {
            using var response = await client.PostAsync($"/api/remove?{query}", Upload());
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains(query.Split('=')[0], detail);
        }
    }

    [Fact]
    public async Task Without_a_key_it_is_refused_unless_the_keyless_loopback_mode_is_on()
    {
        using var client = fixture.Server.Client(apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/remove?url=http://127.0.0.1/x.jpg")).StatusCode);

        await using var keyless = await TestServer.StartAsync(options => options.AllowKeylessLoopback = true);
        using var local = keyless.Client(apiKey: null);
        // Admitted (the URL then fails as a URL, not as a missing key).
        var response = await local.GetAsync("/api/remove?url=http://127.0.0.1:9/missing.jpg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("url", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_keyless_loopback_mode_refuses_to_start_on_other_addresses()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(options => options.AllowKeylessLoopback = true, args: ["--urls", "http://0.0.0.0:0"]));
        Assert.Contains("loopback", error.Message);
    }

    private static MultipartFormDataContent Upload(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestData.Photo(Portrait)), "file", "photo.jpg" } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        return form;
    }
}
