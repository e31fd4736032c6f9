using Cutout.Chat.Planning;
using Cutout.Chat.Sessions;

namespace Cutout.Chat.Tests.Planning;

/// <summary>
/// Plays a session the way the server does: plans each message against the history so far and records the
/// exchange, with a made-up result URL per processed image.
/// </summary>
internal sealed class Conversation
{
    private readonly ChatPlanner _planner = new();
    private readonly List<SessionExchange> _history = [];
    private int _results;

    public IReadOnlyList<SessionExchange> History => _history;

    public ChatPlan Send(string message, params string[] imageUrls) => Send(message, PlanBehavior.Agent, null, imageUrls);

    public ChatPlan Send(string message, PlanBehavior behavior, QualityMode? mode, params string[] imageUrls)
    {
        var plan = _planner.Plan(new PlanningRequest { Message = message, ImageUrls = imageUrls, Behavior = behavior, Mode = mode }, _history);
        bool executes = plan.Kind == PlanKind.Execute && plan.Behavior != PlanBehavior.Plan;
        var generated = executes ? plan.Images.Urls.Select(_ => $"https://cutout.test/results/{++_results}.png").ToList()
            : plan.Kind == PlanKind.Undo ? plan.Images.Urls.ToList()
            : [];
        _history.Add(new SessionExchange
        {
            Timestamp = DateTimeOffset.UnixEpoch.AddMinutes(_history.Count),
            UserPrompt = message,
            ChatbotResponse = plan.Summary,
            GeneratedMediaUrls = generated,
            Plan = plan,
            ResultIds = generated.Select(url => Path.GetFileNameWithoutExtension(url)).ToList(),
            SourceImageRefs = plan.Kind == PlanKind.Undo ? [] : plan.Images.Urls,
        });
        return plan;
    }
}
