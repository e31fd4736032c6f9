using System.Text.Json;
using Cutout.Chat.Sessions;

namespace Cutout.Server.Endpoints.OpenAi;

/// <summary>
/// The body of <c>POST /v1/chat/completions</c>: the model, whether to stream, and the messages as
/// <see cref="ConversationTurn"/>s (text parts joined, <c>image_url</c> parts collected; data: URLs included).
/// </summary>
internal sealed record OpenAiConversation(string Model, bool Stream, IReadOnlyList<ConversationTurn> Turns)
{
    public const string MaxModel = "cutout-max";
    public const string EcoModel = "cutout-eco";

    public static IReadOnlyList<string> Models { get; } = [MaxModel, EcoModel];

    public ConversationTurn Latest => Turns[^1];

    /// <summary>Everything before the latest message: what the client says happened so far.</summary>
    public IReadOnlyList<ConversationTurn> Prior => Turns.Take(Turns.Count - 1).ToList();

    /// <summary>Images to work on: the latest message's, else the most recent ones the user sent earlier.</summary>
    public IReadOnlyList<string> Images =>
        Latest.ImageUrls.Count > 0 ? Latest.ImageUrls
        : Prior.LastOrDefault(t => t.Role == "user" && t.ImageUrls.Count > 0)?.ImageUrls ?? [];

    public static async Task<OpenAiConversation> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw Invalid($"We could not parse the JSON body of your request: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid("The request body must be a JSON object.");
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : MaxModel;
            if (!Models.Contains(model))
                throw new OpenAiException(StatusCodes.Status404NotFound, $"The model '{model}' does not exist. Use {MaxModel} or {EcoModel}.", code: "model_not_found", param: "model");
            bool stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
                throw Invalid("'messages' must be a non-empty array.", "messages");
            var turns = messages.EnumerateArray().Select((message, i) => ReadTurn(message, i)).ToList();
            if (turns[^1].Role != "user")
                throw Invalid("The last message must come from the user.", "messages");
            if (turns[^1].Text.Trim().Length == 0 && turns[^1].ImageUrls.Count == 0)
                throw Invalid("The last message has neither text nor an image.", "messages");
            return new OpenAiConversation(model, stream, turns);
        }
    }

    private static ConversationTurn ReadTurn(JsonElement message, int index)
    {
        var param = $"messages[{index}]";
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            throw Invalid($"{param} needs a 'role'.", param);
        var texts = new List<string>();
        var images = new List<string>();
        if (message.TryGetProperty("content", out var content))
        {
            if (content.ValueKind == JsonValueKind.String)
                texts.Add(content.GetString()!);
            else if (content.ValueKind == JsonValueKind.Array)
                foreach (var part in content.EnumerateArray())
                    ReadPart(part, param, texts, images);
            else if (content.ValueKind != JsonValueKind.Null)
                throw Invalid($"{param}.content must be a string or an array of content parts.", param);
        }
        return new ConversationTurn(role.GetString()!, string.Join("\n", texts), images);
    }

    private static void ReadPart(JsonElement part, string param, List<string> texts, List<string> images)
    {
        var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "text" when part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String:
                texts.Add(text.GetString()!);
                break;
            case "image_url" when part.TryGetProperty("image_url", out var image):
                // {"image_url": {"url": "..."}} as OpenAI documents it; a bare string is accepted too.
                var url = image.ValueKind == JsonValueKind.String ? image.GetString()
                    : image.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                images.Add(url ?? throw Invalid($"{param}: an image_url part needs image_url.url.", param));
                break;
            default:
                throw Invalid($"{param}: content parts of type '{type}' are not supported; send 'text' and 'image_url' parts.", param);
        }
    }

    private static OpenAiException Invalid(string message, string? param = null) => new(StatusCodes.Status400BadRequest, message, param: param);
}
