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
public static class ChatEndpoints
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
            .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .WithName("Chat")
            .WithSummary("Run one chat turn: plan the message, process the images, stream the events.");
        return routes;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ChatService chat, WorkQueue queue, ResultLinks links, ServerOptions options)
    {
        ChatRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ChatRequest>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException e)
        {
            return TypedResults.UnprocessableEntity(new ErrorBody($"Invalid JSON body: {e.Message}"));
        }
        var problem = request is null ? "The 'message' field is required." : ChatRequestRules.FindProblem(request);
        if (problem is not null)
            return TypedResults.UnprocessableEntity(new ErrorBody(problem));

        // The ticket is released with the response, however the request ends (done, failed, client gone).
        var ticket = queue.Enter(http.RequestAborted);
        http.Response.RegisterForDispose(ticket);
        if (ticket.Refused)
        {
            http.Response.Headers.RetryAfter = ((int)options.BusyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(new ErrorBody("The server is busy: too many requests are waiting. Retry later.", ErrorCodes.ServerBusy),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var caller = new ChatCaller(http.User.ApiKeyId(), id => links.For(http.Request, id));
        if (request!.Stream)
        {
            http.Response.Headers["X-Accel-Buffering"] = "no"; // tell reverse proxies not to hold events back
            return TypedResults.ServerSentEvents(StreamAsync(chat, request, caller, ticket, queue, options.IdleStreamTimeout, http.RequestAborted));
        }
        await ticket.WaitTurnAsync();
        return await ChatReply.CollectAsync(chat.RunAsync(request, caller, http.RequestAborted));
    }

    /// <summary>
    /// The event stream. A stream that has shown no event for <see cref="ServerOptions.IdleStreamTimeout"/>
    /// (stuck in the queue or in a step) is stopped with a TIMEOUT error rather than left hanging.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        ChatService chat, ChatRequest request, ChatCaller caller, WorkTicket ticket, WorkQueue queue, TimeSpan idleTimeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (ticket.MustWait)
            yield return Frame(new StatusEvent($"Waiting for a free worker ({queue.Waiting} request(s) queued)", "queue"));

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        await using var events = RunWhenAdmittedAsync(chat, request, caller, ticket, idle.Token).GetAsyncEnumerator(idle.Token);
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

    internal static async IAsyncEnumerable<ChatEvent> RunWhenAdmittedAsync(
        ChatService chat, ChatRequest request, ChatCaller caller, WorkTicket ticket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await ticket.WaitTurnAsync().WaitAsync(cancellationToken);
        await foreach (var chatEvent in chat.RunAsync(request, caller, cancellationToken))
            yield return chatEvent;
    }

    private static SseItem<string> Frame(ChatEvent chatEvent) => new(JsonSerializer.Serialize(chatEvent, EventJson));
}
