using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cutout.Server.Tests.Clients;

/// <summary>What the drop-in APIs share with /chat: the rate limit (in each protocol's envelope) and the OpenAPI document.</summary>
public sealed class DropInGatewayTests
{
    [Fact]
    public async Task Over_the_rate_limit_remove_bg_clients_get_429_with_retry_after_and_rate_limit_headers_in_their_envelope()
    {
        await using var server = await TestServer.StartAsync(options => options.RequestsPerMinute = 1);
        using var client = server.Client(apiKey: null);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestServer.AliceKey);
        using var first = await client.GetAsync("/v1.0/account");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("0", first.Headers.GetValues("X-RateLimit-Remaining").Single());

        using var refused = await client.GetAsync("/v1.0/account");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("1", refused.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.True(refused.Headers.Contains("X-RateLimit-Reset"));
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());

        using var openAi = await client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.TooManyRequests, openAi.StatusCode);
        Assert.Equal("rate_limit_error", (await openAi.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_drop_in_endpoint()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client(apiKey: null);
        var paths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.True(paths.GetProperty("/v1.0/removebg").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(paths.GetProperty("/v1.0/account").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/remove").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/remove").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/chat/completions").GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.True(paths.GetProperty("/v1/models").TryGetProperty("get", out _));
    }
}
