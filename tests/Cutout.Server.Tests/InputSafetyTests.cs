using Cutout.Tests;
using System.Net;
using Cutout.Chat;
using Cutout.Chat.Execution;
using Cutout.Chat.Inputs;

namespace Cutout.Server.Tests;

/// <summary>
/// Image URLs must not turn the server into a proxy into its own network. Every connection here goes to
/// loopback; "internal" and "metadata" hosts exist only in <see cref="FakeResolver"/> and are refused
/// before any socket is opened.
/// </summary>
public sealed class InputSafetyTests : IAsyncLifetime
{
    private ImageHost _host = null!;
    private ImageHost _otherHost = null!;

    public async Task InitializeAsync()
    {
        _host = await ImageHost.StartAsync();
        _otherHost = await ImageHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _otherHost.DisposeAsync();
    }

    [PhotoTheory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void Loopback_private_link_local_multicast_and_unspecified_addresses_are_not_public(string address)
    {
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.Parse(address)));
        Assert.False(NetworkAddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateNetworks: false));
    }

    [PhotoTheory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Globally_routable_addresses_are_public(string address) =>
        Assert.True(NetworkAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [PhotoTheory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.7", true)]
    [InlineData("fd00::7", true)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("fe80::1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    public void On_premise_mode_opens_private_networks_but_never_link_local_metadata(string address, bool allowed) =>
        Assert.Equal(allowed, NetworkAddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateNetworks: true));

    [PhotoTheory]
    [InlineData("metadata.test", "169.254.169.254")]
    [InlineData("intranet.test", "10.0.0.5")]
    [InlineData("mapped.test", "::ffff:192.168.0.1")]
    [InlineData("router.test", "fe80::1")]
    public async Task A_host_name_resolving_to_a_non_public_address_is_refused_before_connecting(string host, string address)
    {
        var resolver = new FakeResolver { [host] = [IPAddress.Parse(address)] };
        using var downloader = new GuardedImageDownloader(ImageInputOptions.Default, resolver);

        var error = await Assert.ThrowsAsync<ImageInputException>(() => downloader.DownloadAsync(new Uri($"http://{host}/photo.jpg"), "image 1", default));

        Assert.Equal(ErrorCodes.InvalidImageUrl, error.ErrorCode);
        Assert.StartsWith("Invalid image URL: image 1", error.Message);
        Assert.Contains("non-public address", error.Message);
        Assert.Equal([host], resolver.Lookups);
    }

    [PhotoFact]
    public async Task Loopback_literals_are_refused_by_default_and_the_host_sees_no_request()
    {
        using var downloader = new GuardedImageDownloader(ImageInputOptions.Default);

        foreach (var url in new[] { _host.Url("/photo"), new Uri($"http://[::ffff:127.0.0.1]:{_host.BaseAddress.Port}/photo") })
        {
            var error = await Assert.ThrowsAsync<ImageInputException>(() => downloader.DownloadAsync(url, "image 1", default));
            Assert.Contains("non-public address", error.Message);
        }
        Assert.Equal(0, _host.RequestCount);
    }

    [PhotoTheory]
    [InlineData("http://2130706433:{port}/photo")]
    [InlineData("http://0x7f.0.0.1:{port}/photo")]
    [InlineData("http://127.1:{port}/photo")]
    [InlineData("http://localhost:{port}/photo")]
    [InlineData("http://[::1]:{port}/photo")]
    public async Task Other_spellings_of_loopback_are_refused_too(string template)
    {
        using var downloader = new GuardedImageDownloader(ImageInputOptions.Default);
        var url = new Uri(template.Replace("{port}", _host.BaseAddress.Port.ToString()));

        var error = await Assert.ThrowsAsync<ImageInputException>(() => downloader.DownloadAsync(url, "image 1", default));

        Assert.Contains("non-public address", error.Message);
        Assert.Equal(0, _host.RequestCount);
    }

    [PhotoFact]
    public async Task The_connection_goes_to_the_address_the_resolver_vetted()
    {
        // "images.test" exists only in the injected resolver: the download can only succeed by
        // connecting to the address that was checked, not by a second DNS lookup.
        var resolver = new FakeResolver { ["images.test"] = [IPAddress.Loopback] };
        using var downloader = new GuardedImageDownloader(ImageInputOptions.Default with { AllowPrivateNetworks = true }, resolver);

        var bytes = await downloader.DownloadAsync(new Uri($"http://images.test:{_host.BaseAddress.Port}/photo"), "image 1", default);

        Assert.Equal(TestData.Photo("davis-dog.jpg"), bytes);
    }

    [PhotoFact]
    public async Task Up_to_five_redirects_are_followed_and_a_sixth_is_refused()
    {
        using var downloader = OnPremiseDownloader();

        Assert.Equal(TestData.Photo("davis-dog.jpg"), await downloader.DownloadAsync(_host.Url("/redirect/5"), "image 1", default));
        var error = await Assert.ThrowsAsync<ImageInputException>(() => downloader.DownloadAsync(_host.Url("/redirect/6"), "image 1", default));
        Assert.Contains("more than 5 redirects", error.Message);
    }

    [PhotoFact]
    public async Task A_redirect_to_another_port_is_followed()
    {
        using var downloader = OnPremiseDownloader();
        var target = Uri.EscapeDataString(_otherHost.Url("/photo").ToString());

        var bytes = await downloader.DownloadAsync(_host.Url($"/redirect-to?url={target}"), "image 1", default);

        Assert.Equal(TestData.Photo("davis-dog.jpg"), bytes);
        Assert.Equal(1, _otherHost.RequestCount);
    }

    [PhotoTheory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "non-public address")]
    [InlineData("http://metadata.test/latest/meta-data/", "non-public address")]
    [InlineData("file:///etc/passwd", "'file:' URLs are not fetched")]
    public async Task Every_redirect_target_is_checked_again(string target, string reason)
    {
        var resolver = new FakeResolver { ["metadata.test"] = [IPAddress.Parse("169.254.169.254")], ["localhost"] = [IPAddress.Loopback] };
        using var downloader = new GuardedImageDownloader(ImageInputOptions.Default with { AllowPrivateNetworks = true }, resolver);

        var error = await Assert.ThrowsAsync<ImageInputException>(() =>
            downloader.DownloadAsync(_host.Url($"/redirect-to?url={Uri.EscapeDataString(target)}"), "image 1", default));

        Assert.Contains(reason, error.Message);
    }

    [PhotoFact]
    public async Task A_body_beyond_20_MB_is_cut_off_while_streaming()
    {
        using var downloader = OnPremiseDownloader();

        var error = await Assert.ThrowsAsync<ImageInputException>(() => downloader.DownloadAsync(_host.Url("/endless"), "image 2", default));

        Assert.Equal(ErrorCodes.ImageTooLarge, error.ErrorCode);
        Assert.Equal("image 2 is over the 20 MB limit per image", error.Message);
    }

    [PhotoFact]
    public async Task An_http_error_is_reported_as_an_invalid_image_url()
    {
        using var downloader = OnPremiseDownloader();

        var error = await Assert.ThrowsAsync<ImageInputException>(() => downloader.DownloadAsync(_host.Url("/missing"), "image 1", default));

        Assert.Equal("Invalid image URL: image 1 could not be fetched: the server answered HTTP 404", error.Message);
    }

    [PhotoFact]
    public async Task Formats_are_recognised_by_their_bytes_not_by_the_content_type_header()
    {
        using var directory = new TempDirectory();
        var fetcher = OnPremiseFetcher(directory.Path);

        var photo = await fetcher.FetchAsync(_host.Url("/photo").ToString(), "image 1", "key_a", default);
        var page = await Assert.ThrowsAsync<ImageInputException>(() => fetcher.FetchAsync(_host.Url("/page").ToString(), "image 2", "key_a", default));

        Assert.Equal(("JPEG", 854, 480), (photo.Format, photo.Width, photo.Height));
        Assert.Equal(ErrorCodes.UnsupportedImage, page.ErrorCode);
        Assert.Equal("image 2 is not a JPEG, PNG, WebP or GIF image", page.Message);
    }

    [PhotoTheory]
    [InlineData("data:image/png;base64,%%%notbase64", "base64 data is malformed")]
    [InlineData("data:image/png,rawbytes", "not base64-encoded")]
    [InlineData("data:image/png;base64", "without a ','")]
    public void Malformed_data_urls_are_invalid_image_urls(string url, string reason)
    {
        var error = Assert.Throws<ImageInputException>(() => DataUrl.Decode(url, 1024, "image 1"));

        Assert.Equal(ErrorCodes.InvalidImageUrl, error.ErrorCode);
        Assert.Contains(reason, error.Message);
    }

    [PhotoFact]
    public void A_data_url_over_the_limit_is_refused_before_decoding()
    {
        // 2,796,204 base64 characters can only carry 2 MB; no buffer is allocated to find that out.
        var url = "data:image/jpeg;base64," + new string('A', 2_796_204);

        var error = Assert.Throws<ImageInputException>(() => DataUrl.Decode(url, 1024 * 1024, "image 3"));

        Assert.Equal(ErrorCodes.ImageTooLarge, error.ErrorCode);
        Assert.Equal("image 3 is 2 MB, over the 1 MB limit per image", error.Message);
    }

    private static GuardedImageDownloader OnPremiseDownloader() =>
        new(ImageInputOptions.Default with { AllowPrivateNetworks = true });

    private static ImageFetcher OnPremiseFetcher(string directory) =>
        new(ImageInputOptions.Default with { AllowPrivateNetworks = true }, OnPremiseDownloader(),
            new ResultStore(directory), new ResultUrlSigner(new byte[32]));
}

/// <summary>A DNS stand-in: names resolve only to what the test says, and every lookup is recorded.</summary>
internal sealed class FakeResolver : Dictionary<string, IPAddress[]>, IHostResolver
{
    public List<string> Lookups { get; } = [];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Lookups.Add(host);
        if (IPAddress.TryParse(host, out var literal))
            return Task.FromResult(new[] { literal });
        return Task.FromResult(TryGetValue(host, out var addresses) ? addresses : []);
    }
}

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cutout-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
