using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Serialization;
using Cutout.Advanced;
using Cutout.Chat;
using Cutout.Chat.Inputs;
using Cutout.Server.Security;

namespace Cutout.Server.Endpoints.RemoveBg;

/// <summary>
/// remove.bg's API v1.0 (<c>POST /v1.0/removebg</c>, <c>GET /v1.0/account</c>) on our pipeline, so its clients,
/// plugins and curl scripts work by changing the host. Same keys (<c>X-Api-Key</c>), limits and URL rules as /chat.
/// </summary>
internal static class RemoveBgEndpoints
{
    /// <summary>What <c>/v1.0/account</c> reports as the balance: a self-hosted server charges nothing.</summary>
    public const int UnlimitedCredits = 1_000_000_000;

    public static IEndpointRouteBuilder MapRemoveBgEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1.0").RequireAuthorization().WithErrorDialect(RemoveBgErrors.Instance).WithTags("remove.bg API v1.0");
        group.MapPost("/removebg", HandleAsync)
            // The body is read by hand in three encodings; declaring it with Accepts() would let routing answer 415 before the key is checked.
            .AddOpenApiOperationTransformer(OpenApiBodies.Describe<RemoveBgJsonRequest>("application/json", "multipart/form-data", "application/x-www-form-urlencoded"))
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp", "application/zip"])
            .Produces<RemoveBgResultBody>(StatusCodes.Status200OK, "application/json")
            .Produces<RemoveBgErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<RemoveBgErrorBody>(StatusCodes.Status403Forbidden)
            .Produces<RemoveBgErrorBody>(StatusCodes.Status429TooManyRequests)
            .WithName("RemoveBgRemoveBackground")
            .WithSummary("remove.bg-compatible: remove the background of image_file, image_file_b64 or image_url.");
        group.MapGet("/account", () => TypedResults.Ok(RemoveBgAccount.Unlimited))
            .Produces<RemoveBgErrorBody>(StatusCodes.Status403Forbidden)
            .WithName("RemoveBgAccount")
            .WithSummary("remove.bg-compatible: the credit balance (unlimited on a self-hosted server).");
        return routes;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, DirectCutouts cutouts, ServerOptions options)
    {
        string? backgroundPath = null;
        try
        {
            var form = await RemoveBgForm.ReadAsync(http.Request, http.RequestAborted);
            var parameters = RemoveBgParameters.Parse(form);
            var photo = await ReadImageAsync(form, cutouts.Fetcher, http, "image_file", "image_file_b64", "image_url")
                ?? throw RemoveBgException.InvalidParameter("No image given", "Send one of image_file, image_file_b64 or image_url.");
            if (await ReadImageAsync(form, cutouts.Fetcher, http, "bg_image_file", null, "bg_image_url") is { } backgroundImage)
            {
                backgroundPath = Path.Combine(Path.GetTempPath(), $"cutout-bg-{Guid.NewGuid():N}.{backgroundImage.Format.ToLowerInvariant()}");
                await File.WriteAllBytesAsync(backgroundPath, backgroundImage.Bytes, http.RequestAborted);
            }

            var result = await cutouts.RunAsync(http.User.ApiKeyId(), photo, parameters.ToCutoutOptions(photo, backgroundPath), http.RequestAborted);
            return Answer(http, parameters, result);
        }
        catch (RemoveBgException e)
        {
            return RemoveBgErrors.Result(e.Status, e.Error);
        }
        catch (ImageInputException e)
        {
            bool tooLarge = e.ErrorCode == ErrorCodes.ImageTooLarge;
            return RemoveBgErrors.Result(StatusCodes.Status400BadRequest,
                new RemoveBgError(tooLarge ? "File too large" : "Invalid image", tooLarge ? RemoveBgErrors.FileTooLarge : RemoveBgErrors.InvalidParameter, e.Message));
        }
        catch (CutoutException e) when (e.Kind == CutoutErrorKind.NoSubject)
        {
            return RemoveBgErrors.Result(StatusCodes.Status400BadRequest,
                new RemoveBgError("Could not identify foreground in image.", RemoveBgErrors.UnknownForeground, e.Message));
        }
        catch (CutoutException e) when (e.Kind != CutoutErrorKind.ModelUnavailable)
        {
            return RemoveBgErrors.Result(StatusCodes.Status400BadRequest, new RemoveBgError("Invalid parameters or image", RemoveBgErrors.InvalidParameter, e.Message));
        }
        catch (CutoutException e)
        {
            return RemoveBgErrors.Result(StatusCodes.Status503ServiceUnavailable, new RemoveBgError("Model unavailable", RemoveBgErrors.InternalError, e.Message));
        }
        catch (ServerBusyException e)
        {
            http.Response.Headers.RetryAfter = ((int)options.BusyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return RemoveBgErrors.Result(StatusCodes.Status503ServiceUnavailable, new RemoveBgError("Server busy", RemoveBgErrors.ServerBusy, e.Message));
        }
        finally
        {
            if (backgroundPath is not null)
                File.Delete(backgroundPath);
        }
    }

    /// <summary>The one image among a file field, a base64 field and a URL field; null when none was sent.</summary>
    private static async Task<InputImage?> ReadImageAsync(RemoveBgForm form, ImageFetcher fetcher, HttpContext http, string fileField, string? base64Field, string urlField)
    {
        var given = new[] { fileField, base64Field, urlField }.OfType<string>().Where(name => form.File(name) is not null || form[name] is not null).ToList();
        if (given.Count > 1)
            throw RemoveBgException.InvalidParameter("Multiple sources given", $"Send only one of {string.Join(", ", given)}.");
        if (given.Count == 0)
            return null;
        var field = given[0];
        if (form.File(field) is { } upload)
            return fetcher.FromUpload(field, upload);
        var owner = http.User.ApiKeyId();
        return field == base64Field
            ? await fetcher.FetchAsync(DataUrlOf(form[field]!), field, owner, http.RequestAborted)
            : await fetcher.FetchAsync(form[field]!, $"{field} ({form[field]})", owner, http.RequestAborted);
    }

    /// <summary>image_file_b64 is bare base64 (some clients send a whole data: URL, which is taken as it is).</summary>
    private static string DataUrlOf(string base64) => DataUrl.IsDataUrl(base64) ? base64 : "data:application/octet-stream;base64," + base64;

    private static IResult Answer(HttpContext http, RemoveBgParameters parameters, CutoutResult result)
    {
        var (bytes, contentType) = parameters.Format == RemoveBgFormat.Zip && !parameters.AlphaOnly
            ? (Zip(result.Encoded), "application/zip")
            : (result.Encoded, result.ContentType);
        var headers = http.Response.Headers;
        headers["X-Width"] = result.Width.ToString(CultureInfo.InvariantCulture);
        headers["X-Height"] = result.Height.ToString(CultureInfo.InvariantCulture);
        headers["X-Type"] = parameters.ReportedType;
        headers["X-Foreground-Top"] = result.SubjectBox.Y.ToString(CultureInfo.InvariantCulture);
        headers["X-Foreground-Left"] = result.SubjectBox.X.ToString(CultureInfo.InvariantCulture);
        headers["X-Foreground-Width"] = result.SubjectBox.Width.ToString(CultureInfo.InvariantCulture);
        headers["X-Foreground-Height"] = result.SubjectBox.Height.ToString(CultureInfo.InvariantCulture);
        headers["X-Credits-Charged"] = "0";

        var accept = http.Request.GetTypedHeaders().Accept;
        if (accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            return TypedResults.Json(new RemoveBgResultBody(new RemoveBgResult(Convert.ToBase64String(bytes),
                result.SubjectBox.Y, result.SubjectBox.X, result.SubjectBox.Width, result.SubjectBox.Height)));
        return TypedResults.Bytes(bytes, contentType, fileDownloadName: parameters.Format == RemoveBgFormat.Zip ? "no-bg.zip" : null);
    }

    /// <summary>remove.bg's zip: the colours as <c>color.jpg</c> and the transparency as <c>alpha.png</c>.</summary>
    private static byte[] Zip(byte[] cutoutPng)
    {
        var (color, alpha) = ColorAlphaLayers.Split(cutoutPng);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in new[] { ("color.jpg", color), ("alpha.png", alpha) })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(data);
            }
        }
        return buffer.ToArray();
    }
}

/// <summary>The JSON form of the parameters (multipart and urlencoded forms carry the same names).</summary>
internal sealed record RemoveBgJsonRequest(
    [property: JsonPropertyName("image_url")] string? ImageUrl,
    [property: JsonPropertyName("image_file_b64")] string? ImageFileB64,
    [property: JsonPropertyName("size")] string? Size,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("type_level")] string? TypeLevel,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("roi")] string? Roi,
    [property: JsonPropertyName("crop")] bool? Crop,
    [property: JsonPropertyName("crop_margin")] string? CropMargin,
    [property: JsonPropertyName("scale")] string? Scale,
    [property: JsonPropertyName("position")] string? Position,
    [property: JsonPropertyName("channels")] string? Channels,
    [property: JsonPropertyName("add_shadow")] bool? AddShadow,
    [property: JsonPropertyName("semitransparency")] bool? SemiTransparency,
    [property: JsonPropertyName("bg_color")] string? BgColor,
    [property: JsonPropertyName("bg_image_url")] string? BgImageUrl);

internal sealed record RemoveBgResult(
    [property: JsonPropertyName("result_b64")] string ResultB64,
    [property: JsonPropertyName("foreground_top")] int ForegroundTop,
    [property: JsonPropertyName("foreground_left")] int ForegroundLeft,
    [property: JsonPropertyName("foreground_width")] int ForegroundWidth,
    [property: JsonPropertyName("foreground_height")] int ForegroundHeight);

internal sealed record RemoveBgResultBody([property: JsonPropertyName("data")] RemoveBgResult Data);

/// <summary>remove.bg's account shape: <c>{"data":{"attributes":{"credits":{...},"api":{...}}}}</c>.</summary>
internal sealed record RemoveBgAccount([property: JsonPropertyName("data")] RemoveBgAccount.AccountData Data)
{
    public static RemoveBgAccount Unlimited { get; } = new(new AccountData(new Attributes(
        new Credits(RemoveBgEndpoints.UnlimitedCredits, RemoveBgEndpoints.UnlimitedCredits, 0, 0),
        new ApiQuota(RemoveBgEndpoints.UnlimitedCredits, "all"))));

    public sealed record AccountData([property: JsonPropertyName("attributes")] Attributes Attributes);

    public sealed record Attributes(
        [property: JsonPropertyName("credits")] Credits Credits,
        [property: JsonPropertyName("api")] ApiQuota Api);

    public sealed record Credits(
        [property: JsonPropertyName("total")] int Total,
        [property: JsonPropertyName("subscription")] int Subscription,
        [property: JsonPropertyName("payg")] int Payg,
        [property: JsonPropertyName("enterprise")] int Enterprise);

    public sealed record ApiQuota(
        [property: JsonPropertyName("free_calls")] int FreeCalls,
        [property: JsonPropertyName("sizes")] string Sizes);
}
