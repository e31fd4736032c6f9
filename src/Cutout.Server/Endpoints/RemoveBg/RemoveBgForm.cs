using System.Text.Json;

namespace Cutout.Server.Endpoints.RemoveBg;

/// <summary>
/// The fields and files of a remove.bg request, whichever of its three encodings was sent: multipart/form-data,
/// application/x-www-form-urlencoded or a JSON object (booleans and numbers are read as their text).
/// </summary>
internal sealed class RemoveBgForm
{
    private readonly Dictionary<string, string> _fields;
    private readonly Dictionary<string, byte[]> _files;

    private RemoveBgForm(Dictionary<string, string> fields, Dictionary<string, byte[]> files)
    {
        _fields = fields;
        _files = files;
    }

    /// <summary>A field's text; null when absent or empty (clients send empty fields for unset options).</summary>
    public string? this[string name] => _fields.TryGetValue(name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    public byte[]? File(string name) => _files.GetValueOrDefault(name);

    /// <summary>Throws <see cref="RemoveBgException"/> for a body in none of the three encodings or a malformed one.</summary>
    public static async Task<RemoveBgForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                files[file.Name] = buffer.ToArray();
                // A file part given as text (curl -F image_file_b64=<file) also counts as the field.
                fields.TryAdd(file.Name, "");
            }
            return new RemoveBgForm(fields, files);
        }
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            return new RemoveBgForm(await ReadJsonAsync(request.Body, cancellationToken), []);
        throw RemoveBgException.InvalidParameter(
            "Unsupported request body", "Send multipart/form-data, application/x-www-form-urlencoded or application/json.");
    }

    private static async Task<Dictionary<string, string>> ReadJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw RemoveBgException.InvalidParameter("Invalid JSON body", e.Message);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw RemoveBgException.InvalidParameter("Invalid JSON body", "The body must be a JSON object of parameters.");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.Null => "",
                    _ => throw RemoveBgException.InvalidParameter($"Invalid value for '{property.Name}'", "Parameters are strings, numbers or booleans."),
                };
            }
            return fields;
        }
    }
}
