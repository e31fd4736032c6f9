using Cutout.Chat.Sessions;

namespace Cutout.Chat.Planning;

/// <summary>
/// What the planner needs from a session's history. Results form a stack: each executed turn pushes its
/// result, each undo pops one, so "undo" twice walks back two results and the top is the current one.
/// </summary>
internal sealed class SessionState
{
    private SessionState(IReadOnlyList<SessionExchange> results, SessionExchange? last)
    {
        Current = results.Count > 0 ? results[^1] : null;
        UndoTarget = results.Count > 1 ? results[^2] : null;
        PendingProposal = last?.Plan is { Kind: PlanKind.Clarify, Clarification.Context: ChatPlanner.ProposalContext } proposal ? proposal : null;
        // The newest images the user gave us: those of the last turn that had any (a clarification keeps the
        // images its question was about), else those behind the current result.
        LatestSources = last is { SourceImageRefs.Count: > 0 } && last.Plan?.Kind == PlanKind.Clarify
            ? last.SourceImageRefs
            : Current?.SourceImageRefs ?? [];
    }

    /// <summary>The turn whose result the user is looking at now.</summary>
    public SessionExchange? Current { get; }

    /// <summary>The result before <see cref="Current"/>, which "undo" returns to.</summary>
    public SessionExchange? UndoTarget { get; }

    /// <summary>A plan the last turn proposed and is waiting for a yes or no on.</summary>
    public ChatPlan? PendingProposal { get; }

    public IReadOnlyList<string> LatestSources { get; }

    public static SessionState From(IReadOnlyList<SessionExchange> history)
    {
        var results = new List<SessionExchange>();
        foreach (var exchange in history)
        {
            switch (exchange.Plan)
            {
                case { Kind: PlanKind.Execute, Behavior: not PlanBehavior.Plan } when exchange.GeneratedMediaUrls.Count > 0:
                    results.Add(exchange);
                    break;
                case { Kind: PlanKind.Undo } when results.Count > 1:
                    results.RemoveAt(results.Count - 1);
                    break;
            }
        }
        return new SessionState(results, history.Count > 0 ? history[^1] : null);
    }
}
