using System.Text.Json;
using Cutout.Chat.Planning;

namespace Cutout.Chat.Sessions;

/// <summary>How a session store keeps an exchange's lists and plan as text columns, shared by every store.</summary>
public static class SessionColumns
{
    public static string WriteList(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> ReadList(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    /// <summary>A plan written by an older version that no longer reads is forgotten rather than failing the session.</summary>
    public static ChatPlan? ReadPlan(string json)
    {
        try
        {
            return ChatPlan.FromJson(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
