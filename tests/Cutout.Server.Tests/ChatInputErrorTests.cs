using Cutout.Advanced;
using Cutout.Tests;
using System.Net;
using System.Net.Http.Json;
using Cutout.Imaging;

namespace Cutout.Server.Tests;

/// <summary>
/// Images the server cannot use end the stream with one clear <c>error</c> event naming the image and
/// the limit, then <c>[DONE]</c>; none of these reach the model.
/// </summary>
public sealed class ChatInputErrorTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [PhotoFact]
    public async Task Five_images_exceed_the_limit_of_four()
    {
        var photo = TestData.DataUrl("weizmann-horse025.png");

        var error = await ErrorOfAsync(Enumerable.Repeat(photo, 5).ToArray());

        Assert.Equal(("TOO_MANY_IMAGES", "5 images were sent; at most 4 images per request are allowed"), error);
    }

    [PhotoTheory]
    [InlineData(32, 32, "image 1 (data: URL) is 32x32 px; each side must be between 64 and 8192 px")]
    [InlineData(8193, 64, "image 1 (data: URL) is 8193x64 px; each side must be between 64 and 8192 px")]
    [InlineData(64, 63, "image 1 (data: URL) is 64x63 px; each side must be between 64 and 8192 px")]
    public async Task Images_outside_64_to_8192_pixels_per_side_are_refused(int width, int height, string message)
    {
        var png = ImageEncoder.Encode(new RgbaImage(width, height), OutputFormat.Png, 92);

        var error = await ErrorOfAsync("data:image/png;base64," + Convert.ToBase64String(png));

        Assert.Equal(("IMAGE_DIMENSIONS", message), error);
    }

    [PhotoFact]
    public async Task An_image_over_20_MB_is_refused_naming_the_image()
    {
        var bytes = new byte[21 * 1024 * 1024];
        TestData.Photo("davis-dog.jpg").CopyTo(bytes, 0);

        var error = await ErrorOfAsync(TestData.DataUrl("davis-dog.jpg"), "data:image/jpeg;base64," + Convert.ToBase64String(bytes));

        Assert.Equal(("IMAGE_TOO_LARGE", "image 2 of 2 (data: URL) is 21 MB, over the 20 MB limit per image"), error);
    }

    [PhotoFact]
    public async Task Bytes_that_are_no_image_are_refused()
    {
        var error = await ErrorOfAsync("data:image/png;base64," + Convert.ToBase64String("%PDF-1.7 not an image"u8.ToArray()));

        Assert.Equal(("UNSUPPORTED_IMAGE", "image 1 (data: URL) is not a JPEG, PNG, WebP, GIF or BMP image"), error);
    }

    [PhotoFact]
    public async Task A_truncated_jpeg_is_reported_as_an_invalid_image()
    {
        var photo = TestData.Photo("davis-dog.jpg");

        var error = await ErrorOfAsync("data:image/jpeg;base64," + Convert.ToBase64String(photo[..(photo.Length / 3)]));

        Assert.Equal("INVALID_IMAGE", error.Code);
        Assert.StartsWith("Image 1 (data: URL): the image data is truncated", error.Message);
    }

    [PhotoFact]
    public async Task Something_that_is_no_url_is_an_invalid_image_url()
    {
        var error = await ErrorOfAsync("my-photo.jpg");

        Assert.Equal(("INVALID_IMAGE_URL", "Invalid image URL: image 1 (my-photo.jpg) is not an http(s) URL, a data: URL or a result id"), error);
    }

    [PhotoFact]
    public async Task An_unknown_result_id_is_an_invalid_image_url()
    {
        var error = await ErrorOfAsync("res_0123456789abcdef0123456789abcdef");

        Assert.Equal("INVALID_IMAGE_URL", error.Code);
        Assert.EndsWith("names a result that does not exist or is not yours", error.Message);
    }

    [PhotoFact]
    public async Task With_stream_false_an_input_error_is_a_422_with_detail_and_error_code()
    {
        using var client = _server.Client();

        using var response = await client.PostAsJsonAsync("/chat", new { message = "Remove the background", image_urls = new[] { "ftp://example.com/a.jpg" }, stream = false });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(
            """{"detail":"Invalid image URL: image 1 (ftp://example.com/a.jpg) is not an http(s) URL, a data: URL or a result id","error_code":"INVALID_IMAGE_URL"}""",
            await response.Content.ReadAsStringAsync());
    }

    private async Task<(string Code, string Message)> ErrorOfAsync(params string[] imageUrls)
    {
        var transcript = await _server.ChatAsync(new { message = "Remove the background from this image", image_urls = imageUrls, mode = "eco" });
        Assert.Equal(HttpStatusCode.OK, transcript.StatusCode);
        Assert.Equal("error", transcript.Types.Last());
        Assert.DoesNotContain("complete", transcript.Types);
        Assert.DoesNotContain("generation_response", transcript.Types);
        var error = transcript.Last;
        return (error.GetProperty("error_code").GetString()!, error.GetProperty("message").GetString()!);
    }
}

/// <summary>Image URLs pointing into the server's own network, on a server in its default (public) mode.</summary>
public sealed class ChatSsrfTests
{
    [PhotoTheory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://10.0.0.1/admin.png")]
    [InlineData("http://[fd00::1]/a.png")]
    public async Task Urls_into_private_networks_are_refused_without_connecting(string url)
    {
        var resolver = new FakeResolver { ["metadata.google.internal"] = [IPAddress.Parse("169.254.169.254")] };
        await using var server = await TestServer.StartAsync(o => { o.Images = o.Images with { AllowPrivateNetworks = false }; o.HostResolver = resolver; });

        var transcript = await server.ChatAsync(new { message = "Remove the background", image_urls = new[] { url }, mode = "eco" });

        var error = transcript.Last;
        Assert.Equal("INVALID_IMAGE_URL", error.GetProperty("error_code").GetString());
        Assert.StartsWith($"Invalid image URL: image 1 ({url}) could not be fetched:", error.GetProperty("message").GetString());
        Assert.Contains("non-public address", error.GetProperty("message").GetString());
    }

    [PhotoFact]
    public async Task A_loopback_image_host_is_never_contacted_in_public_mode()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync(o => o.Images = o.Images with { AllowPrivateNetworks = false });

        var transcript = await server.ChatAsync(new { message = "Remove the background", image_urls = new[] { host.Url("/photo").ToString() }, mode = "eco" });

        Assert.Equal("INVALID_IMAGE_URL", transcript.Last.GetProperty("error_code").GetString());
        Assert.Equal(0, host.RequestCount);
    }
}
