using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cutout.Tests;
using SkiaSharp;
using static Cutout.Server.Tests.Clients.RemoveBgClientTests;

namespace Cutout.Server.Tests.Clients;

/// <summary>
/// remove.bg's type classification, per-side crop margins, free positions, EXIF-rotated photos, backgrounds sent as
/// files, shadows, WebP answers and busy answers, checked on the pixels and headers of <c>POST /v1.0/removebg</c>.
/// </summary>
[Collection(ModelServerCollection.Name)]
public sealed class RemoveBgOptionTests(ModelServerFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Portrait = "ccp-0010.jpg";

    [Fact]
    public async Task Type_auto_reports_a_person_for_a_portrait_and_type_level_picks_the_class_vocabulary()
    {
        using var client = fixture.Server.Client(apiKey: null);
        Assert.Equal("person", await XTypeAsync(client, new() { ["size"] = "preview" }));
        Assert.Equal("person", await XTypeAsync(client, new() { ["size"] = "preview", ["type_level"] = "2" }));
        // A type the caller names is reported in the level's classes: level 1 has no transportation or graphic.
        Assert.Equal("car", await XTypeAsync(client, new() { ["size"] = "preview", ["type"] = "transportation", ["type_level"] = "1" }));
        Assert.Equal("transportation", await XTypeAsync(client, new() { ["size"] = "preview", ["type"] = "transportation", ["type_level"] = "latest" }));
        Assert.Equal("other", await XTypeAsync(client, new() { ["size"] = "preview", ["type"] = "graphic" }));
        Assert.Null(await XTypeAsync(client, new() { ["size"] = "preview", ["type_level"] = "none" }));
    }

    [Fact]
    public async Task Crop_margin_with_four_values_leaves_that_much_room_on_each_side()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["crop"] = "true", ["crop_margin"] = "10px 20px 30px 40px" });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        int width = Header(response, "X-Width"), height = Header(response, "X-Height");
        Assert.Equal(10, Header(response, "X-Foreground-Top"));
        Assert.Equal(40, Header(response, "X-Foreground-Left"));
        Assert.Equal(width - 60, Header(response, "X-Foreground-Width"));
        Assert.Equal(height - 40, Header(response, "X-Foreground-Height"));

        using var refused = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["crop"] = "true", ["crop_margin"] = "10px 600px" });
        using var refusal = await client.SendAsync(refused);
        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
    }

    [Fact]
    public async Task Position_30_70_puts_30_percent_of_the_spare_width_left_of_the_subject_and_70_percent_of_the_height_above()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["scale"] = "50%", ["position"] = "30% 70%" });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        int width = Header(response, "X-Width"), height = Header(response, "X-Height");
        int left = Header(response, "X-Foreground-Left"), top = Header(response, "X-Foreground-Top");
        int boxWidth = Header(response, "X-Foreground-Width"), boxHeight = Header(response, "X-Foreground-Height");
        Assert.InRange(left, 0.3 * (width - boxWidth) - 2, 0.3 * (width - boxWidth) + 2);
        Assert.InRange(top, 0.7 * (height - boxHeight) - 2, 0.7 * (height - boxHeight) + 2);
    }

    [Fact]
    public async Task A_photo_stored_sideways_with_an_exif_rotation_keeps_its_upright_frame_when_scaled()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var upright = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["scale"] = "50%" });
        using var uprightAnswer = await client.SendAsync(upright);
        using var sideways = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["scale"] = "50%" }, StoredSidewaysWithExifRotation(TestData.Photo(Portrait)));
        using var sidewaysAnswer = await client.SendAsync(sideways);

        Assert.Equal(HttpStatusCode.OK, sidewaysAnswer.StatusCode);
        var frame = (Header(sidewaysAnswer, "X-Width"), Header(sidewaysAnswer, "X-Height"));
        Assert.True(frame.Item1 < frame.Item2, $"a portrait photo answered {frame.Item1}x{frame.Item2}");
        Assert.Equal((Header(uprightAnswer, "X-Width"), Header(uprightAnswer, "X-Height")), frame);
    }

    [Fact]
    public async Task A_background_sent_as_a_file_fills_every_corner()
    {
        using var backdrop = new SKBitmap(300, 200);
        backdrop.Erase(new SKColor(200, 30, 90));
        using var backdropPng = backdrop.Encode(SKEncodedImageFormat.Png, 100);
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["format"] = "png" });
        ((MultipartFormDataContent)request.Content!).Add(new ByteArrayContent(backdropPng.ToArray()), "bg_image_file", "backdrop.png");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var composed = Pixels.Decode(await response.Content.ReadAsByteArrayAsync());
        Pixels.AssertCornersAre(composed, new SKColor(200, 30, 90), tolerance: 2);
        Pixels.AssertOpaqueCentre(composed);
    }

    [Fact]
    public async Task Add_shadow_darkens_the_room_below_the_subject_that_stays_clear_without_it()
    {
        using var client = fixture.Server.Client(apiKey: null);
        var fields = new Dictionary<string, string> { ["size"] = "preview", ["crop"] = "true", ["crop_margin"] = "0px 0px 60px 0px", ["bg_color"] = "white", ["format"] = "png" };
        var plain = await BelowSubjectAsync(client, fields);
        var shadowed = await BelowSubjectAsync(client, new(fields) { ["add_shadow"] = "true" });
        output.WriteLine($"darkest row below the subject: {plain:F1} without, {shadowed:F1} with add_shadow");
        // Measured: 255 without a shadow, 216 in the darkest row with one.
        Assert.Equal(255, plain, 1);
        Assert.InRange(shadowed, 150, 240);
    }

    [PhotoFact]
    public async Task Type_animal_cuts_out_a_dog_and_format_webp_answers_a_transparent_webp()
    {
        using var client = fixture.Server.Client(apiKey: null);
        using var request = RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview", ["type"] = "animal", ["format"] = "webp" }, TestData.Photo("davis-dog.jpg"));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("animal", response.Headers.GetValues("X-Type").Single());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        using var cutout = Pixels.Decode(bytes);
        Pixels.AssertTransparentCorners(cutout);
        int left = Header(response, "X-Foreground-Left"), top = Header(response, "X-Foreground-Top");
        int boxWidth = Header(response, "X-Foreground-Width"), boxHeight = Header(response, "X-Foreground-Height");
        Assert.Equal(255, cutout.GetPixel(left + boxWidth / 2, top + boxHeight / 2).Alpha);
    }

    [PhotoFact]
    public async Task When_every_worker_and_queue_slot_is_taken_remove_bg_and_rembg_answer_503_with_retry_after()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync(o => { o.MaxConcurrentRequests = 1; o.MaxQueuedRequests = 0; });
        using var client = server.Client();
        using var first = await LimitTests.StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/held").ToString() }, mode = "eco" });
        await host.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));

        using var removeBg = await client.SendAsync(RemoveBgRequest(TestServer.AliceKey, new() { ["size"] = "preview" }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, removeBg.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), removeBg.Headers.RetryAfter!.Delta);
        var error = (await removeBg.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("Server busy", error.GetProperty("title").GetString());

        using var upload = new MultipartFormDataContent { { new ByteArrayContent(TestData.Photo(Portrait)), "file", "photo.jpg" } };
        using var rembg = await client.PostAsync("/api/remove", upload);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rembg.StatusCode);
        Assert.NotNull(rembg.Headers.RetryAfter);
        host.Gate.SetResult();
    }

    private static async Task<string?> XTypeAsync(HttpClient client, Dictionary<string, string> fields)
    {
        using var request = RemoveBgRequest(TestServer.AliceKey, fields);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("X-Type", out var values) ? values.Single() : null;
    }

    /// <summary>The darkest mean green of a row in the margin below the subject, over its middle half.</summary>
    private static async Task<double> BelowSubjectAsync(HttpClient client, Dictionary<string, string> fields)
    {
        using var request = RemoveBgRequest(TestServer.AliceKey, fields);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Pixels.Decode(await response.Content.ReadAsByteArrayAsync());
        int bottom = Header(response, "X-Foreground-Top") + Header(response, "X-Foreground-Height");
        double darkest = 255;
        for (int y = bottom + 2; y < image.Height; y++)
        {
            double sum = 0;
            int from = image.Width / 4, to = image.Width * 3 / 4;
            for (int x = from; x < to; x++)
                sum += image.GetPixel(x, y).Green;
            darkest = Math.Min(darkest, sum / (to - from));
        }
        return darkest;
    }

    /// <summary>
    /// The photo as a camera held sideways stores it: pixels turned a quarter left, with EXIF orientation 6
    /// ("rotate 90° clockwise to view") so that viewers show it upright again.
    /// </summary>
    private static byte[] StoredSidewaysWithExifRotation(byte[] photo)
    {
        using var upright = Pixels.Decode(photo);
        using var stored = new SKBitmap(upright.Height, upright.Width);
        using (var canvas = new SKCanvas(stored))
        {
            canvas.Translate(0, upright.Width);
            canvas.RotateDegrees(-90);
            canvas.DrawBitmap(upright, 0, 0);
        }
        using var jpeg = stored.Encode(SKEncodedImageFormat.Jpeg, 92);
        var bytes = jpeg.ToArray();
        // APP1 "Exif" with a big-endian TIFF header and one IFD entry: Orientation (0x0112), SHORT, 1 value, 6.
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        (segment[0], segment[1]) = ((byte)0xFF, (byte)0xE1);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. bytes[..2], .. segment, .. bytes[2..]];
    }
}
