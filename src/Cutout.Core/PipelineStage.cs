namespace Cutout;

/// <summary>The steps of one cutout, in order.</summary>
public enum PipelineStage
{
    /// <summary>Reading the encoded photo into pixels, with EXIF orientation applied.</summary>
    Decode,

    /// <summary>Resizing and normalising the photo into the model's input tensor.</summary>
    Preprocess,

    /// <summary>Running the segmentation model; one image at a time per <see cref="Remover"/>.</summary>
    Inference,

    /// <summary>Turning the coarse mask into the final alpha and decontaminating edge colours.</summary>
    Refine,

    /// <summary>Layout, background and shadow.</summary>
    Compose,

    /// <summary>Writing the output file's bytes (and checking a preset's rules on them).</summary>
    Encode,
}

/// <summary>Wall-clock milliseconds spent in each stage of one image.</summary>
/// <param name="DecodeMs">Milliseconds in <see cref="PipelineStage.Decode"/>.</param>
/// <param name="PreprocessMs">Milliseconds in <see cref="PipelineStage.Preprocess"/>.</param>
/// <param name="InferenceMs">Milliseconds in <see cref="PipelineStage.Inference"/>, including the wait for another image's inference.</param>
/// <param name="RefineMs">Milliseconds in <see cref="PipelineStage.Refine"/>.</param>
/// <param name="ComposeMs">Milliseconds in <see cref="PipelineStage.Compose"/>; 0 for mask-only output.</param>
/// <param name="EncodeMs">Milliseconds in <see cref="PipelineStage.Encode"/>.</param>
public sealed record StageTimings(double DecodeMs, double PreprocessMs, double InferenceMs, double RefineMs, double ComposeMs, double EncodeMs)
{
    /// <summary>The sum of all stages, in milliseconds; excludes one-time model loading.</summary>
    public double TotalMs => DecodeMs + PreprocessMs + InferenceMs + RefineMs + ComposeMs + EncodeMs;
}
