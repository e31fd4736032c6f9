using System.CommandLine;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Segmentation;

namespace Cutout.Cli;

/// <summary>The options that <c>remove</c> and <c>batch</c> share, and their translation into <see cref="CutoutOptions"/>.</summary>
internal sealed class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces and extra detail on errors.",
        Recursive = true,
    };

    public Option<QualityMode> Mode { get; } = new("--mode", "-m")
    {
        Description = "max = best quality (full model, matting refinement); eco = fastest.",
        DefaultValueFactory = _ => QualityMode.Max,
    };

    public Option<string?> Background { get; } = new("--background", "-b")
    {
        Description = "transparent (default), a colour (#RRGGBB, rgb(r,g,b), CSS name), a gradient, blur, or an image.",
    };

    public Option<string?> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: png, webp or jpeg (default: from the output name, else png).",
    };

    public Option<int?> Quality { get; } = new("--quality")
    {
        Description = "JPEG/WebP quality, 1-100 (default 92; presets may raise it).",
    };

    public Option<bool> Mask { get; } = new("--mask")
    {
        Description = "Write the 8-bit grey alpha mask instead of the cutout.",
    };

    public Option<bool> AllowEmpty { get; } = new("--allow-empty")
    {
        Description = "Write the (transparent) cutout even when no subject is found, instead of failing with \"no subject\".",
    };

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "A model name (see 'cutout models list') or the path of your own ONNX file.",
    };

    public Option<string> ModelFamily { get; } = new("--model-family")
    {
        Description = "For your own ONNX file: isnet / u2net ((v-128)/256 input, alpha output) or birefnet (ImageNet mean/std, logits).",
        DefaultValueFactory = _ => "isnet",
    };

    public Option<int?> InputSize { get; } = new("--input-size")
    {
        Description = "For your own ONNX file: the square input size it expects (default 1024).",
    };

    public Option<ExecutionDevice> Device { get; } = new("--device")
    {
        Description = "auto (GPU through ONNX Runtime when available), cpu or cuda.",
        DefaultValueFactory = _ => ExecutionDevice.Auto,
    };

    public CompositionArguments Composition { get; } = new();

    public IEnumerable<Option> All =>
    [
        Mode, Background, Format, Quality, Mask, AllowEmpty, Model, ModelFamily, InputSize, Device, .. Composition.All,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in All)
            command.Options.Add(option);
    }

    /// <summary>The pipeline options as given on this command line, to be parsed again elsewhere (a worker).</summary>
    public IReadOnlyList<string> ArgumentsOf(ParseResult parse)
    {
        var arguments = new List<string>();
        foreach (var option in All)
        {
            if (parse.GetResult(option) is not { Implicit: false } given)
                continue;
            arguments.Add(given.IdentifierToken?.Value ?? option.Name);
            arguments.AddRange(given.Tokens.Select(token => token.Value));
        }
        return arguments;
    }

    /// <summary>Builds the pipeline options; <paramref name="outputPath"/> supplies the format when none is given.</summary>
    public CutoutOptions ToCutoutOptions(ParseResult parse, string? outputPath)
    {
        var format = ParseFormat(parse.GetValue(Format)) ?? FormatOfOutput(outputPath);
        var background = parse.GetValue(Background) is { } text ? BackgroundSpec.Parse(text) : BackgroundSpec.Transparent;
        return new CutoutOptions
        {
            Mode = parse.GetValue(Mode),
            Model = ResolveModel(parse),
            Composition = Composition.ToComposition(parse, background),
            Preset = Composition.ToPreset(parse),
            AllowEmpty = parse.GetValue(AllowEmpty),
            Refinement = Composition.ToRefinement(parse),
            Output = new OutputOptions
            {
                Format = format,
                Quality = parse.GetValue(Quality) is { } quality
                    ? quality is >= 1 and <= 100 ? quality : throw new CutoutException(CutoutErrorKind.InvalidOption, $"--quality must be between 1 and 100, not {quality}")
                    : OutputOptions.Default.Quality,
                MaskOnly = parse.GetValue(Mask),
            },
        };
    }

    public ModelDescriptor? ResolveModel(ParseResult parse)
    {
        var name = parse.GetValue(Model);
        var custom = name is not null && ModelCatalog.Find(name) is null && File.Exists(name);
        if (parse.GetValue(InputSize) is { } inputSize && !custom)
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"--input-size {inputSize} applies only with --model PATH.onnx (your own model file)");
        if (name is null)
            return null;
        if (ModelCatalog.Find(name) is { } known)
            return known;
        if (File.Exists(name))
            return ModelCatalog.Custom(name, parse.GetValue(ModelFamily)!, parse.GetValue(InputSize));
        throw new CutoutException(CutoutErrorKind.InvalidOption,
            $"'{name}' is neither a known model ({string.Join(", ", ModelCatalog.All.Select(m => m.Name))}) nor an existing ONNX file");
    }

    /// <summary>The format an output name asks for; a name ending in another image type (out.gif) is refused rather than given PNG bytes.</summary>
    private static OutputFormat? FormatOfOutput(string? outputPath)
    {
        if (outputPath is null or "-" || Path.GetExtension(outputPath) is not { Length: > 0 } extension)
            return null;
        return OutputOptions.FormatFromExtension(outputPath)
            ?? throw new CutoutException(CutoutErrorKind.InvalidOption,
                $"cannot write '{extension}' files: name the output .png, .webp or .jpg, or give --format");
    }

    private static OutputFormat? ParseFormat(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "png" => OutputFormat.Png,
        "webp" => OutputFormat.WebP,
        "jpg" or "jpeg" => OutputFormat.Jpeg,
        _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"unknown format '{text}' (use png, webp or jpeg)"),
    };
}
