using System.Text.RegularExpressions;
using Cutout.Imaging;

namespace Cutout.Chat.Planning;

/// <summary>The output a message asks for: file format, mask only, and the quality mode.</summary>
internal static partial class OutputReader
{
    /// <summary>"quick preview" is eco, "best quality" max; null when the message does not say.</summary>
    public static QualityMode? ReadMode(InstructionText text) =>
        text.Has(EcoCue()) ? QualityMode.Eco : text.Has(MaxCue()) ? QualityMode.Max : null;

    /// <summary>The format asked for, and whether the message asked for one we do not write (GIF, TIFF...).</summary>
    public static (OutputFormat?, bool Unsupported) ReadFormat(InstructionText text)
    {
        OutputFormat? chosen = null;
        var tokens = text.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            OutputFormat? format = tokens[i] switch
            {
                "png" => OutputFormat.Png,
                "webp" => OutputFormat.WebP,
                "jpeg" or "jpg" => OutputFormat.Jpeg,
                _ => null,
            };
            // "convert this jpg to png": the format it comes from is not the one asked for.
            if (format is not null && (i == 0 || tokens[i - 1] is not ("from" or "this" or "my" or "original")))
                chosen = format;
        }
        bool unsupported = chosen is null && text.HasAny("gif", "tiff", "tif", "bmp", "svg", "heic", "avif", "psd");
        return (chosen, unsupported);
    }

    [GeneratedRegex(@" (alpha|black and white|grayscale|greyscale|binary|segmentation|just the|only the|just a|only a) (mask|matte) | (mask|matte) only | (create|make|give|export|output|generate|want|need|get|return|send) (me )?(a |an |the |just the |only the )?(alpha )?(mask|matte) ")]
    internal static partial Regex MaskCue();

    [GeneratedRegex(@" (eco|quick|quickly|fast|faster|draft|cheap|preview|previews|speed) ")]
    private static partial Regex EcoCue();

    [GeneratedRegex(@" (best|highest|maximum|max|top|premium|high|professional) quality | production | (max|maximum) mode ")]
    private static partial Regex MaxCue();
}
