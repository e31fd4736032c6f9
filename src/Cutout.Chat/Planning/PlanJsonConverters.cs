using System.Text.Json;
using System.Text.Json.Serialization;
using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>A plan's background on the wire: the CSS-like text of <see cref="BackgroundSpec.Parse"/>, read back by the same parser.</summary>
internal sealed class BackgroundJsonConverter : JsonConverter<BackgroundSpec>
{
    public override BackgroundSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text = reader.GetString() ?? throw new JsonException("background must be a string");
        try
        {
            return BackgroundSpec.Parse(text);
        }
        catch (CutoutException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, BackgroundSpec value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToCssText());
}

/// <summary>
/// A plan's aspect ratio on the wire: "W:H" as <see cref="LayoutOptions.FormatAspect"/> writes it; reads that, any
/// text <see cref="LayoutOptions.ParseAspect"/> accepts, or a plain number.
/// </summary>
internal sealed class AspectRatioJsonConverter : JsonConverter<float?>
{
    public override float? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetSingle();
            default:
                try
                {
                    return LayoutOptions.ParseAspect(reader.GetString() ?? "");
                }
                catch (CutoutException e)
                {
                    throw new JsonException(e.Message, e);
                }
        }
    }

    public override void Write(Utf8JsonWriter writer, float? value, JsonSerializerOptions options)
    {
        if (value is { } ratio)
            writer.WriteStringValue(LayoutOptions.FormatAspect(ratio));
        else
            writer.WriteNullValue();
    }
}
