using System.Globalization;
using System.Text.RegularExpressions;
using Cutout.Chat.Inputs;
using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>
/// The planner's texts: answers to questions about the service, and its clarifying questions. Numbers come from the
/// live settings (input limits) and catalogues (presets, scenes), so an answer never contradicts what the server does.
/// </summary>
internal static partial class Answers
{
    public static string Formats(ImageInputOptions inputs) =>
        $"I read JPEG, PNG, WebP and GIF (first frame) images, up to {Megabytes(inputs.MaxBytesPerImage)} and {inputs.MinSide} to {inputs.MaxSide} pixels per side, "
        + $"at most {inputs.MaxImagesPerRequest} per request. "
        + "I export PNG (with transparency), WebP (with transparency) or JPEG, or the alpha mask alone.";

    public static string Limits(ImageInputOptions inputs) =>
        $"Each image may be up to {Megabytes(inputs.MaxBytesPerImage)} and between {inputs.MinSide}x{inputs.MinSide} and {inputs.MaxSide}x{inputs.MaxSide} pixels; "
        + $"send at most {inputs.MaxImagesPerRequest} {(inputs.MaxImagesPerRequest == 1 ? "image" : "images")} per request. "
        + "Allow up to 10 minutes for a large request.";

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";

    public const string Modes =
        "mode \"max\" (the default) runs the full model with matting refinement for the best hair and fur edges; "
        + "mode \"eco\" is the fast path for previews and simple objects.";

    public const string Capabilities =
        "I remove backgrounds from photos. Attach an image (image_urls) and tell me what you need: a transparent PNG, "
        + "a solid colour (\"pure white\", \"#1e90ff\"), a gradient (\"dark blue to light blue\"), a blurred background or a scene "
        + "(\"beach sunset\", \"modern office\"); keep or add shadows; extra care for hair, fur or glass; marketplace and profile "
        + "presets (Amazon, Shopify, eBay, Etsy, LinkedIn, passport); PNG, WebP or JPEG. In a session you can refine the result, "
        + "reuse the same settings for the next image, or undo.";

    public const string ObjectRemoval =
        "I remove or replace the whole background behind the main subject, but I can't erase individual objects, text or "
        + "watermarks. Ask me to remove the background if that is what you need.";

    public const string ShadowStrength =
        "I can't tune a shadow's strength from chat yet. I can keep the photo's own shadows, remove them, or add a drop "
        + "or contact shadow.";

    public const string YouAreWelcome = "You're welcome! Send another image whenever you like.";

    public static readonly string Presets =
        "Presets: " + string.Join("; ", PresetVocabulary.All.Select(p =>
            $"{p.DisplayName} ({(p.Background is SolidBackground { Color: var c, Opacity: 1f } && c == RgbColor.White ? "white" : p.Background.ToCssText())} background, "
            + p.Format.ToString().ToUpperInvariant()
            + (p.Layout.Fill is { } fill ? $", subject fills {fill * 100:0}%" : "")
            + (p.Layout.Width is { } w ? $", {w}x{p.Layout.Height} px" : p.Layout.AspectRatio is { } r ? $", {LayoutOptions.FormatAspect(r)}" : "") + ")")) + ".";

    public static readonly string Backgrounds =
        "Backgrounds: transparent, any solid colour by name, #hex or rgb(), two-colour gradients, a blur of the original background, "
        + "or a scene: " + string.Join(", ", SceneVocabulary.All.Select(s => s.Name)) + ".";

    public const string Sessions =
        "Send the same session_id to continue a conversation: I remember the images and settings, so you can say "
        + "\"same settings as before\", ask for smoother edges or another background for the last result, or \"undo\".";

    public static readonly Clarification WhatToDo = new(
        "What would you like me to do with this image?",
        ["Remove the background (transparent PNG)", "Replace the background with pure white", "Blur the background", "Place the subject in a new scene"],
        "The request does not say what to change.");

    public static readonly Clarification WhichBackground = new(
        "Which background would you like?",
        ["Transparent", "Pure white (#ffffff)", "A gradient (e.g. dark blue to light blue)", "A blur of the original background", "A scene (e.g. beach sunset, modern office)"],
        "The request asks for a new background without saying which.");

    public static readonly Clarification WhichScene = new(
        "I don't have a scene like that. Which of these should I use?",
        [.. SceneVocabulary.All.Select(s => $"{s.Name} ({s.Description})"), "A solid colour", "Transparent"],
        "The request names a place that is not one of the scene presets.");

    public static readonly Clarification WhichImage = new(
        "Which image should I work on? Add its URL (or a data: URL) to image_urls.",
        ["Send the request again with an image"],
        "No image was attached and this session has none yet.");

    /// <summary>The answer to a question about the service, by its topic.</summary>
    public static string For(InstructionText text, ImageInputOptions inputs) =>
        text.Has(PresetTopic()) ? Presets
        : text.Has(FormatTopic()) ? Formats(inputs)
        : text.Has(ModeTopic()) ? Modes
        : text.Has(LimitTopic()) ? Limits(inputs)
        : text.Has(BackgroundTopic()) ? Backgrounds
        : text.Has(SessionTopic()) ? Sessions
        : Capabilities;

    [GeneratedRegex(@" (preset|presets|amazon|shopify|ebay|etsy|linkedin|passport|marketplace|marketplaces) ")]
    private static partial Regex PresetTopic();

    [GeneratedRegex(@" (format|formats|png|jpeg|jpg|webp|gif|file type|file types|filetype|export|output) ")]
    private static partial Regex FormatTopic();

    [GeneratedRegex(@" (limit|limits|size|sizes|large|big|biggest|largest|maximum|max|mb|megabytes|resolution|how many|dimensions) ")]
    private static partial Regex LimitTopic();

    [GeneratedRegex(@" (mode|modes|eco|fast|quality|speed|slow) ")]
    private static partial Regex ModeTopic();

    [GeneratedRegex(@" (background|backgrounds|scene|scenes|colour|colours|color|colors|gradient|gradients|blur) ")]
    private static partial Regex BackgroundTopic();

    [GeneratedRegex(@" (session|sessions|memory|history|undo|remember) ")]
    private static partial Regex SessionTopic();
}
