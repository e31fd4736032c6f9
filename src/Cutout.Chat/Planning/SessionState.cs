using Cutout.Chat.Sessions;

namespace Cutout.Chat.Planning;

/// <summary>
/// What the planner needs from a session's history. Results form a stack: each executed turn pushes its
/// result, each undo pops back to the result it showed again, so "undo" twice walks back two results and
/// the top is the one the user is looking at.
/// </summary>
internal sealed class SessionState
{
    private SessionState(IReadOnlyList<SessionExchange> results, SessionExchange? last)
    {
        Current = results.Count > 0 ? results[^1] : null;
        UndoTarget = results.Count > 1 ? results[^2] : null;
        PendingProposal = last?.Plan is { Kind: PlanKind.Clarify, Clarification.Context: ChatPlanner.ProposalContext } proposal ? proposal : null;
        // The newest images the user gave us: those a clarifying question was about, else those behind the current result.
        LatestSources = last?.Plan is { Kind: PlanKind.Clarify, Images.Urls.Count: > 0 } question
            ? question.Images.Urls
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
            if (exchange.Plan is not { } plan || exchange.GeneratedMediaUrls.Count == 0)
                continue;
            // An undo shows earlier results again. The server may record it with the undo plan or with the
            // restored turn's plan; either way the results it shows identify the turn it went back to.
            int shownAgain = results.FindLastIndex(earlier => SameResults(earlier, exchange));
            if (plan.Kind == PlanKind.Undo || shownAgain >= 0)
            {
                int keep = shownAgain >= 0 ? shownAgain + 1 : Math.Max(results.Count - 1, 1);
                results.RemoveRange(keep, results.Count - keep);
            }
            else if (plan is { Kind: PlanKind.Execute, Behavior: not PlanBehavior.Plan })
            {
                results.Add(exchange);
            }
        }
        return new SessionState(results, history.Count > 0 ? history[^1] : null);
    }

    /// <summary>Result ids identify results; signed media links may differ between two showings of one result.</summary>
    private static bool SameResults(SessionExchange a, SessionExchange b) =>
        a.ResultIds.Count > 0 && b.ResultIds.Count > 0
            ? a.ResultIds.SequenceEqual(b.ResultIds)
            : a.GeneratedMediaUrls.SequenceEqual(b.GeneratedMediaUrls);
}
