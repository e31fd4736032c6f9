namespace Cutout.Compositing;

/// <summary>
/// sRGB ↔ linear-light conversion (IEC 61966-2-1 transfer curve). Blending in linear light is what makes
/// a half-covered hair pixel look like half the light of each side instead of a dark fringe.
/// </summary>
internal static class LinearLight
{
    private const int EncodeSteps = 4096;
    private static readonly float[] DecodeTable = BuildDecodeTable();
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    public static float ToLinear(byte srgb) => DecodeTable[srgb];

    /// <summary>Linear 0..1 back to an sRGB byte through a 4096-step table (error under half a level).</summary>
    public static byte ToSrgb(float linear) => EncodeTable[(int)(Math.Clamp(linear, 0f, 1f) * (EncodeSteps - 1) + 0.5f)];

    public static float Luminance(float r, float g, float b) => 0.2126f * r + 0.7152f * g + 0.0722f * b;

    private static float[] BuildDecodeTable()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            double c = i / 255.0;
            table[i] = (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
        }
        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[EncodeSteps];
        for (int i = 0; i < EncodeSteps; i++)
        {
            double l = i / (double)(EncodeSteps - 1);
            double c = l <= 0.0031308 ? l * 12.92 : 1.055 * Math.Pow(l, 1 / 2.4) - 0.055;
            table[i] = (byte)Math.Clamp(Math.Round(c * 255.0), 0, 255);
        }
        return table;
    }
}
