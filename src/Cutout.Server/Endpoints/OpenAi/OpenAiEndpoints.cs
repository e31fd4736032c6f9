using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cutout.Chat.Execution;
using Cutout.Chat.Protocol;
using Cutout.Chat.Sessions;
using Cutout.Server.Limits;
using Cutout.Server.Security;

namespace Cutout.Server.Endpoints.OpenAi;

/// <summary>
/// OpenAI-compatible chat (<c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>) over the same chat turns as
/// /chat: the latest user message is the instruction, its image_url parts the images, and the history the
/// client resends leads back to our session through <see cref="ConversationIndex"/>, so "now make it white"
/// works on the earlier result. Result images come as Markdown links in the content and in <c>message.images</c>.
/// </summary>
internal static class OpenAiEndpoints
{
    private const string DefaultInstruction = "Remove the background.";
    private static readonly long ServerStarted = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").RequireAuthorization().WithErrorDialect(OpenAiErrors.Instance).WithTags("OpenAI-compatible chat");
        group.MapPost("/chat/completions", HandleAsync)
            .AddOpenApiOperationTransformer(OpenApiBodies.Describe<OpenAiRequestSchema>("application/json"))
            .Produces<ChatCompletion>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<OpenAiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorBody>(StatusCodes.Status429TooManyRequests)
            .WithName("OpenAiChatCompletions")
            .WithSummary("OpenAI-compatible: one chat turn on the images of the messages; stream: true sends chat.completion.chunk events.");
        group.MapGet("/models", () => TypedResults.Ok(new ModelList(OpenAiConversation.Models.Select(id => new ModelCard(id, ServerStarted, "cutout")).ToList())))
            .WithName("OpenAiModels")
            .WithSummary("OpenAI-compatible: the models (cutout-max, cutout-eco).");
        return routes;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ChatService chat, WorkQueue queue, ResultLinks links, ConversationIndex conversations, ServerOptions options)
    {
        OpenAiConversation conversation;
        try
        {
            conversation = await OpenAiConversation.ReadAsync(http.Request.Body, http.RequestAborted);
        }
        catch (OpenAiException e)
        {
            return OpenAiErrors.Result(e.Status, e.Error);
        }
        var owner = http.User.ApiKeyId();
        var request = ToChatRequest(conversation, FindSession(conversations, owner, conversation));
        if (ChatRequestRules.FindProblem(request) is { } problem)
            return OpenAiErrors.Result(StatusCodes.Status400BadRequest, new OpenAiError(problem, OpenAiErrors.InvalidRequest, "messages", null));

        var ticket = queue.Enter(owner);
        http.Response.RegisterForDispose(ticket);
        if (ticket.Admission != Admission.Admitted)
        {
            http.Response.Headers.RetryAfter = ((int)options.BusyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return OpenAiErrors.Result(StatusCodes.Status503ServiceUnavailable,
                new OpenAiError("The server is busy: too many requests are waiting. Retry later.", OpenAiErrors.Server, null, "server_busy"));
        }
        var caller = new ChatCaller(owner, id => links.For(http.Request, id)) { WaitForWorker = ticket.WaitForWorkerAsync };
        var events = chat.RunAsync(request, caller, http.RequestAborted);
        var reply = new Reply(conversation, owner, conversations);
        if (conversation.Stream)
        {
            http.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(StreamAsync(events, reply, http.RequestAborted));
        }

        await foreach (var chatEvent in events)
        {
            reply.Add(chatEvent);
            if (reply.Failure is { } failure)
                return OpenAiErrors.Result(failure.Status, failure.Error);
        }
        if (!reply.Completed)
            return TypedResults.StatusCode(StatusCodes.Status499ClientClosedRequest);
        await reply.RememberAsync(http.RequestAborted);
        var message = new AssistantMessage(reply.Content, reply.Images);
        return TypedResults.Json(new ChatCompletion(reply.Id, reply.Created, conversation.Model, [new CompletionChoice(0, message, "stop")], Usage.None), ChatEndpoints.EventJson);
    }

    /// <summary>The session the client's history belongs to; null for a first turn or a history this key never had.</summary>
    private static string? FindSession(ConversationIndex conversations, string owner, OpenAiConversation conversation) =>
        conversation.Prior.Any(t => t.Role == "assistant") ? conversations.Find(owner, ConversationIndex.Hash(conversation.Prior)) : null;

    private static ChatRequest ToChatRequest(OpenAiConversation conversation, string? sessionId)
    {
        var latest = conversation.Latest;
        return new ChatRequest
        {
            Message = latest.Text.Trim().Length > 0 ? latest.Text : DefaultInstruction,
            // Within a known session the history already holds the images; otherwise earlier messages' images are used.
            ImageUrls = latest.ImageUrls.Count > 0 || sessionId is null ? conversation.Images : null,
            SessionId = sessionId,
            Stream = conversation.Stream,
            Mode = conversation.Model == OpenAiConversation.EcoModel ? "eco" : "max",
        };
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(IAsyncEnumerable<ChatEvent> events, Reply reply, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return reply.Chunk(new Delta(Role: "assistant", Content: ""), null);
        await foreach (var chatEvent in events.WithCancellation(cancellationToken))
        {
            var (content, image) = reply.Add(chatEvent);
            if (reply.Failure is { } failure)
            {
                // OpenAI's clients raise an error for a stream event that carries "error".
                yield return new SseItem<string>(JsonSerializer.Serialize(new OpenAiErrorBody(failure.Error), ChatEndpoints.EventJson));
                break;
            }
            if (content is not null)
                yield return reply.Chunk(new Delta(Content: content, Images: image is null ? null : [image]), null);
            if (reply.Completed)
            {
                await reply.RememberAsync(cancellationToken);
                yield return reply.Chunk(new Delta(), "stop");
            }
        }
        yield return new SseItem<string>(ChatEndpoints.DoneMarker);
    }

    /// <summary>The assistant's answer as the chat events arrive: the same text whether streamed or not.</summary>
    private sealed class Reply(OpenAiConversation conversation, string owner, ConversationIndex conversations)
    {
        private readonly List<string> _content = [];
        private readonly List<ImagePart> _images = [];
        private string? _sessionId;

        public string Id { get; } = "chatcmpl-" + Guid.NewGuid().ToString("N");
        public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        public string Content => string.Concat(_content);
        public IReadOnlyList<ImagePart> Images => _images;
        public bool Completed => _sessionId is not null;
        public (int Status, OpenAiError Error)? Failure { get; private set; }

        /// <summary>Takes one event; returns the text it adds to the answer and the image it brings, if any.</summary>
        public (string? Content, ImagePart? Image) Add(ChatEvent chatEvent)
        {
            (string? text, ImagePart? image) = chatEvent switch
            {
                ThinkingDelta t => (t.Content, null),
                MessageEvent m => (m.Content, null),
                TextResponse t => (t.Content, null),
                GenerationResponse g => ($"![result {_images.Count + 1}]({g.Url})", new ImagePart(new ImageUrl(g.Url))),
                ClarificationNeeded c => (c.Question + string.Concat(c.Options.Select(o => "\n- " + o)), null),
                _ => (null, null),
            };
            switch (chatEvent)
            {
                case ErrorEvent e:
                    Failure = OpenAiErrors.FromChat(e.Message, e.ErrorCode);
                    break;
                case CompleteEvent done:
                    _sessionId = done.SessionId;
                    break;
            }
            if (text is null)
                return (null, null);
            text = (_content.Count > 0 ? "\n\n" : "") + text;
            _content.Add(text);
            if (image is not null)
                _images.Add(image);
            return (text, image);
        }

        public SseItem<string> Chunk(Delta delta, string? finishReason) =>
            new(JsonSerializer.Serialize(new ChatCompletionChunk(Id, Created, conversation.Model, [new ChunkChoice(0, delta, finishReason)]), ChatEndpoints.EventJson));

        /// <summary>The conversation as the client will send it next time, this answer included, now leads to the session.</summary>
        public Task RememberAsync(CancellationToken cancellationToken)
        {
            var turns = conversation.Turns.Append(new ConversationTurn("assistant", Content, []));
            return conversations.RememberAsync(owner, ConversationIndex.Hash(turns), _sessionId!, cancellationToken);
        }
    }
}

/// <summary>The documented shape of the request body (read by hand: content is a string or an array of parts).</summary>
internal sealed record OpenAiRequestSchema(
    [property: System.Text.Json.Serialization.JsonPropertyName("model")] string Model,
    [property: System.Text.Json.Serialization.JsonPropertyName("messages")] IReadOnlyList<OpenAiMessageSchema> Messages,
    [property: System.Text.Json.Serialization.JsonPropertyName("stream")] bool? Stream);

internal sealed record OpenAiMessageSchema(
    [property: System.Text.Json.Serialization.JsonPropertyName("role")] string Role,
    [property: System.Text.Json.Serialization.JsonPropertyName("content")] JsonElement Content);
