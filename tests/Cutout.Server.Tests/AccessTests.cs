using Cutout.Tests;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Cutout.Server.Tests;

/// <summary>Authentication, request ids, request validation and the limits that protect the server.</summary>
public sealed class AccessTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [PhotoFact]
    public async Task A_request_without_key_gets_401_api_key_is_required()
    {
        using var client = _server.Client(apiKey: null);

        using var response = await client.PostAsJsonAsync("/chat", new { message = "Remove the background" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("API key is required.", await DetailAsync(response));
        Assert.NotEmpty(response.Headers.GetValues("X-Request-Id").Single());
    }

    [PhotoFact]
    public async Task Without_a_key_the_answer_is_401_whatever_the_content_type()
    {
        using var client = _server.Client(apiKey: null);

        using var response = await client.PostAsync("/chat", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("API key is required.", await DetailAsync(response));
    }

    [PhotoFact]
    public async Task A_json_body_is_read_even_without_a_json_content_type()
    {
        using var client = _server.Client();
        var body = new ByteArrayContent("""{"message": "Remove the background", "behavior": "plan", "stream": false}"""u8.ToArray());

        using var response = await client.PostAsync("/chat", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [PhotoFact]
    public async Task An_unknown_key_gets_401_with_a_different_detail()
    {
        using var client = _server.Client(apiKey: "not-a-key");

        using var response = await client.GetAsync("/sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid API key.", await DetailAsync(response));
    }

    [PhotoFact]
    public async Task A_bearer_token_is_accepted_like_the_api_key_header()
    {
        using var client = _server.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.BobKey);

        using var response = await client.GetAsync("/sessions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"sessions":[]}""", await response.Content.ReadAsStringAsync());
    }

    [PhotoFact]
    public async Task A_session_id_over_128_characters_gets_422()
    {
        using var client = _server.Client();

        using var response = await client.PostAsync("/chat", new StringContent($$"""{"message": "hi", "session_id": "{{new string('s', 129)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("'session_id' must be 1 to 128 characters", await DetailAsync(response));
    }

    [PhotoFact]
    public async Task Every_response_forbids_framing_and_referrers_and_names_no_server_software()
    {
        using var anonymous = _server.Client(apiKey: null);

        foreach (var path in new[] { "/healthz", "/sessions", "/files/res_00000000000000000000000000000000" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.False(response.Headers.Contains("Server"), path);
        }
    }

    [PhotoFact]
    public async Task Every_response_carries_a_request_id_and_a_client_id_is_echoed()
    {
        using var client = _server.Client();
        using var generated = await client.GetAsync("/healthz");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sessions") { Headers = { { "X-Request-Id", "trace-42.a_b" } } };
        using var echoed = await client.SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("trace-42.a_b", echoed.Headers.GetValues("X-Request-Id").Single());
    }

    [PhotoTheory]
    [InlineData("{\"message\": ", "Invalid JSON body")]
    [InlineData("{\"image_urls\": []}", "The 'message' field is required.")]
    [InlineData("{\"message\": \"   \"}", "The 'message' field is required.")]
    [InlineData("null", "The 'message' field is required.")]
    [InlineData("{\"message\": \"hi\", \"mode\": \"turbo\"}", "'mode' must be \"max\" or \"eco\", not \"turbo\".")]
    [InlineData("{\"message\": \"hi\", \"behavior\": \"yolo\"}", "'behavior' must be \"agent\", \"plan\" or \"ask\", not \"yolo\".")]
    [InlineData("{\"message\": \"hi\", \"model\": \"u2net-huge\"}", "Unknown 'model' \"u2net-huge\"; use auto or one of: isnet-fp16, isnet-quint8.")]
    [InlineData("{\"message\": \"hi\", \"session_id\": \"\"}", "'session_id' must be 1 to 128 characters without control characters.")]
    [InlineData("{\"message\": \"hi\", \"session_id\": \"a\\nb\"}", "'session_id' must be 1 to 128 characters without control characters.")]
    public async Task Invalid_chat_bodies_get_422_with_a_detail(string body, string detail)
    {
        using var client = _server.Client();

        using var response = await client.PostAsync("/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith(detail, await DetailAsync(response));
    }

    [PhotoFact]
    public async Task A_message_over_10000_characters_gets_422()
    {
        using var client = _server.Client();

        using var response = await client.PostAsJsonAsync("/chat", new { message = new string('x', 10_001) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("The 'message' field is 10001 characters long; at most 10,000 are allowed.", await DetailAsync(response));
    }

    [PhotoFact]
    public async Task Health_and_the_openapi_document_need_no_key()
    {
        using var client = _server.Client(apiKey: null);

        var health = await client.GetStringAsync("/healthz");
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        Assert.Equal("""{"status":"ok"}""", health);
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/remove", "/chat", "/files/{id}", "/healthz", "/memory", "/sessions", "/v1.0/account", "/v1.0/removebg", "/v1/chat/completions", "/v1/models"], paths);
        var chatBody = openApi.RootElement.GetProperty("paths").GetProperty("/chat").GetProperty("post").GetProperty("requestBody");
        Assert.True(chatBody.GetProperty("content").TryGetProperty("application/json", out _));
    }

    internal static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("detail").GetString()!;
    }
}

/// <summary>Limits that need their own server configuration.</summary>
public sealed class LimitTests
{
    [PhotoFact]
    public async Task The_fourth_request_in_a_minute_over_a_limit_of_three_gets_429_with_retry_after()
    {
        await using var server = await TestServer.StartAsync(o => o.RequestsPerMinute = 3);
        using var alice = server.Client();
        using var bob = server.Client(TestServer.BobKey);

        var remaining = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            using var ok = await alice.GetAsync("/sessions");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        using var refused = await alice.GetAsync("/sessions");
        using var otherKey = await bob.GetAsync("/sessions");

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("3", refused.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.NotEmpty(refused.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.NotEmpty(refused.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [PhotoFact]
    public async Task When_every_worker_and_queue_slot_is_taken_a_chat_request_gets_503_with_retry_after()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync(o => { o.MaxConcurrentRequests = 1; o.MaxQueuedRequests = 0; });
        using var client = server.Client();

        using var first = await StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/held").ToString() }, mode = "eco" });
        await host.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        using var second = await client.PostAsJsonAsync("/chat", new { message = "Remove the background", behavior = "plan" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), second.Headers.RetryAfter!.Delta);
        Assert.StartsWith("The server is busy", await AccessTests.DetailAsync(second));
        host.Gate.SetResult();
    }

    [PhotoFact]
    public async Task A_client_that_disconnects_stops_its_work_and_frees_its_worker()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync(o => { o.MaxConcurrentRequests = 1; o.MaxQueuedRequests = 0; });
        using var client = server.Client();

        var response = await StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/held").ToString() }, mode = "eco" });
        await host.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        response.Dispose();

        // The held download never completes, so the only worker frees up only if the disconnect
        // cancelled the request. Poll (bounded) until the server accepts work again.
        HttpStatusCode status = HttpStatusCode.ServiceUnavailable;
        for (int attempt = 0; attempt < 300 && status == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            await Task.Delay(100);
            using var next = await client.PostAsJsonAsync("/chat", new { message = "Remove the background", behavior = "plan", stream = false });
            status = next.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(host.Gate.Task.IsCompleted);
    }

    [PhotoFact]
    public async Task Settings_come_from_configuration_keys()
    {
        await using var server = await TestServer.StartAsync(args: ["--Cutout:RequestsPerMinute=7", "--Cutout:Images:MaxImagesPerRequest=2", "--Cutout:IdleStreamTimeout=00:05:00"]);
        var options = server.Services.GetRequiredService<ServerOptions>();
        using var client = server.Client();
        using var response = await client.GetAsync("/sessions");

        Assert.Equal((7, 2, TimeSpan.FromMinutes(5)), (options.RequestsPerMinute, options.Images.MaxImagesPerRequest, options.IdleStreamTimeout));
        Assert.Equal("7", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(4, Cutout.Chat.Inputs.ImageInputOptions.Default.MaxImagesPerRequest);
    }

    [PhotoFact]
    public async Task A_stream_without_progress_for_the_idle_timeout_ends_with_a_timeout_error()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync(o => o.IdleStreamTimeout = TimeSpan.FromSeconds(2));

        var transcript = await server.ChatAsync(new { message = "Remove the background", image_urls = new[] { host.Url("/held").ToString() }, mode = "eco" });

        Assert.Equal(["thinking_delta", "status", "error"], transcript.Types);
        Assert.Equal("TIMEOUT", transcript.Last.GetProperty("error_code").GetString());
        Assert.Equal("No progress for 2 s; the request was stopped. Please try again.", transcript.Last.GetProperty("message").GetString());
        Assert.False(host.Gate.Task.IsCompleted);
    }

    [PhotoFact]
    public async Task A_body_over_the_configured_size_gets_413()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxRequestBodyBytes = 64 * 1024);
        using var client = server.Client();

        using var response = await client.PostAsJsonAsync("/chat", new { message = "Remove the background", image_urls = new[] { "data:image/jpeg;base64," + new string('A', 100_000) } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The request body is larger than this server accepts.", await AccessTests.DetailAsync(response));
    }

    internal static async Task<HttpResponseMessage> StartStreamAsync(HttpClient client, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/chat") { Content = JsonContent.Create(body) };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}
