using System.Text.RegularExpressions;
using Cutout.Chat.Inputs;
using Cutout.Chat.Sessions;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>
/// Turns a chat message and the session's history into a <see cref="ChatPlan"/>. Deterministic: the same
/// message and history always give the same plan. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Precedence of settings: what this message says, then the preset it names, then (when the message refers
/// to the previous result or asks for "the same settings") the session's current settings, then defaults
/// (transparent PNG, standard edges).
/// </remarks>
public sealed partial class ChatPlanner(ImageInputOptions inputs)
{
    /// <summary>A planner for a server with the default input limits.</summary>
    public ChatPlanner()
        : this(ImageInputOptions.Default)
    {
    }

    /// <summary>The <see cref="Clarification.Context"/> of a plan proposed for confirmation (<c>behavior: ask</c>).</summary>
    public const string ProposalContext = "Confirm the plan before anything is processed.";

    public ChatPlan Plan(PlanningRequest request, IReadOnlyList<SessionExchange> history)
    {
        var text = InstructionText.Parse(request.Message);
        var said = InstructionReader.Read(text).With(request.Chosen);
        var session = SessionState.From(history);
        var mode = request.Mode ?? said.Mode ?? session.Current?.Plan?.Mode ?? QualityMode.Max;
        var blank = new ChatPlan { Behavior = request.Behavior, Mode = mode };

        if (session.PendingProposal is { } proposal && request.ImageUrls.Count == 0)
        {
            if (said.Confirms && !said.HasSettings)
                return proposal with { Kind = PlanKind.Execute, Behavior = PlanBehavior.Agent, Clarification = null };
            if (said.Declines && !said.HasAction)
                return AnswerPlan(blank, "Okay, I won't process it. Tell me what you would like instead.");
        }

        // A question about attached images ("what can you do with this photo?") is a request in disguise.
        bool infoQuestion = said.IsQuestion && said.StartsLikeInfoQuestion && !said.Removal && !said.EdgeComplaint
            && !(request.ImageUrls.Count > 0 && (said.HasSettings || text.Has(AttachedImageReference())));
        if (infoQuestion)
            return AnswerPlan(blank, Answers.For(text, inputs));

        if (said.Undo)
            return UndoPlan(blank, session);
        if (said.ObjectRemoval && !said.HasSettings)
            return AnswerPlan(blank, Answers.ObjectRemoval);

        var images = ResolveImages(request, session);
        bool backgroundUndecided = said.BackgroundChangeWithoutValue && !said.SameBackground && !said.DefaultGradient
            && said.Presets.Count == 0 && !said.GenericEcommerce && said.Tone is null && !said.ReuseSettings;
        if (backgroundUndecided)
            return ClarifyPlan(blank with { Images = images }, Answers.WhichBackground);
        if (said.UnknownScene && said.Tone is null && !said.SameBackground && !said.DefaultGradient)
            return ClarifyPlan(blank with { Images = images }, Answers.WhichScene);

        if (!said.HasAction)
        {
            if (said.ShadowStrength)
                return AnswerPlan(blank, Answers.ShadowStrength);
            if (said.Thanks)
                return AnswerPlan(blank, Answers.YouAreWelcome);
            if (images.Urls.Count > 0 || text.Has(VagueEdit()))
                return ClarifyPlan(blank with { Images = images }, Answers.WhatToDo);
            return AnswerPlan(blank, Answers.Capabilities);
        }

        if (images.Urls.Count == 0)
            return ClarifyPlan(blank, Answers.WhichImage);

        var plan = Resolve(said, text, session, images, blank);
        if (request.Behavior == PlanBehavior.Ask)
        {
            return plan with
            {
                Kind = PlanKind.Clarify,
                Clarification = new Clarification($"{plan.Summary} Shall I go ahead?", ["Yes, go ahead", "No, cancel"], ProposalContext),
            };
        }
        return plan;
    }

    private static ImageSelection ResolveImages(PlanningRequest request, SessionState session)
    {
        if (request.ImageUrls.Count > 0)
            return new ImageSelection(ImageOrigin.Attached, request.ImageUrls);
        if (session.LatestSources.Count > 0)
            return new ImageSelection(ImageOrigin.PreviousSources, session.LatestSources);
        // Without recorded sources the earlier results are the best we have (cutting out a cutout loses nothing visible).
        if (session.Current is { GeneratedMediaUrls.Count: > 0 } current)
            return new ImageSelection(ImageOrigin.PreviousResults, current.GeneratedMediaUrls);
        return ImageSelection.None;
    }

    /// <summary>Merges what the message says with the preset and the session's settings into an executable plan.</summary>
    private static ChatPlan Resolve(RequestedSettings said, InstructionText text, SessionState session, ImageSelection images, ChatPlan blank)
    {
        var notes = new List<string>();
        bool onPrevious = images.Origin != ImageOrigin.Attached;
        // A plan proposed for confirmation and answered with changes ("yes, but add a shadow") is the one being changed.
        var earlier = session.PendingProposal ?? session.Current?.Plan;
        // A follow-up on the previous image, or an explicit "same settings", continues from the current settings;
        // "the same background" takes only the background.
        var inherited = onPrevious || said.ReuseSettings ? earlier : null;
        if (said.ReuseSettings && earlier is null)
            notes.Add("This session has no earlier settings yet, so I used the defaults.");

        var preset = said.Presets.FirstOrDefault();
        if (said.Presets.Count > 1)
        {
            notes.Add($"{string.Join(" and ", said.Presets.Select(p => p.DisplayName))} were named; I followed the {preset!.DisplayName} rules, "
                + "which the others accept as well.");
        }
        // An inherited preset only holds while the background is not changed away from what it requires.
        var presetName = preset?.Name ?? (said.Background is null && !said.NoPreset ? inherited?.Preset : null);
        var effectivePreset = preset ?? PresetVocabulary.Named(presetName);

        BackgroundSpec background = said.Background
            ?? (said.SameBackground ? earlier?.Background : null)
            ?? preset?.Background
            ?? inherited?.Background
            ?? (said.GenericEcommerce ? new SolidBackground(RgbColor.White) : null)
            ?? BackgroundSpec.Transparent;
        if (said.DefaultGradient)
            notes.Add("No gradient colours were named, so I used a neutral dark-to-light grey.");
        if (said.GenericEcommerce && said.Background is null && inherited?.Background is null)
            notes.Add("Assumed a pure white background (#ffffff), the usual marketplace requirement.");
        bool maskOnly = said.MaskOnly || (inherited?.MaskOnly == true && said.Background is null);
        if (maskOnly)
            background = BackgroundSpec.Transparent;
        if (said.Tone is { } tone)
            background = BackgroundTone.Adjust(background, tone, notes);

        var edgeCare = Max(said.EdgeCare, effectivePreset?.EdgeCare ?? EdgeCare.Standard, inherited?.EdgeCare ?? EdgeCare.Standard);
        if (said.EdgeComplaint)
        {
            if (onPrevious && inherited is not null)
            {
                // A complaint about a result the user has seen asks for visibly softer edges, which the
                // wider band of Fine alone does not give: it starts at Strong (docs/tuning.md, "Edge-care levels").
                edgeCare = Max(edgeCare, EdgeCare.Strong, (EdgeCare)Math.Min((int)inherited.EdgeCare + 1, (int)EdgeCare.Maximum));
                notes.Add($"Processing the previous image again with stronger edge refinement ({edgeCare.ToString().ToLowerInvariant()}).");
            }
            else
            {
                edgeCare = Max(edgeCare, EdgeCare.Fine);
            }
        }
        if (edgeCare >= EdgeCare.Strong && blank.Mode == QualityMode.Eco)
            notes.Add("Eco mode skips the matting refinement that fine hair and fur benefit from; use mode max for the best edges.");

        var format = ResolveFormat(said, effectivePreset, inherited, background, maskOnly, notes);
        // A dropped preset takes its canvas with it.
        var layout = Merge(said.Layout, preset?.Layout, said.NoPreset && inherited?.Preset is not null ? null : inherited?.Layout);
        if (said.GenericPadding && layout.PaddingRatio is null && layout.PaddingPixels is null)
        {
            // 5% of the subject's longer side is a visible but modest margin, the usual "a bit of padding".
            layout = layout with { PaddingRatio = 0.05 };
        }

        if (text.Has(UnsupportedEffect()) || said.ObjectRemoval)
            notes.Add("Removing objects, reflections, relighting and retouching are beyond what I do; I did the rest of the request.");

        if (onPrevious && inherited is not null && !said.EdgeComplaint)
            notes.Add("Working on the image from the previous turn with its settings, changing only what you asked for.");
        else if (said.ReuseSettings && earlier is not null && !onPrevious)
            notes.Add("Using the same settings as the previous result.");

        var plan = blank with
        {
            Kind = PlanKind.Execute,
            Images = images,
            Background = background,
            Shadow = said.Shadow ?? effectivePreset?.Shadow ?? inherited?.Shadow,
            Preset = presetName,
            Format = format,
            MaskOnly = maskOnly,
            EdgeCare = edgeCare,
            EdgeSoftness = said.EdgeSoftness ?? inherited?.EdgeSoftness,
            Layout = layout,
            Notes = notes,
        };
        return plan with { Summary = Describer.Summarize(plan) };
    }

    private static OutputFormat ResolveFormat(RequestedSettings said, PresetVocabulary.Preset? preset, ChatPlan? inherited, BackgroundSpec background, bool maskOnly, List<string> notes)
    {
        bool transparent = background is TransparentBackground;
        if (maskOnly)
            return OutputFormat.Png;
        if (said.UnsupportedFormat)
            notes.Add("I can export PNG, WebP or JPEG; I picked the closest fit.");
        if (said.Format is { } asked)
        {
            if (asked == OutputFormat.Jpeg && transparent)
            {
                notes.Add("JPEG cannot store transparency, so I export PNG instead.");
                return OutputFormat.Png;
            }
            return asked;
        }
        if (preset is not null && !transparent)
            return preset.Format;
        if (inherited?.Format is { } earlier && !(earlier == OutputFormat.Jpeg && transparent))
            return earlier;
        // PNG keeps the alpha channel; an opaque picture is a photo, which JPEG stores far smaller.
        return transparent ? OutputFormat.Png : OutputFormat.Jpeg;
    }

    private static LayoutHints Merge(LayoutHints said, LayoutHints? preset, LayoutHints? inherited)
    {
        var result = said;
        foreach (var fallback in new[] { preset, inherited })
        {
            if (fallback is null)
                continue;
            result = result with
            {
                Center = result.Center || fallback.Center,
                CropToSubject = result.CropToSubject || fallback.CropToSubject,
                Fill = result.Fill ?? fallback.Fill,
                PaddingRatio = result.PaddingRatio ?? (result.PaddingPixels is null ? fallback.PaddingRatio : null),
                PaddingPixels = result.PaddingPixels ?? (result.PaddingRatio is null ? fallback.PaddingPixels : null),
                AspectRatio = result.AspectRatio ?? fallback.AspectRatio,
                // A fallback size only fits when the shape asked for is the fallback's own.
                Width = result.Width ?? (result.Height is null && SameShape(result, fallback) ? fallback.Width : null),
                Height = result.Height ?? (result.Width is null && SameShape(result, fallback) ? fallback.Height : null),
            };
        }
        return result;
    }

    private static bool SameShape(LayoutHints said, LayoutHints fallback) =>
        said.AspectRatio is null || said.AspectRatio == fallback.AspectRatio;

    private static ChatPlan UndoPlan(ChatPlan blank, SessionState session)
    {
        if (session.UndoTarget is not { } target)
        {
            return AnswerPlan(blank, session.Current is null
                ? "There is nothing to undo yet: this session has no results."
                : "There is no earlier result to go back to: this is the first one of the session.");
        }
        var restored = target.Plan ?? blank;
        var plan = restored with
        {
            Kind = PlanKind.Undo,
            Behavior = blank.Behavior,
            Images = new ImageSelection(ImageOrigin.PreviousResults, target.GeneratedMediaUrls),
            Notes = [],
            Clarification = null,
            Answer = null,
        };
        return plan with { Summary = Describer.Summarize(plan) };
    }

    private static ChatPlan AnswerPlan(ChatPlan blank, string answer) =>
        blank with { Kind = PlanKind.Answer, Answer = answer, Summary = answer };

    private static ChatPlan ClarifyPlan(ChatPlan blank, Clarification question) =>
        blank with { Kind = PlanKind.Clarify, Clarification = question, Summary = question.Question };

    private static EdgeCare Max(params EdgeCare[] levels) => levels.Max();

    [GeneratedRegex(@" (reflection|reflections|relight|relighting|retouch|retouching|airbrush|upscale|upscaling|colou?r correct|recolou?r) ")]
    private static partial Regex UnsupportedEffect();

    [GeneratedRegex(@" (this|these|my|the attached) (image|images|photo|photos|picture|pictures|pic|pics|one) ")]
    private static partial Regex AttachedImageReference();

    [GeneratedRegex(@" (edit|fix|improve|enhance|change|modify|adjust|retouch|touch up|work on|do something|make (it|this) (better|nicer|pop)) ")]
    private static partial Regex VagueEdit();
}
