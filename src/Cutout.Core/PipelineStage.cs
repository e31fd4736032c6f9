namespace Cutout;

/// <summary>The steps of one cutout, in order.</summary>
public enum PipelineStage
{
    Decode,
    Preprocess,
    Inference,
    Refine,
    Compose,
    Encode,
}

/// <summary>Wall-clock milliseconds spent in each stage of one image.</summary>
public sealed record StageTimings(double DecodeMs, double PreprocessMs, double InferenceMs, double RefineMs, double ComposeMs, double EncodeMs)
{
    public double TotalMs => DecodeMs + PreprocessMs + InferenceMs + RefineMs + ComposeMs + EncodeMs;
}
