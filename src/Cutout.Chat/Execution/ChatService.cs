using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Chat.Protocol;
using Cutout.Chat.Sessions;
using Cutout.Compositing;
using Microsoft.Extensions.Logging;

namespace Cutout.Chat.Execution;

/// <summary>
/// Runs one chat turn: loads the session, asks the <see cref="ChatPlanner"/> what to do, and carries the
/// plan out, telling the client every step as a <see cref="ChatEvent"/>. The stream always ends with
/// either <c>complete</c> or one <c>error</c>. Cancelling the enumeration (client gone) stops the work.
/// </summary>
public sealed class ChatService(
    ChatPlanner planner,
    ISessionStore sessions,
    ImageFetcher fetcher,
    IImageStore store,
    ICutoutRunner runner,
    ILogger<ChatService> logger)
{
    public async IAsyncEnumerable<ChatEvent> RunAsync(ChatRequest request, ChatCaller caller, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The pipeline reports progress from inside long synchronous stages; a channel lets those
        // reports reach the client while the stage is still running.
        var events = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var turn = new ChatTurn(request, caller, NewId("task_"), request.SessionId ?? NewId("sess_"), events.Writer);
        var producer = Task.Run(() => ProduceAsync(turn, work.Token), CancellationToken.None);
        try
        {
            await foreach (var chatEvent in events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return chatEvent;
        }
        finally
        {
            await work.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    private async Task ProduceAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            await RunTurnAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Chat task {TaskId} cancelled: the client went away", turn.TaskId);
        }
        catch (Exception e) when (ExpectedFailure(e) is { } error)
        {
            turn.Send(error);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Chat task {TaskId} failed", turn.TaskId);
            turn.Send(new ErrorEvent($"Processing failed unexpectedly (task {turn.TaskId}); please try again.", ErrorCodes.Internal));
        }
        finally
        {
            turn.Events.TryComplete();
        }
    }

    private const int SqliteFull = 13;

    /// <summary>The error event for a failure the user can act on; null for a bug.</summary>
    private static ErrorEvent? ExpectedFailure(Exception e) => e switch
    {
        ChatFailure failure => new ErrorEvent(failure.Message, failure.ErrorCode),
        ImageInputException failure => new ErrorEvent(failure.Message, failure.ErrorCode),
        CutoutException failure => new ErrorEvent(failure.Message, ErrorCodes.For(failure.Kind)),
        StorageFullException failure => new ErrorEvent(failure.Message, ErrorCodes.StorageFull),
        // Any other write (a kept source, a local copy of a backdrop, another store) that meets a full disk.
        IOException failure when ResultStore.IsDiskFull(failure) => new ErrorEvent(
            "The server's disk is full: the turn's files could not be written. Please try again later.", ErrorCodes.StorageFull),
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull } => new ErrorEvent(
            "The server's disk is full: the session could not be saved. Please try again later.", ErrorCodes.StorageFull),
        _ => null,
    };

    private async Task RunTurnAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        var request = turn.Request;
        var owner = turn.Caller.ApiKeyId;
        var attached = request.ImageUrls ?? [];

        Session? session = request.SessionId is null ? null : await sessions.FindAsync(owner, turn.SessionId, cancellationToken).ConfigureAwait(false);
        // A new session id is fine when the turn brings its own images (the batch examples start that
        // way); a turn that can only build on history needs a session this key owns.
        if (request.SessionId is not null && session is null && attached.Count == 0)
            throw new ChatFailure(ErrorCodes.SessionNotFound, $"Session '{turn.SessionId}' was not found.");

        await using var lease = await sessions.TryAcquireAsync(owner, turn.SessionId, cancellationToken).ConfigureAwait(false)
            ?? throw new ChatFailure(ErrorCodes.SessionBusy, $"Session '{turn.SessionId}' is busy with another request; retry when it has finished.");

        var history = session?.Exchanges ?? [];
        var chosen = ChatRequestRules.Chosen(request);
        if (request.Options?.BackgroundImage is { } backdrop)
            chosen = chosen! with { Background = new ImageBackground(await KeepBackdropAsync(turn, backdrop, cancellationToken).ConfigureAwait(false)) };
        var plan = planner.Plan(new PlanningRequest
        {
            Message = request.Message!,
            ImageUrls = attached,
            Mode = ChatRequestRules.Mode(request),
            Behavior = ChatRequestRules.Behavior(request),
            Chosen = chosen,
        }, history);
        var pinnedModel = ChatRequestRules.Model(request);
        turn.Model = PlanOptions.ModelFor(plan, pinnedModel).Label;

        turn.Send(new ThinkingDelta(plan.Summary));
        foreach (var note in plan.Notes)
            turn.Send(new MessageEvent(note));

        var exchange = plan.Kind switch
        {
            PlanKind.Clarify => await ClarifyAsync(turn, plan, cancellationToken).ConfigureAwait(false),
            PlanKind.Answer => Answer(turn, plan),
            PlanKind.Undo => await ShowEarlierResultsAsync(turn, plan, history, cancellationToken).ConfigureAwait(false),
            PlanKind.Execute when plan.Behavior == PlanBehavior.Plan => DescribePlan(turn, plan),
            _ => await ExecuteAsync(turn, plan, pinnedModel, cancellationToken).ConfigureAwait(false),
        };

        await sessions.AppendAsync(owner, turn.SessionId, exchange, CancellationToken.None).ConfigureAwait(false);
        turn.Send(new CompleteEvent(turn.TaskId, plan.Kind == PlanKind.Clarify ? "awaiting_input" : "ok", turn.Generations, turn.SessionId, turn.Model));
    }

    /// <summary>
    /// Asks the question. Attached images are fetched and kept now: a bad image is reported before the
    /// user answers, and the answer's turn works on the kept copies rather than on URLs sent again.
    /// </summary>
    private async Task<SessionExchange> ClarifyAsync(ChatTurn turn, ChatPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Images is { Origin: ImageOrigin.Attached, Urls.Count: > 0 })
        {
            var images = await FetchAsync(turn, plan.Images.Urls, cancellationToken).ConfigureAwait(false);
            var kept = new List<string>();
            foreach (var image in images)
                kept.Add(await KeepSourceAsync(turn.Caller.ApiKeyId, image, cancellationToken).ConfigureAwait(false));
            plan = plan with { Images = plan.Images with { Urls = kept } };
        }
        var question = plan.Clarification ?? new Clarification("What would you like me to do with the image?", [], plan.Summary);
        turn.Send(new ClarificationNeeded(question.Question, question.Options, question.Context));
        return turn.Exchange(plan, question.Question);
    }

    private static SessionExchange Answer(ChatTurn turn, ChatPlan plan)
    {
        var answer = plan.Answer ?? plan.Summary;
        turn.Send(new TextResponse(answer));
        return turn.Exchange(plan, answer);
    }

    /// <summary><c>behavior: plan</c>: what would be done, with images named rather than echoed (a data: URL can be megabytes).</summary>
    private static SessionExchange DescribePlan(ChatTurn turn, ChatPlan plan)
    {
        var urls = plan.Images.Urls;
        var shown = plan with { Images = plan.Images with { Urls = urls.Select((url, i) => ImageFetcher.NameOf(url, i, urls.Count)).ToList() } };
        turn.Send(new TextResponse(plan.Summary, shown.ToJsonElement()));
        return turn.Exchange(shown, plan.Summary);
    }

    /// <summary>Undo: the earlier results named by the plan, linked again; their settings become the current ones.</summary>
    private async Task<SessionExchange> ShowEarlierResultsAsync(ChatTurn turn, ChatPlan plan, IReadOnlyList<SessionExchange> history, CancellationToken cancellationToken)
    {
        var images = new List<StoredImage>();
        foreach (var id in plan.Images.Urls.Select(ResultIdIn).OfType<string>())
            if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } image && image.Owner == turn.Caller.ApiKeyId)
                images.Add(image);
        if (images.Count == 0)
            throw new ChatFailure(ErrorCodes.NoImage, "There is no earlier result in this session to go back to.");
        foreach (var image in images)
            turn.SendGeneration(image.Id, image, images.Count);
        var ids = images.Select(image => image.Id).ToList();
        var origin = history.LastOrDefault(e => e.ResultIds.Intersect(ids).Any());
        return turn.Exchange(origin?.Plan ?? plan, plan.Summary, ids, origin?.SourceImageRefs ?? []);
    }

    private async Task<SessionExchange> ExecuteAsync(ChatTurn turn, ChatPlan plan, Segmentation.ModelDescriptor? pinnedModel, CancellationToken cancellationToken)
    {
        var references = plan.Images.Urls;
        if (references.Count == 0)
            throw new ChatFailure(ErrorCodes.NoImage, "No image to work on: attach one in image_urls (an http(s) URL, a data: URL or an earlier result id).");

        // Options first: a layout over the output limits is refused before anything is downloaded.
        var options = PlanOptions.ToCutoutOptions(plan, pinnedModel, fetcher.Options);
        var images = await FetchAsync(turn, references, cancellationToken).ConfigureAwait(false);

        var waiting = turn.Caller.WaitForWorker(cancellationToken);
        if (!waiting.IsCompleted)
            turn.Send(new StatusEvent("Waiting for a free worker", "queue"));
        using var worker = await waiting.ConfigureAwait(false);
        var resultIds = new List<string>();
        var sourceRefs = new List<string>();
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            var progress = new StageReporter(turn, image, options);
            CutoutResult result;
            try
            {
                result = await runner.RunAsync(new CutoutWork(image.Bytes, plan, pinnedModel, options), progress, cancellationToken).ConfigureAwait(false);
            }
            catch (CutoutException e)
            {
                throw new ChatFailure(ErrorCodes.For(e.Kind), $"{Capitalise(image.Name)}: {e.Message}");
            }

            var stored = await store.SaveAsync(turn.Caller.ApiKeyId, result.Encoded, result.ContentType, result.Width, result.Height, result.Model, cancellationToken).ConfigureAwait(false);
            turn.Model = result.Model;
            turn.SendGeneration(stored.Id, stored, images.Count, result.Subject, result.Compliance, result.SourceOnCanvas);
            if (result.Compliance is { } compliance)
                turn.Send(new MessageEvent(Describe(compliance, image)));
            resultIds.Add(stored.Id);
            sourceRefs.Add(await KeepSourceAsync(turn.Caller.ApiKeyId, image, cancellationToken).ConfigureAwait(false));
            if (images.Count > 1)
                turn.Send(new ExecutionProgress(i + 1, images.Count, $"image-{i + 1}"));
        }
        // History keeps the kept copies' ids, never what was sent: a data: URL is megabytes (the photo itself).
        var recorded = plan.Images.Origin == ImageOrigin.Attached ? plan with { Images = plan.Images with { Urls = sourceRefs } } : plan;
        return turn.Exchange(recorded, plan.Summary, resultIds, sourceRefs);
    }

    /// <summary>
    /// An uploaded backdrop, checked like any input image and kept in the result store; the plan names the kept
    /// file, so later turns of the session use it again (results outlive sessions, see ServerOptions.ResultRetention).
    /// </summary>
    private async Task<string> KeepBackdropAsync(ChatTurn turn, string reference, CancellationToken cancellationToken)
    {
        turn.Send(new StatusEvent("Fetching the background image", "download"));
        InputImage backdrop;
        try
        {
            backdrop = (await fetcher.FetchAllAsync([reference], turn.Caller.ApiKeyId, cancellationToken).ConfigureAwait(false))[0];
        }
        catch (ImageInputException e)
        {
            throw new ImageInputException(e.ErrorCode, "Background image: " + e.Message, e);
        }
        var kept = await KeepSourceAsync(turn.Caller.ApiKeyId, backdrop, cancellationToken).ConfigureAwait(false);
        var image = (await store.FindAsync(kept, cancellationToken).ConfigureAwait(false))!;
        if (store is ResultStore files)
            return files.FileOf(image);
        // A shared store keeps bytes, not files: the compositor reads a copy on this machine (named by the id,
        // so a later turn of the session reuses it).
        var copy = Path.Combine(Path.GetTempPath(), "cutout-backdrops", image.Id + ".img");
        if (!File.Exists(copy))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            await Storage.AtomicFile.WriteAsync(copy, await store.ReadAllBytesAsync(image, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        return copy;
    }

    private Task<IReadOnlyList<InputImage>> FetchAsync(ChatTurn turn, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        turn.Send(new StatusEvent($"Fetching {Count(references.Count, "image")}", "download",
            new Dictionary<string, object?> { ["images"] = references.Count }));
        return fetcher.FetchAllAsync(references, turn.Caller.ApiKeyId, cancellationToken);
    }

    /// <summary>
    /// A reference later turns can load again without the network: refinements re-run the original
    /// photo, not a lossy earlier cutout, and a URL that changed or vanished does not matter.
    /// </summary>
    private async Task<string> KeepSourceAsync(string owner, InputImage image, CancellationToken cancellationToken)
    {
        if (image.ResultId is { } existing)
            return existing;
        var kept = await store.SaveAsync(owner, image.Bytes, "image/" + image.Format.ToLowerInvariant(), image.Width, image.Height, model: null, cancellationToken).ConfigureAwait(false);
        return kept.Id;
    }

    /// <summary>The preset's rules as checked on the encoded file: what passed, or what did not and why.</summary>
    private static string Describe(Presets.PresetReport report, InputImage image)
    {
        var failed = report.Checks.Where(c => !c.Passed).ToList();
        var preset = TitleOf(report);
        return failed.Count == 0
            ? $"{preset} checks passed for {image.Name}: " + string.Join("; ", report.Checks.Select(c => $"{c.Rule} {c.Actual}")) + "."
            : $"{preset} checks not met for {image.Name}: " + string.Join("; ", failed.Select(c => $"{c.Rule} expected {c.Expected}, got {c.Actual}")) + ".";
    }

    private static string TitleOf(Presets.PresetReport report) => Presets.MarketplacePresets.Find(report.Preset)?.Title ?? report.Preset;

    private static PresetChecks ChecksOf(Presets.PresetReport report) => new(report.Preset, TitleOf(report), report.Passed,
        report.Checks.Select(c => new PresetRuleCheck(c.Rule, c.Expected, c.Actual, c.Passed)).ToList());

    private static string? ResultIdIn(string reference)
    {
        if (ResultStore.IsResultId(reference))
            return reference;
        var path = Uri.TryCreate(reference, UriKind.Absolute, out var url) ? url.AbsolutePath : reference;
        var last = path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last is not null && ResultStore.IsResultId(last) ? last : null;
    }

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The state of one request while it runs.</summary>
    private sealed class ChatTurn(ChatRequest request, ChatCaller caller, string taskId, string sessionId, ChannelWriter<ChatEvent> events)
    {
        private readonly List<string> _generations = [];

        public ChatRequest Request => request;
        public ChatCaller Caller => caller;
        public string TaskId => taskId;
        public string SessionId => sessionId;
        public ChannelWriter<ChatEvent> Events => events;
        public string Model { get; set; } = "";
        public IReadOnlyList<string> Generations => _generations;

        public void Send(ChatEvent chatEvent) => events.TryWrite(chatEvent);

        public void SendGeneration(string resultId, StoredImage image, int total, Matting.SubjectPresence? subject = null, Presets.PresetReport? compliance = null,
            Compositing.SourcePlacement? sourceOnCanvas = null)
        {
            var url = caller.LinkToResult(resultId);
            _generations.Add(url);
            var format = image.ContentType["image/".Length..];
            var metadata = new GenerationMetadata(image.Width, image.Height, format,
                subject is { } s ? Math.Round(s.Confidence, 3) : null, subject is { } c ? Math.Round(c.Coverage, 4) : null,
                compliance is null ? null : ChecksOf(compliance),
                sourceOnCanvas is { } p ? new SourcePlacementInfo(Math.Round(p.Scale, 6), Math.Round(p.OffsetX, 2), Math.Round(p.OffsetY, 2)) : null);
            Send(new GenerationResponse(url, [.. _generations], total, image.Model ?? Model, metadata));
        }

        /// <summary>A data: URL still in a plan (a turn that kept no copy) is recorded by its name: history must not hold photos.</summary>
        private static ChatPlan WithoutInlineImages(ChatPlan plan)
        {
            var urls = plan.Images.Urls;
            return urls.Any(DataUrl.IsDataUrl)
                ? plan with { Images = plan.Images with { Urls = urls.Select((url, i) => DataUrl.IsDataUrl(url) ? ImageFetcher.NameOf(url, i, urls.Count) : url).ToList() } }
                : plan;
        }

        public SessionExchange Exchange(ChatPlan plan, string response, IReadOnlyList<string>? resultIds = null, IReadOnlyList<string>? sourceRefs = null) => new()
        {
            Timestamp = DateTimeOffset.UtcNow,
            UserPrompt = request.Message!,
            ChatbotResponse = response,
            GeneratedMediaUrls = [.. _generations],
            Plan = WithoutInlineImages(plan),
            ResultIds = resultIds ?? [],
            SourceImageRefs = sourceRefs ?? [],
        };
    }

    /// <summary>Turns the pipeline's stage reports into <c>status</c> events, synchronously and in order.</summary>
    private sealed class StageReporter(ChatTurn turn, InputImage image, CutoutOptions options) : IProgress<PipelineStage>
    {
        public void Report(PipelineStage stage)
        {
            var (message, tool) = stage switch
            {
                PipelineStage.Decode => ($"Decoding {image.Name}", "decode"),
                PipelineStage.Preprocess => ($"Segmenting the subject ({options.Mode.ToString().ToLowerInvariant()} mode)", "segmentation"),
                PipelineStage.Refine => ("Refining the edges", "refinement"),
                PipelineStage.Compose => ("Compositing the background", "compositing"),
                PipelineStage.Encode => ($"Encoding {(options.Output.MaskOnly ? "the mask" : options.Output.Format?.ToString().ToUpperInvariant() ?? "the image")}", "encoding"),
                _ => (null, null),
            };
            if (message is not null)
                turn.Send(new StatusEvent(message, tool!, new Dictionary<string, object?> { ["image"] = image.Name, ["width"] = image.Width, ["height"] = image.Height }));
        }
    }
}
