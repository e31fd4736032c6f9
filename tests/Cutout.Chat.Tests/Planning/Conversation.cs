using Cutout.Chat.Planning;
using Cutout.Chat.Sessions;

namespace Cutout.Chat.Tests.Planning;

/// <summary>
/// Plays a session the way the server does: plans each message against the history so far and records the
/// exchange, with a made-up result URL per processed image. Source references are recorded only for executed
/// turns. An undo is recorded either with the undo plan or, like the server, with the restored turn's plan.
/// </summary>
internal sealed class Conversation(bool recordUndoWithRestoredPlan = false)
{
    private readonly ChatPlanner _planner = new();
    private readonly List<SessionExchange> _history = [];
    private int _results;

    public IReadOnlyList<SessionExchange> History => _history;

    public ChatPlan Send(string message, params string[] imageUrls) => Send(message, PlanBehavior.Agent, null, imageUrls);

    public ChatPlan Send(string message, PlanBehavior behavior, QualityMode? mode, params string[] imageUrls) =>
        Send(message, behavior, mode, chosen: null, imageUrls);

    /// <summary>A turn of the web page: the message with the settings its controls show.</summary>
    public ChatPlan Send(string message, ChosenSettings chosen, params string[] imageUrls) =>
        Send(message, PlanBehavior.Agent, null, chosen, imageUrls);

    private ChatPlan Send(string message, PlanBehavior behavior, QualityMode? mode, ChosenSettings? chosen, string[] imageUrls)
    {
        var plan = _planner.Plan(new PlanningRequest { Message = message, ImageUrls = imageUrls, Behavior = behavior, Mode = mode, Chosen = chosen }, _history);
        bool executes = plan.Kind == PlanKind.Execute && plan.Behavior != PlanBehavior.Plan;
        var generated = executes ? plan.Images.Urls.Select(_ => $"https://cutout.test/results/{++_results}.png").ToList()
            : plan.Kind == PlanKind.Undo ? plan.Images.Urls.ToList()
            : [];
        var restored = plan.Kind == PlanKind.Undo ? _history.Last(e => e.GeneratedMediaUrls.SequenceEqual(generated)) : null;
        _history.Add(new SessionExchange
        {
            Timestamp = DateTimeOffset.UnixEpoch.AddMinutes(_history.Count),
            UserPrompt = message,
            ChatbotResponse = plan.Summary,
            GeneratedMediaUrls = generated,
            Plan = recordUndoWithRestoredPlan && restored is not null ? restored.Plan : plan,
            ResultIds = generated.Select(url => Path.GetFileNameWithoutExtension(url)).ToList(),
            SourceImageRefs = executes ? plan.Images.Urls : restored?.SourceImageRefs ?? [],
        });
        return plan;
    }
}
