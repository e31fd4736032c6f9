using System.Globalization;
using Cutout.Chat.Inputs;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;
using Cutout.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace Cutout.Server.Endpoints;

/// <summary>
/// rembg's HTTP server API (<c>rembg s</c>): <c>POST /api/remove</c> with a multipart <c>file</c> and
/// <c>GET /api/remove?url=</c>, answering a PNG. Its options come as form fields or query parameters.
/// Keys work as on every endpoint; <see cref="ServerOptions.AllowKeylessLoopback"/> serves rembg's keyless clients locally.
/// </summary>
internal static class RembgEndpoints
{
    /// <summary>rembg's lighter networks run our fast eco pipeline; every other segmentation model our quality one.</summary>
    private static readonly string[] LightModels = ["u2netp", "silueta", "birefnet-general-lite"];

    private static readonly string[] QualityModels =
    [
        "u2net", "u2net_human_seg", "isnet-general-use", "isnet-anime", "birefnet-general", "birefnet-portrait",
        "birefnet-dis", "birefnet-hrsod", "birefnet-cod", "birefnet-massive", "bria-rmbg",
    ];

    public static IEndpointRouteBuilder MapRembgEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/remove").RequireAuthorization().WithTags("rembg server API");
        group.MapPost("", PostAsync)
            .AddOpenApiOperationTransformer(OpenApiBodies.Describe<RembgUpload>("multipart/form-data"))
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces<ErrorBody>(StatusCodes.Status422UnprocessableEntity)
            .WithName("RembgRemoveUpload")
            .WithSummary("rembg-compatible: remove the background of the uploaded 'file'.");
        group.MapGet("", GetAsync)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces<ErrorBody>(StatusCodes.Status422UnprocessableEntity)
            .WithName("RembgRemoveUrl")
            .WithSummary("rembg-compatible: remove the background of the image at 'url'.");
        return routes;
    }

    private static async Task<IResult> PostAsync(HttpContext http, DirectCutouts cutouts, ServerOptions options)
    {
        if (!http.Request.HasFormContentType)
            return Invalid("Send the image as multipart/form-data in the 'file' field.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.Files.GetFile("file") is not { } file)
            return Invalid("The 'file' field is required.");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);
        return await RunAsync(http, cutouts, options, name => form[name].FirstOrDefault() ?? http.Request.Query[name].FirstOrDefault(),
            fetcher => Task.FromResult(fetcher.FromUpload("file", buffer.ToArray())));
    }

    private static Task<IResult> GetAsync(HttpContext http, DirectCutouts cutouts, ServerOptions options, [FromQuery] string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return Task.FromResult(Invalid("The 'url' query parameter is required."));
        return RunAsync(http, cutouts, options, name => http.Request.Query[name].FirstOrDefault(),
            fetcher => fetcher.FetchAsync(url, $"url ({url})", http.User.ApiKeyId(), http.RequestAborted));
    }

    private static async Task<IResult> RunAsync(HttpContext http, DirectCutouts cutouts, ServerOptions options,
        Func<string, string?> parameter, Func<ImageFetcher, Task<InputImage>> image)
    {
        try
        {
            var cutoutOptions = ToCutoutOptions(parameter);
            var photo = await image(cutouts.Fetcher);
            var result = await cutouts.RunAsync(http.User.ApiKeyId(), photo, cutoutOptions, http.RequestAborted);
            return TypedResults.Bytes(result.Encoded, result.ContentType);
        }
        catch (Exception e) when (e is CutoutException { Kind: not CutoutErrorKind.ModelUnavailable } or ImageInputException)
        {
            return Invalid(e.Message);
        }
        catch (ServerBusyException e)
        {
            http.Response.Headers.RetryAfter = ((int)options.BusyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(new ErrorBody(e.Message, "SERVER_BUSY"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>
    /// rembg's options: <c>model</c>; alpha matting <c>a</c> with its foreground/background thresholds <c>af</c>/<c>ab</c>
    /// and erosion <c>ae</c>; <c>om</c> (only the mask); <c>ppm</c> (post-processed, crisp mask); <c>bgc</c> ("R,G,B,A").
    /// </summary>
    public static CutoutOptions ToCutoutOptions(Func<string, string?> parameter)
    {
        var model = parameter("model") ?? "u2net";
        var pinned = ModelCatalog.Find(model);
        if (pinned is null && !LightModels.Contains(model) && !QualityModels.Contains(model))
            throw new CutoutException(CutoutErrorKind.InvalidOption,
                $"'model' \"{model}\" is not available; use one of: {string.Join(", ", QualityModels.Concat(LightModels).Concat(ModelCatalog.All.Select(m => m.Name)))}.");

        bool matting = Bool(parameter, "a");
        int foreground = Int(parameter, "af", 240, 0, 255), background = Int(parameter, "ab", 10, 0, 255), erode = Int(parameter, "ae", 10, 0, 255);
        bool crisp = Bool(parameter, "ppm");
        var refinement = RefinementOptions.Default;
        if (matting)
        {
            // rembg's trimap: alpha between ab and af is unknown and solved by matting, widened by ae pixels of erosion.
            // Ours: the band is widened by ae relative to rembg's default of 10, and the wider the unknown alpha range,
            // the softer the solve (rembg's default range 10..240 = our strong hair care).
            var strong = EdgeCarePresets.For(EdgeCare.Strong);
            refinement = strong with
            {
                BandScale = strong.BandScale * Math.Max(0.25f, erode / 10f),
                EdgeSoftness = crisp ? 0f : Math.Clamp(strong.EdgeSoftness * ((foreground - background) / 230f), 0f, 1f),
            };
        }

        var color = parameter("bgc") ?? parameter("bgcolor");
        return new CutoutOptions
        {
            Mode = LightModels.Contains(model) ? QualityMode.Eco : QualityMode.Max,
            Model = pinned,
            Refinement = refinement,
            Composition = CompositionOptions.Transparent with { Background = color is null ? BackgroundSpec.Transparent : ParseColor(color) },
            Output = OutputOptions.Default with { Format = OutputFormat.Png, MaskOnly = Bool(parameter, "om") },
            // rembg answers a photo without a subject with an empty (transparent) image, not an error.
            AllowEmpty = true,
        };
    }

    /// <summary>rembg's colour: four integers "R,G,B,A" from 0 to 255.</summary>
    private static BackgroundSpec ParseColor(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var channels = parts.Select(p => byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out byte b) ? b : (byte?)null).ToList();
        if (channels.Count != 4 || channels.Any(c => c is null))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'bgc' \"{text}\" is not a colour; use R,G,B,A with values 0..255 (e.g. 255,255,255,255).");
        return new SolidBackground(new RgbColor(channels[0]!.Value, channels[1]!.Value, channels[2]!.Value), channels[3]!.Value / 255f);
    }

    private static bool Bool(Func<string, string?> parameter, string name) => parameter(name)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" or "off" or "no" => false,
        "true" or "1" or "on" or "yes" => true,
        var other => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{name}' must be true or false, not \"{other}\"."),
    };

    private static int Int(Func<string, string?> parameter, string name, int fallback, int min, int max)
    {
        var text = parameter(name);
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{name}' must be an integer from {min} to {max}, not \"{text}\".");
    }

    private static IResult Invalid(string detail) => TypedResults.UnprocessableEntity(new ErrorBody(detail));
}

/// <summary>The multipart form of <c>POST /api/remove</c>; the options may also come in the query string.</summary>
internal sealed record RembgUpload(IFormFile File, string? Model, bool? A, int? Af, int? Ab, int? Ae, bool? Om, bool? Ppm, string? Bgc);
