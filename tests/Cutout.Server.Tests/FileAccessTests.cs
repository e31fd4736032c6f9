using Cutout.Tests;
using System.Net;
using Cutout.Chat.Execution;
using Cutout.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Cutout.Server.Tests;

/// <summary><c>/files/{id}</c> serves a result to its owner's key or to a valid signed link, and to nobody else.</summary>
public sealed class FileAccessTests : IAsyncLifetime
{
    private static readonly byte[] Png = TestData.Photo("weizmann-horse025.png");
    private TestServer _server = null!;
    private StoredImage _result = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        var aliceId = ApiKeyRegistry.KeyId(ApiKeyRegistry.Digest(TestServer.AliceKey));
        _result = await _server.Services.GetRequiredService<ResultStore>().SaveAsync(aliceId, Png, "image/png", 300, 225, "isnet-quint8", default);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [PhotoFact]
    public async Task The_owner_downloads_the_bytes_with_the_right_content_type()
    {
        using var client = _server.Client();

        using var response = await client.GetAsync($"/files/{_result.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
    }

    [PhotoFact]
    public async Task Another_key_gets_404_as_if_the_file_did_not_exist()
    {
        using var bob = _server.Client(TestServer.BobKey);

        using var foreign = await bob.GetAsync($"/files/{_result.Id}");
        using var missing = await bob.GetAsync("/files/res_00000000000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
    }

    [PhotoFact]
    public async Task A_signed_link_downloads_without_a_key()
    {
        var link = SignedLink(DateTimeOffset.UtcNow.AddHours(1));
        using var anonymous = new HttpClient();

        Assert.Equal(Png, await anonymous.GetByteArrayAsync(link));
    }

    [PhotoTheory]
    [InlineData(-1, false, "The link has expired or its signature is invalid; send your API key or ask for the result again.")]
    [InlineData(1, true, "The link has expired or its signature is invalid; send your API key or ask for the result again.")]
    public async Task An_expired_or_tampered_link_gets_401(int hours, bool tamper, string detail)
    {
        var link = SignedLink(DateTimeOffset.UtcNow.AddHours(hours));
        if (tamper)
            link = link[..^1] + (link[^1] == '0' ? '1' : '0');
        using var anonymous = new HttpClient();

        using var response = await anonymous.GetAsync(link);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(detail, await AccessTests.DetailAsync(response));
    }

    [PhotoFact]
    public async Task Without_key_or_signature_the_answer_is_401_whether_or_not_the_file_exists()
    {
        using var anonymous = _server.Client(apiKey: null);

        using var existing = await anonymous.GetAsync($"/files/{_result.Id}");
        using var missing = await anonymous.GetAsync("/files/res_00000000000000000000000000000000");

        Assert.Equal(HttpStatusCode.Unauthorized, existing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("API key is required.", await AccessTests.DetailAsync(existing));
    }

    [PhotoFact]
    public async Task A_signature_for_one_result_does_not_open_another()
    {
        var aliceId = ApiKeyRegistry.KeyId(ApiKeyRegistry.Digest(TestServer.AliceKey));
        var other = await _server.Services.GetRequiredService<ResultStore>().SaveAsync(aliceId, Png, "image/png", 300, 225, null, default);
        var query = new Uri(SignedLink(DateTimeOffset.UtcNow.AddHours(1))).Query;
        using var anonymous = new HttpClient { BaseAddress = _server.BaseAddress };

        using var response = await anonymous.GetAsync($"/files/{other.Id}{query}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private string SignedLink(DateTimeOffset expires)
    {
        var signer = _server.Services.GetRequiredService<ResultUrlSigner>();
        return new Uri(_server.BaseAddress, $"/files/{_result.Id}?{signer.SignQuery(_result.Id, expires)}").ToString();
    }
}
