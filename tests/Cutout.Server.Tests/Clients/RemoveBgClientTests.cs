using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cutout.Tests;
using SkiaSharp;

namespace Cutout.Server.Tests.Clients;

/// <summary>
/// remove.bg's own npm client (1.3.0, its endpoint rewritten to our loopback server by a preload script) and
/// remove.bg's documented curl requests get correct images and headers from <c>cutout serve</c>.
/// </summary>
[Collection(ModelServerCollection.Name)]
public sealed class RemoveBgClientTests(ModelServerFixture fixture)
{
    private const string Portrait = "ccp-0010.jpg";
    private static readonly SKColor LightBlue = SKColor.Parse("81d4fa");

    [Fact]
    public async Task The_npm_remove_bg_client_gets_cutouts_from_a_file_from_base64_and_from_a_url()
    {
        await using var host = await ImageHost.StartAsync();
        var output = Directory.CreateTempSubdirectory("cutout-removebg-client-");
        try
        {
            var calls = new object[]
            {
                new { name = "file", call = "file", options = new { apiKey = TestServer.AliceKey, path = RepositoryTestData.Real(Portrait), size = "preview", type = "person" } },
                new { name = "base64", call = "base64", options = new { apiKey = TestServer.AliceKey, base64img = Convert.ToBase64String(TestData.Photo(Portrait)), size = "preview", bg_color = "81d4fa" } },
                new { name = "url", call = "url", options = new { apiKey = TestServer.AliceKey, url = host.Url("/photo").ToString(), size = "preview", channels = "alpha" } },
                new { name = "crop", call = "file", options = new { apiKey = TestServer.AliceKey, path = RepositoryTestData.Real(Portrait), size = "preview", crop = true } },
                new { name = "wrong-key", call = "file", options = new { apiKey = "not-a-key", path = RepositoryTestData.Real(Portrait), size = "preview" } },
            };
            var answers = await NodeClients.RunAsync(["-r", "./rewrite.cjs", "removebg.cjs", JsonSerializer.Serialize(calls), output.FullName],
                new Dictionary<string, string> { ["REMOVEBG_BASE_URL"] = fixture.Server.BaseAddress.ToString() });

            var file = answers.GetProperty("file");
            Assert.Equal("person", file.GetProperty("detectedType").GetString());
            Assert.Equal("0", file.GetProperty("creditsCharged").GetString());
            // size=preview is remove.bg's 0.25 megapixels: the 550x825 photo comes back at 408x612.
            Assert.Equal("408", file.GetProperty("resultWidth").GetString());
            Assert.Equal("612", file.GetProperty("resultHeight").GetString());
            Assert.NotNull(file.GetProperty("rateLimit").GetString());
            using (var cutout = Pixels.Decode(await File.ReadAllBytesAsync(file.GetProperty("outputFile").GetString()!)))
            {
                Pixels.AssertTransparentCorners(cutout);
                Pixels.AssertOpaqueCentre(cutout);
            }

            // The client sends no format, so an opaque colour comes back as remove.bg's "auto" does it: a JPEG.
            using (var coloured = Pixels.Decode(await File.ReadAllBytesAsync(answers.GetProperty("base64").GetProperty("outputFile").GetString()!)))
                Pixels.AssertCornersAre(coloured, LightBlue, tolerance: 4);

            using (var mask = Pixels.Decode(await File.ReadAllBytesAsync(answers.GetProperty("url").GetProperty("outputFile").GetString()!)))
            {
                Assert.Equal((667, 375), (mask.Width, mask.Height)); // 854x480 at 0.25 megapixels
                Pixels.AssertGreyMask(mask);
            }

            var crop = answers.GetProperty("crop");
            Assert.InRange(int.Parse(crop.GetProperty("resultWidth").GetString()!), 100, 407);

            var refusal = answers.GetProperty("wrong-key").GetProperty("error");
            Assert.Equal("invalid_api_key", refusal[0].GetProperty("code").GetString());
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Remove_bgs_curl_examples_work_in_all_three_encodings_with_the_host_changed()
    {
        await using var host = await ImageHost.StartAsync();
        var endpoint = new Uri(fixture.Server.BaseAddress, "/v1.0/removebg").ToString();
        var work = Directory.CreateTempSubdirectory("cutout-removebg-curl-");
        try
        {
            var photo = RepositoryTestData.Real(Portrait);
            // Their examples: -F for a file upload, -d for urlencoded fields, and a JSON body; -f fails on HTTP errors.
            await Curl(work, "multipart.png", "-H", $"X-API-Key: {TestServer.AliceKey}", "-F", $"image_file=@{photo}", "-F", "size=preview", "-F", "format=png", "-F", "bg_color=81d4fa", "-f", endpoint);
            await Curl(work, "urlencoded.png", "-H", $"X-Api-Key: {TestServer.AliceKey}", "-d", $"image_url={host.Url("/photo")}", "-d", "size=preview", "-f", endpoint);
            await Curl(work, "json.png", "-H", $"X-Api-Key: {TestServer.AliceKey}", "-H", "Content-Type: application/json",
                "-d", JsonSerializer.Serialize(new { image_file_b64 = Convert.ToBase64String(await File.ReadAllBytesAsync(photo)), size = "preview", channels = "alpha" }), "-f", endpoint);

            using (var coloured = Pixels.Decode(await File.ReadAllBytesAsync(Path.Combine(work.FullName, "multipart.png"))))
                Pixels.AssertCornersAre(coloured, LightBlue);
            using (var cutout = Pixels.Decode(await File.ReadAllBytesAsync(Path.Combine(work.FullName, "urlencoded.png"))))
                Pixels.AssertTransparentCorners(cutout);
            using (var mask = Pixels.Decode(await File.ReadAllBytesAsync(Path.Combine(work.FullName, "json.png"))))
                Pixels.AssertGreyMask(mask);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_zip_answer_unpacks_to_color_jpg_and_alpha_png_and_the_headers_give_the_foreground_box()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["format"] = "zip" });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);

        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["alpha.png", "color.jpg"], zip.Entries.Select(e => e.FullName).Order());
        using var color = Pixels.Decode(ReadEntry(zip, "color.jpg"));
        using var alpha = Pixels.Decode(ReadEntry(zip, "alpha.png"));
        Assert.Equal((408, 612), (color.Width, color.Height));
        Assert.Equal((408, 612), (alpha.Width, alpha.Height));
        Pixels.AssertGreyMask(alpha);

        int top = Header(response, "X-Foreground-Top"), left = Header(response, "X-Foreground-Left");
        int width = Header(response, "X-Foreground-Width"), height = Header(response, "X-Foreground-Height");
        Assert.True(width > 100 && height > 300 && left + width <= 408 && top + height <= 612, $"foreground box {width}x{height} at ({left},{top})");
        // Inside the box the mask is subject; just outside it, background.
        Assert.Equal(255, alpha.GetPixel(left + width / 2, top + height / 2).Red);
        Assert.Equal(0, alpha.GetPixel(Math.Max(0, left - 3), top + height / 2).Red);
    }

    [Fact]
    public async Task With_accept_json_the_answer_is_remove_bgs_json_body()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["crop"] = "true", ["crop_margin"] = "10px" });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        using var cutout = Pixels.Decode(Convert.FromBase64String(data.GetProperty("result_b64").GetString()!));
        Assert.Equal(Header(response, "X-Width"), cutout.Width);
        // Cropped to the subject with a 10 px margin: the subject starts 10 px in from the edges.
        Assert.Equal(10, data.GetProperty("foreground_left").GetInt32());
        Assert.Equal(10, data.GetProperty("foreground_top").GetInt32());
        Assert.Equal(cutout.Width - 20, data.GetProperty("foreground_width").GetInt32());
        Pixels.AssertTransparentCorners(cutout);
    }

    [Fact]
    public async Task Roi_keeps_only_its_rectangle_and_scale_with_position_centres_the_subject_at_that_share()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using (var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["roi"] = "0% 0% 50% 100%" }))
        using (var response = await client.SendAsync(request))
        using (var cutout = Pixels.Decode(await response.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            for (int y = 0; y < cutout.Height; y += 3)
                for (int x = cutout.Width / 2 + 1; x < cutout.Width; x += 3)
                    Assert.True(cutout.GetPixel(x, y).Alpha == 0, $"pixel ({x},{y}) right of the region is not transparent");
            Assert.True(Header(response, "X-Foreground-Left") + Header(response, "X-Foreground-Width") <= cutout.Width / 2 + 1);
        }

        using (var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["scale"] = "50%", ["position"] = "center" }))
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            int width = Header(response, "X-Width"), height = Header(response, "X-Height");
            Assert.Equal((408, 612), (width, height)); // the photo's frame, at preview size
            int left = Header(response, "X-Foreground-Left"), top = Header(response, "X-Foreground-Top");
            int boxWidth = Header(response, "X-Foreground-Width"), boxHeight = Header(response, "X-Foreground-Height");
            Assert.InRange(Math.Max(boxWidth / (double)width, boxHeight / (double)height), 0.49, 0.51);
            Assert.InRange(left + boxWidth / 2.0, width / 2.0 - 2, width / 2.0 + 2);
            Assert.InRange(top + boxHeight / 2.0, height / 2.0 - 2, height / 2.0 + 2);
        }
    }

    [Fact]
    public async Task A_background_image_from_a_url_fills_the_frame_and_auto_format_answers_a_jpeg()
    {
        await using var host = await ImageHost.StartAsync();
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["bg_image_url"] = host.Url("/photo").ToString() });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, host.RequestCount);
        using var composed = Pixels.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.All(Pixels.Corners(composed), corner => Assert.Equal(255, corner.Alpha));
        // The corners show the dog photo behind, not a flat fill: they differ from one another.
        Assert.True(Pixels.Corners(composed).Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_flat_photo_without_a_subject_is_unknown_foreground()
    {
        using var flat = new SKBitmap(640, 480);
        flat.Erase(new SKColor(128, 128, 128));
        using var encoded = flat.Encode(SKEncodedImageFormat.Jpeg, 90);
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview" }, encoded.ToArray());
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("unknown_foreground", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(null, "auth_failed")]
    [InlineData("wrong-key", "invalid_api_key")]
    public async Task A_missing_or_wrong_key_is_403_in_remove_bgs_envelope(string? key, string code)
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(key, new() { ["size"] = "preview" });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Bad_parameters_and_two_image_sources_are_400_naming_the_problem()
    {
        using var client = fixture.Server.Client(apiKey: null);
        foreach (var (fields, expected) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["size"] = "huge" }, "size"),
            (new() { ["image_url"] = "https://example.com/a.jpg" }, "Multiple sources"),
            (new() { ["roi"] = "0% 0% 100%" }, "roi"),
            (new() { ["bg_color"] = "not-a-colour" }, "bg_color"),
        })
        {
            using var request = RemoveBgRequest(TestServer.AliceKey, fields);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
            Assert.Equal("invalid_parameter", error.GetProperty("code").GetString());
            Assert.Contains(expected, error.GetProperty("title").GetString() + error.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task The_account_answers_in_remove_bgs_shape_with_unlimited_credits()
    {
        using var client = fixture.Server.Client(apiKey: null);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestServer.AliceKey);
        var account = await client.GetFromJsonAsync<JsonElement>("/v1.0/account");
        var attributes = account.GetProperty("data").GetProperty("attributes");
        Assert.True(attributes.GetProperty("credits").GetProperty("total").GetInt64() >= 1_000_000);
        Assert.Equal("all", attributes.GetProperty("api").GetProperty("sizes").GetString());
    }

    internal static HttpRequestMessage RemoveBgRequest(string? key, Dictionary<string, string> fields, byte[]? photo = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(photo ?? TestData.Photo(Portrait)), "image_file", "photo.jpg" } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1.0/removebg") { Content = form };
        if (key is not null)
            request.Headers.Add("X-Api-Key", key);
        return request;
    }

    internal static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single());

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var entry = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        entry.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static async Task Curl(DirectoryInfo work, string outputName, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("curl") { RedirectStandardError = true, WorkingDirectory = work.FullName };
        foreach (var argument in arguments.Append("-o").Append(outputName).Prepend("-sS"))
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl for {outputName} failed ({process.ExitCode}): {errors}");
    }
}
