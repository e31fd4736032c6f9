namespace Cutout.Chat.Planning;

/// <summary>What the planner reads from one <c>POST /chat</c> request (already validated by the server).</summary>
public sealed record PlanningRequest
{
    public required string Message { get; init; }

    /// <summary>The request's <c>image_urls</c> in order.</summary>
    public IReadOnlyList<string> ImageUrls { get; init; } = [];

    /// <summary>The request's <c>mode</c>; null when the client did not send one.</summary>
    public QualityMode? Mode { get; init; }

    public PlanBehavior Behavior { get; init; } = PlanBehavior.Agent;

    /// <summary>The request's <c>options</c>: settings chosen in a form, which win over the message's words.</summary>
    public ChosenSettings? Chosen { get; init; }
}
