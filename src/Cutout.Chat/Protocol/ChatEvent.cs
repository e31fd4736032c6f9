using System.Text.Json.Serialization;

namespace Cutout.Chat.Protocol;

/// <summary>
/// One Server-Sent Event of the chat protocol; serialised as <c>data: {json}</c> with its <c>type</c>.
/// Property names are the wire names.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ThinkingDelta), "thinking_delta")]
[JsonDerivedType(typeof(StatusEvent), "status")]
[JsonDerivedType(typeof(TextResponse), "text_response")]
[JsonDerivedType(typeof(GenerationResponse), "generation_response")]
[JsonDerivedType(typeof(ClarificationNeeded), "clarification_needed")]
[JsonDerivedType(typeof(ExecutionProgress), "execution_progress")]
[JsonDerivedType(typeof(MessageEvent), "message")]
[JsonDerivedType(typeof(CompleteEvent), "complete")]
[JsonDerivedType(typeof(ErrorEvent), "error")]
public abstract record ChatEvent;

public sealed record ThinkingDelta([property: JsonPropertyName("content")] string Content) : ChatEvent;

public sealed record StatusEvent(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("tool_name")] string ToolName,
    [property: JsonPropertyName("parameters"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object?>? Parameters = null) : ChatEvent;

/// <param name="Plan">For <c>behavior: plan</c>: the plan that would be executed (snake_case ChatPlan JSON).</param>
public sealed record TextResponse(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("plan"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] System.Text.Json.JsonElement? Plan = null) : ChatEvent;

public sealed record GenerationMetadata(
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("format")] string Format,
    // How sure the model was of the subject (0..1) and the share of the frame it covers; absent for results shown again.
    [property: JsonPropertyName("confidence"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Confidence = null,
    [property: JsonPropertyName("subject_coverage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SubjectCoverage = null,
    [property: JsonPropertyName("preset"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PresetChecks? Preset = null,
    // Where the input photo lies on this result (a viewer lines before and after up with it); absent when unknown.
    [property: JsonPropertyName("source_placement"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SourcePlacementInfo? SourcePlacement = null);

/// <summary>Source pixel (x, y) of the input photo is at (x·scale + x_offset, y·scale + y_offset) on the result.</summary>
public sealed record SourcePlacementInfo(
    [property: JsonPropertyName("scale")] double Scale,
    [property: JsonPropertyName("x_offset")] double OffsetX,
    [property: JsonPropertyName("y_offset")] double OffsetY);

/// <summary>A preset's rules as checked on the encoded result (the table the CLI prints), for clients to show.</summary>
public sealed record PresetChecks(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("checks")] IReadOnlyList<PresetRuleCheck> Checks);

/// <summary>One rule of a preset: what it asks for, what the result has, and whether that passes.</summary>
public sealed record PresetRuleCheck(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("actual")] string Actual,
    [property: JsonPropertyName("passed")] bool Passed);

public sealed record GenerationResponse(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("generations")] IReadOnlyList<string> Generations,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GenerationMetadata? Metadata = null) : ChatEvent;

public sealed record ClarificationNeeded(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options,
    [property: JsonPropertyName("context")] string Context) : ChatEvent;

public sealed record ExecutionProgress(
    [property: JsonPropertyName("completed_steps")] int CompletedSteps,
    [property: JsonPropertyName("total_steps")] int TotalSteps,
    [property: JsonPropertyName("step_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId = null) : ChatEvent;

public sealed record MessageEvent([property: JsonPropertyName("content")] string Content) : ChatEvent;

public sealed record CompleteEvent(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("generations")] IReadOnlyList<string> Generations,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("model")] string Model) : ChatEvent;

public sealed record ErrorEvent(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("error_code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null,
    [property: JsonPropertyName("details"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details = null) : ChatEvent;
