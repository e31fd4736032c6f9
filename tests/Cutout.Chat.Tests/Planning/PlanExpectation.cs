using System.Globalization;
using Cutout.Chat.Planning;
using Cutout.Compositing;

namespace Cutout.Chat.Tests.Planning;

/// <summary>
/// Checks a plan against a compact expectation such as <c>"bg=#ffffff; shadow=keep; fmt=jpeg"</c>; only the named
/// fields are checked, and <c>-</c> means "not set". Keys: kind, bg, shadow, preset, fmt, edge, mode, origin, images,
/// mask, center, crop, fill, pad, padpx, w, h, aspect, answer (substring), question (substring), option (substring
/// of one option), note (substring of one note).
/// </summary>
internal static class PlanExpectation
{
    public static void AssertMatches(ChatPlan plan, string expectation)
    {
        foreach (var (key, value) in Parse(expectation))
        {
            string actual = key switch
            {
                "kind" => Lower(plan.Kind),
                "bg" => plan.Background?.ToCssText() ?? "-",
                "shadow" => plan.Shadow is { } s ? Lower(s) : "-",
                "preset" => plan.Preset ?? "-",
                "fmt" => plan.Format is { } f ? Lower(f) : "-",
                "edge" => Lower(plan.EdgeCare),
                "mode" => Lower(plan.Mode),
                "origin" => Lower(plan.Images.Origin),
                "images" => string.Join(',', plan.Images.Urls),
                "mask" => Lower(plan.MaskOnly),
                "center" => Lower(plan.Layout.Center),
                "crop" => Lower(plan.Layout.CropToSubject),
                "fill" => Number(plan.Layout.Fill),
                "pad" => Number(plan.Layout.PaddingRatio),
                "padpx" => Number(plan.Layout.PaddingPixels),
                "w" => Number(plan.Layout.Width),
                "h" => Number(plan.Layout.Height),
                "aspect" => plan.Layout.AspectRatio is { } ratio ? LayoutOptions.FormatAspect(ratio) : "-",
                "answer" => Contains(plan.Answer, value),
                "question" => Contains(plan.Clarification?.Question, value),
                "option" => plan.Clarification?.Options.FirstOrDefault(o => o.Contains(value, StringComparison.OrdinalIgnoreCase)) is null ? "(none)" : value,
                "note" => plan.Notes.FirstOrDefault(n => n.Contains(value, StringComparison.OrdinalIgnoreCase)) is null ? string.Join(" | ", plan.Notes) : value,
                _ => throw new ArgumentException($"unknown expectation key '{key}'"),
            };
            Assert.True(value == actual, $"{key}: expected '{value}', got '{actual}'\nplan: {plan.ToJson()}");
        }
    }

    private static IEnumerable<(string Key, string Value)> Parse(string expectation) =>
        expectation.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => (part[..part.IndexOf('=')].Trim(), part[(part.IndexOf('=') + 1)..].Trim()));

    private static string Lower<T>(T value) => value!.ToString()!.ToLowerInvariant();

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";

    private static string Contains(string? text, string part) =>
        text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase) ? part : text ?? "(none)";
}
