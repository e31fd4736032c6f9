using Cutout.Chat.Sessions;

namespace Cutout.Chat.Planning;

/// <summary>
/// Turns a chat message and the session's history into a <see cref="ChatPlan"/>. Deterministic: the same
/// message and history always give the same plan. Stateless and thread-safe.
/// </summary>
public sealed class ChatPlanner
{
    public ChatPlan Plan(PlanningRequest request, IReadOnlyList<SessionExchange> history)
    {
        return new ChatPlan
        {
            Kind = PlanKind.Execute,
            Behavior = request.Behavior,
            Images = new ImageSelection(ImageOrigin.Attached, request.ImageUrls),
            Background = "transparent",
            Format = Imaging.OutputFormat.Png,
            Mode = request.Mode ?? QualityMode.Max,
            Summary = "Remove the background and export a transparent PNG.",
        };
    }
}
