using System.Text.Json.Serialization;
using Cutout.Chat.Sessions;
using Cutout.Chat;
using Cutout.Server.Security;

namespace Cutout.Server.Endpoints;

/// <summary><c>GET/DELETE /memory?session_id=</c> and <c>GET /sessions</c>: the caller's conversation memory.</summary>
internal static class MemoryEndpoints
{
    private static readonly ErrorBody NotFound = new("Session not found.", ErrorCodes.SessionNotFound);
    private static readonly ErrorBody MissingId = new("The 'session_id' query parameter is required.");

    public static IEndpointRouteBuilder MapMemoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").RequireAuthorization();
        group.MapGet("/memory", GetAsync).WithName("GetMemory").WithSummary("A session's conversation history and generated images.");
        group.MapDelete("/memory", DeleteAsync).WithName("ClearMemory").WithSummary("Forget a session.");
        group.MapGet("/sessions", ListAsync).WithName("ListSessions").WithSummary("The caller's session ids, most recent first.");
        return routes;
    }

    private static async Task<IResult> GetAsync(HttpContext http, ISessionStore sessions, ResultLinks links, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "session_id")] string? sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
            return TypedResults.UnprocessableEntity(MissingId);
        var session = await sessions.FindAsync(http.User.ApiKeyId(), sessionId, http.RequestAborted);
        if (session is null)
            return TypedResults.NotFound(NotFound);

        var history = session.Exchanges.Select(e => new MemoryExchange(e.Timestamp, e.UserPrompt, e.ChatbotResponse, FreshLinks(http.Request, links, e))).ToList();
        return TypedResults.Json(new MemoryReply(session.SessionId, history, history.Count, history.SelectMany(e => e.GeneratedMediaUrls).ToList()), ChatEndpoints.EventJson);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, ISessionStore sessions, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "session_id")] string? sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
            return TypedResults.UnprocessableEntity(MissingId);
        return await sessions.DeleteAsync(http.User.ApiKeyId(), sessionId, http.RequestAborted)
            ? TypedResults.Ok(new ClearedReply(true, sessionId))
            : TypedResults.NotFound(NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ISessionStore sessions)
    {
        var list = await sessions.ListAsync(http.User.ApiKeyId(), http.RequestAborted);
        return TypedResults.Ok(new SessionsReply(list.Select(s => s.SessionId).ToList()));
    }

    /// <summary>Links signed now, so history read tomorrow still downloads; stored links only when ids are missing.</summary>
    private static IReadOnlyList<string> FreshLinks(HttpRequest request, ResultLinks links, SessionExchange exchange) =>
        exchange.ResultIds.Count == exchange.GeneratedMediaUrls.Count
            ? exchange.ResultIds.Select(id => links.For(request, id)).ToList()
            : exchange.GeneratedMediaUrls;
}

internal sealed record MemoryExchange(
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("user_prompt")] string UserPrompt,
    [property: JsonPropertyName("chatbot_response")] string ChatbotResponse,
    [property: JsonPropertyName("generated_media_urls")] IReadOnlyList<string> GeneratedMediaUrls);

internal sealed record MemoryReply(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("conversation_history")] IReadOnlyList<MemoryExchange> ConversationHistory,
    [property: JsonPropertyName("total_exchanges")] int TotalExchanges,
    [property: JsonPropertyName("generated_media_urls")] IReadOnlyList<string> GeneratedMediaUrls);

internal sealed record ClearedReply(
    [property: JsonPropertyName("cleared")] bool Cleared,
    [property: JsonPropertyName("session_id")] string SessionId);

internal sealed record SessionsReply([property: JsonPropertyName("sessions")] IReadOnlyList<string> Sessions);
