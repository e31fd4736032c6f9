using Cutout.Chat.Execution;
using Cutout.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Cutout.Server.Tests;

/// <summary>
/// Which client a limit counts: behind a configured proxy the address it forwards, otherwise the connection's own;
/// and which budget an anonymous request draws on.
/// </summary>
public sealed class ClientAddressTests
{
    /// <summary>
    /// A guesser behind the proxy uses up its failed-login budget; the next client's wrong key is counted on its own
    /// only when the connection comes from a listed proxy (the tests connect from 127.0.0.1).
    /// </summary>
    [Theory]
    [InlineData("127.0.0.1", 401)]
    [InlineData("", 429)]
    [InlineData("10.0.0.0/8", 429)]
    public async Task A_forwarded_client_address_counts_only_from_a_listed_proxy(string trustedProxies, int neighboursAnswer)
    {
        await using var server = await TestServer.StartAsync(o =>
            (o.FailedLoginsPerMinute, o.TrustedProxies) = (3, [.. trustedProxies.Split(',', StringSplitOptions.RemoveEmptyEntries)]));

        var guesser = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.7", count: 4);
        var neighbour = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.8", count: 1);

        Assert.Equal([401, 401, 401, 429], guesser);
        Assert.Equal([neighboursAnswer], neighbour);
    }

    [Fact]
    public async Task Trusted_proxies_come_from_configuration_and_a_malformed_one_stops_the_start()
    {
        await using var server = await TestServer.StartAsync(args: ["--Cutout:TrustedProxies:0=10.0.0.5", "--Cutout:TrustedProxies:1=fd00::/8"]);

        Assert.Equal(["10.0.0.5", "fd00::/8"], server.Services.GetRequiredService<ServerOptions>().TrustedProxies);
        var error = Assert.Throws<InvalidOperationException>(() => TrustedProxies.ForwardedHeaders(["10.0.0.300"]));
        Assert.Contains("'10.0.0.300'", error.Message);
    }

    [Fact]
    public async Task Valid_signed_downloads_have_a_budget_of_their_own_that_made_up_signatures_cannot_use()
    {
        await using var server = await TestServer.StartAsync(o => o.RequestsPerMinute = 3);
        var signer = server.Services.GetRequiredService<ResultUrlSigner>();
        string signed = $"/files/res_gone?{signer.SignQuery("res_gone", DateTimeOffset.UtcNow.AddHours(1))}";
        using var anonymous = server.Client(apiKey: null);

        var forged = await StatusesAsync(anonymous, "/files/res_gone?expires=99999999999&sig=00", 4);
        var downloads = await StatusesAsync(anonymous, signed, 4);

        // A forged link uses up the address's budget; the valid one still has all of its own (404: nothing stored under that id).
        Assert.Equal([401, 401, 401, 429], forged);
        Assert.Equal([404, 404, 404, 429], downloads);
    }

    private static async Task<List<int>> WrongKeyAnswersAsync(TestServer server, string forwardedFor, int count)
    {
        using var client = server.Client("not-the-key");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return await StatusesAsync(client, "/sessions", count);
    }

    private static async Task<List<int>> StatusesAsync(HttpClient client, string path, int count)
    {
        var statuses = new List<int>();
        for (int i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(path);
            statuses.Add((int)response.StatusCode);
        }
        return statuses;
    }
}
