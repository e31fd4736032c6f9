using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cutout.Chat.Execution;
using Cutout.Chat.Protocol;
using Cutout.Chat;
using Cutout.Server.Limits;
using Cutout.Server.Security;
using Microsoft.OpenApi;

namespace Cutout.Server.Endpoints;

/// <summary><c>POST /chat</c>: one chat turn, streamed as Server-Sent Events or answered as one JSON object.</summary>
internal static class ChatEndpoints
{
    public const string DoneMarker = "[DONE]";

    /// <summary>Event JSON as the wire shows it; links keep their '&amp;' readable (the stream is never embedded in HTML).</summary>
    public static JsonSerializerOptions EventJson { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/chat", HandleAsync)
            .RequireAuthorization()
            // The body is read by hand (any Content-Type, 422 for bad JSON), so its schema is added to the document here:
            // declaring it with Accepts() would make routing answer 415 before authentication could answer 401.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(ChatRequest), null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<ChatReply>(StatusCodes.Status200OK)
            .Produces<ErrorBody>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<ErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .WithName("Chat")
            .WithSummary("Run one chat turn: plan the message, process the images, stream the events.");
        return routes;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ChatService chat, WorkQueue queue, LargeBodyGate largeBodies, ResultLinks links, ServerOptions options)
    {
        // A place in flight is taken before the body is read: a flood of large bodies is refused unread.
        var apiKeyId = http.User.ApiKeyId();
        var ticket = queue.Enter(apiKeyId);
        // Released with the response, however the request ends (done, failed, client gone).
        http.Response.RegisterForDispose(ticket);
        if (ticket.Admission != Admission.Admitted)
            return Busy(http, options, ticket.Admission);
        var (request, invalidJson) = await ReadRequestAsync(http, largeBodies);
        if (invalidJson is not null)
            return TypedResults.UnprocessableEntity(new ErrorBody($"Invalid JSON body: {invalidJson}"));
        var problem = request is null ? "The 'message' field is required." : ChatRequestRules.FindProblem(request);
        if (problem is not null)
            return TypedResults.UnprocessableEntity(new ErrorBody(problem));

        var caller = new ChatCaller(apiKeyId, id => links.For(http.Request, id)) { WaitForWorker = ticket.WaitForWorkerAsync };
        if (request!.Stream)
        {
            http.Response.Headers["X-Accel-Buffering"] = "no"; // tell reverse proxies not to hold events back
            return TypedResults.ServerSentEvents(StreamAsync(chat, request, caller, options.IdleStreamTimeout, http.RequestAborted));
        }
        return await ChatReply.CollectAsync(chat.RunAsync(request, caller, http.RequestAborted));
    }

    /// <summary>The parsed body, or why it is not JSON. Its own method so the raw bytes are garbage once parsed, not kept for the whole turn.</summary>
    private static async Task<(ChatRequest? Request, string? InvalidJson)> ReadRequestAsync(HttpContext http, LargeBodyGate largeBodies)
    {
        var (body, length, slot) = await largeBodies.ReadAsync(http.Request, http.RequestAborted);
        http.Response.RegisterForDispose(slot);
        try
        {
            return (JsonSerializer.Deserialize<ChatRequest>(body.AsSpan(0, length)), null);
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }
    }

    private static IResult Busy(HttpContext http, ServerOptions options, Admission refusal)
    {
        http.Response.Headers.RetryAfter = ((int)options.BusyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return refusal == Admission.KeyBusy
            ? TypedResults.Json(new ErrorBody($"This API key already has {options.MaxRequestsInFlightPerKey} chat requests in flight; retry when one has finished.",
                ErrorCodes.TooManyInFlight), statusCode: StatusCodes.Status429TooManyRequests)
            : TypedResults.Json(new ErrorBody("The server is busy: too many requests are waiting. Retry later.", ErrorCodes.ServerBusy),
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// The event stream. A stream that has shown no event for <see cref="ServerOptions.IdleStreamTimeout"/>
    /// (stuck waiting for a worker or in a step) is stopped with a TIMEOUT error rather than left hanging.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        ChatService chat, ChatRequest request, ChatCaller caller, TimeSpan idleTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        await using var events = chat.RunAsync(request, caller, idle.Token).GetAsyncEnumerator(idle.Token);
        bool timedOut = false;
        while (true)
        {
            bool hasNext;
            try
            {
                hasNext = await events.MoveNextAsync();
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
                break;
            }
            if (!hasNext)
                break;
            idle.CancelAfter(idleTimeout);
            yield return Frame(events.Current);
        }
        if (timedOut)
            yield return Frame(new ErrorEvent($"No progress for {idleTimeout.TotalSeconds:0} s; the request was stopped. Please try again.", ErrorCodes.Timeout));
        yield return new SseItem<string>(DoneMarker);
    }

    private static SseItem<string> Frame(ChatEvent chatEvent) => new(JsonSerializer.Serialize(chatEvent, EventJson));
}
