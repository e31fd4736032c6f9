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
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_failed_login_budget()
    {
        await using var server = await TestServer.StartAsync(o => (o.FailedLoginsPerMinute, o.TrustedProxies) = (3, ["127.0.0.1"]));

        var guesser = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.7", count: 4);
        var neighbour = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.8", count: 1);

        Assert.Equal([401, 401, 401, 429], guesser);
        Assert.Equal([401], neighbour);
    }

    [Fact]
    public async Task Without_a_trusted_proxy_x_forwarded_for_is_ignored()
    {
        await using var server = await TestServer.StartAsync(o => o.FailedLoginsPerMinute = 3);

        var guesser = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.7", count: 4);
        var claimsToBeSomeoneElse = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.8", count: 1);

        Assert.Equal([401, 401, 401, 429], guesser);
        Assert.Equal([429], claimsToBeSomeoneElse);
    }

    [Fact]
    public async Task A_request_from_an_untrusted_address_cannot_pick_its_client_address()
    {
        await using var server = await TestServer.StartAsync(o => (o.FailedLoginsPerMinute, o.TrustedProxies) = (3, ["10.0.0.0/8"]));

        var guesser = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.7", count: 4);
        var claimsToBeSomeoneElse = await WrongKeyAnswersAsync(server, forwardedFor: "203.0.113.8", count: 1);

        Assert.Equal([401, 401, 401, 429], guesser);
        Assert.Equal([429], claimsToBeSomeoneElse);
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
