using Cutout.Advanced;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace Cutout.Segmentation;

/// <summary>Where inference runs.</summary>
public enum ExecutionDevice
{
    /// <summary>CUDA when ONNX Runtime has it and a GPU is present, otherwise CPU.</summary>
    Auto,

    /// <summary>Always the CPU, even when a GPU is present.</summary>
    Cpu,

    /// <summary>The GPU through CUDA, or a <see cref="CutoutErrorKind.ModelUnavailable"/> error when ONNX Runtime cannot start it (needs the <c>CutoutGpu=true</c> build).</summary>
    Cuda,
}

/// <summary>
/// One ONNX Runtime session for one model, shared by every image and thread (ONNX Runtime's
/// <c>Run</c> is thread-safe). Predicts the coarse alpha at the model's input resolution.
/// </summary>
internal sealed class ImageSegmenter : IDisposable
{
    // ImageNet statistics used by BiRefNet-style models.
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly bool _inputIsHalf;

    /// <param name="onnxPath">The model's ONNX file.</param>
    /// <param name="model">How to feed the model and read its output.</param>
    /// <param name="device">Where inference runs.</param>
    /// <param name="threads">ONNX Runtime intra-op threads; null = one per core.</param>
    /// <param name="optimizedModels">Where to keep ONNX Runtime's optimised graph for the next process (CPU only); null builds it every time.</param>
    public ImageSegmenter(string onnxPath, ModelDescriptor model, ExecutionDevice device = ExecutionDevice.Auto, int? threads = null, OptimizedModelCache? optimizedModels = null)
    {
        Model = model;
        using var options = CreateOptions(threads);
        DeviceName = ConfigureDevice(options, device);
        bool fromCache = false;
        try
        {
            _session = optimizedModels is not null && DeviceName == "CPU"
                ? optimizedModels.OpenSession(onnxPath, model, () => CreateOptions(threads), () => LoadGraph(onnxPath, model, "CPU"), out fromCache)
                : new InferenceSession(LoadGraph(onnxPath, model, DeviceName), options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"the model file {onnxPath} could not be loaded: {e.Message}", e);
        }
        LoadedFromCache = fromCache;

        var input = _session.InputMetadata.First();
        _inputName = input.Key;
        _inputIsHalf = input.Value.ElementDataType == TensorElementType.Float16;
        _outputName = _session.OutputMetadata.Keys.First();
    }

    public ModelDescriptor Model { get; }

    /// <summary>Whether the session came ready-optimised from an <see cref="OptimizedModelCache"/>.</summary>
    internal bool LoadedFromCache { get; }

    /// <summary>"CPU" or "CUDA", for reports.</summary>
    public string DeviceName { get; }

    /// <summary>Resizes and normalises <paramref name="image"/> into the model's NCHW input tensor.</summary>
    public DenseTensor<float> Preprocess(RgbaImage image) => Preprocess(image, Model);

    /// <inheritdoc cref="Preprocess(RgbaImage)"/>
    public static DenseTensor<float> Preprocess(RgbaImage image, ModelDescriptor model) => Preprocess(image, model, InputFrame.Stretched(model.InputSize));

    /// <summary>
    /// <paramref name="image"/> fitted inside the model's square with its aspect kept, centred on mid grey
    /// (which ISNet's normalisation maps to zero), and where it landed.
    /// </summary>
    public (DenseTensor<float> Input, InputFrame Frame) PreprocessLetterboxed(RgbaImage image)
    {
        var frame = InputFrame.Letterboxed(image.Width, image.Height, Model.InputSize);
        return (Preprocess(image, Model, frame), frame);
    }

    /// <summary>The photo resized into <paramref name="frame"/> of the model's square, the rest mid grey, normalised.</summary>
    internal static DenseTensor<float> Preprocess(RgbaImage image, ModelDescriptor model, InputFrame frame)
    {
        int size = model.InputSize;
        var resized = ResizeRgb(image, frame.Width, frame.Height);
        var tensor = new DenseTensor<float>([1, 3, size, size]);
        var buffer = tensor.Buffer.Span;
        int plane = size * size;
        bool isnet = model.Normalization == InputNormalization.IsNet;
        for (int c = 0; c < 3; c++)
        {
            var channel = buffer.Slice(c * plane, plane);
            if (frame.Width < size || frame.Height < size)
                channel.Fill(Normalise(PadGrey, c, isnet));
            for (int row = 0; row < frame.Height; row++)
            {
                var target = channel.Slice((frame.Top + row) * size + frame.Left, frame.Width);
                for (int column = 0, p = row * frame.Width * 4 + c; column < target.Length; column++, p += 4)
                    target[column] = Normalise(resized[p], c, isnet);
            }
        }
        return tensor;
    }

    private const byte PadGrey = 128;

    private static float Normalise(float value, int channel, bool isnet) =>
        isnet ? (value - 128f) / 256f : (value / 255f - ImageNetMean[channel]) / ImageNetStd[channel];

    /// <summary>Shrinks ONNX Runtime's CPU memory pool after each run (see <see cref="RemoverSettings.ReleaseInferenceMemory"/>).</summary>
    public bool ReleaseMemoryAfterRun { get; init; }

    /// <summary>Runs the network on a preprocessed tensor; returns alpha at the model's resolution.</summary>
    public AlphaMatte Infer(DenseTensor<float> input)
    {
        int size = Model.InputSize;
        using var inputValue = _inputIsHalf
            ? OrtValue.CreateTensorValueFromMemory(ToHalf(input.Buffer.Span), [1, 3, size, size])
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Buffer, [1, 3, size, size]);
        using var runOptions = new RunOptions();
        if (ReleaseMemoryAfterRun)
            runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        using var outputs = _session.Run(runOptions, [_inputName], [inputValue], [_outputName]);
        var output = outputs[0];
        var shape = output.GetTensorTypeAndShape();
        var dims = shape.Shape;
        int oh = (int)dims[^2], ow = (int)dims[^1];
        var alpha = new float[ow * oh];
        if (shape.ElementDataType == TensorElementType.Float16)
        {
            var half = output.GetTensorDataAsSpan<Float16>();
            for (int i = 0; i < alpha.Length; i++)
                alpha[i] = (float)half[i];
        }
        else
        {
            output.GetTensorDataAsSpan<float>()[..alpha.Length].CopyTo(alpha);
        }

        bool sigmoid = Model.Activation == OutputActivation.Sigmoid;
        for (int i = 0; i < alpha.Length; i++)
            alpha[i] = Math.Clamp(sigmoid ? 1f / (1f + MathF.Exp(-alpha[i])) : alpha[i], 0f, 1f);
        return new AlphaMatte(ow, oh, alpha);
    }

    public AlphaMatte Predict(RgbaImage image) => Infer(Preprocess(image));

    /// <summary>The alpha of a letterboxed input (see <see cref="PreprocessLetterboxed"/>), cut to the photo's part.</summary>
    public AlphaMatte InferLetterboxed(DenseTensor<float> input, InputFrame frame)
    {
        var alpha = Infer(input);
        double scale = (double)alpha.Width / Model.InputSize;
        int left = (int)Math.Round(frame.Left * scale), top = (int)Math.Round(frame.Top * scale);
        int width = Math.Max(1, (int)Math.Round(frame.Width * scale)), height = Math.Max(1, (int)Math.Round(frame.Height * scale));
        var cropped = new AlphaMatte(width, height);
        for (int y = 0; y < height; y++)
            alpha.Row(top + y).Slice(left, width).CopyTo(cropped.Row(y));
        return cropped;
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// The CPU-friendly rewrite of the graph (see <see cref="OnnxGraphPreparation"/>), quantised to 8 bits when
    /// the model asks for it and runs on the CPU (GPUs run the float graph faster than ONNX Runtime's 8-bit
    /// CUDA kernels); a user's model that cannot be rewritten (external weight files, graphs over 2 GB) is
    /// loaded as it is.
    /// </summary>
    private static byte[] LoadGraph(string onnxPath, ModelDescriptor model, string deviceName)
    {
        try
        {
            if (model.Int8Calibration is null || deviceName != "CPU")
                return OnnxGraphPreparation.Prepare(onnxPath);
            var graph = OnnxGraphPreparation.PrepareModel(onnxPath);
            Int8Quantization.Quantize(graph, ActivationCalibration.LoadEmbedded(model.Int8Calibration).Ranges, Int8Quantization.WeightBitsForThisCpu);
            return graph.ToByteArray();
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException or IndexOutOfRangeException)
        {
            return File.ReadAllBytes(onnxPath);
        }
    }

    private static Float16[] ToHalf(ReadOnlySpan<float> values)
    {
        var half = new Float16[values.Length];
        for (int i = 0; i < values.Length; i++)
            half[i] = (Float16)values[i];
        return half;
    }

    /// <summary>
    /// Resizes to width×height (size×size stretches: the model was trained on squashed inputs). Transparent
    /// pixels are flattened onto white first so that hidden RGB under alpha 0 cannot confuse the model.
    /// A large photo is first reduced by whole factors (block means, rows in parallel), so Skia's
    /// single-threaded mipmapped resize works on at most twice the model's size: on 2 cores a 13.5 MP
    /// photo took about 100 ms to resize, most of it building the mipmaps of the whole photo.
    /// </summary>
    private static byte[] ResizeRgb(RgbaImage image, int width, int height)
    {
        var source = ReduceByWholeFactors(FlattenedOnWhite(image), Math.Max(1, image.Width / width), Math.Max(1, image.Height / height));
        var srcInfo = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var dstInfo = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var output = new byte[width * height * 4];
        unsafe
        {
            fixed (byte* s = source.Pixels)
            fixed (byte* d = output)
            {
                using var src = new SKPixmap(srcInfo, (IntPtr)s, source.Width * 4);
                using var dst = new SKPixmap(dstInfo, (IntPtr)d, width * 4);
                // After the whole-factor reduction at most a factor 2 is left, which linear filtering
                // covers without aliasing; mipmaps would only blur.
                var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
                if (!src.ScalePixels(dst, sampling))
                    throw new InvalidOperationException("Skia could not resize the image.");
            }
        }
        return output;
    }

    /// <summary>The image itself when it is opaque, else a copy composited onto white.</summary>
    private static RgbaImage FlattenedOnWhite(RgbaImage image)
    {
        if (image.IsOpaque())
            return image;

        var flattened = image.Clone();
        var px = flattened.Pixels;
        for (int p = 0; p < px.Length; p += 4)
        {
            int a = px[p + 3];
            if (a == 255)
                continue;
            for (int c = 0; c < 3; c++)
                px[p + c] = (byte)((px[p + c] * a + 255 * (255 - a) + 127) / 255);
            px[p + 3] = 255;
        }
        return flattened;
    }

    /// <summary>Each output pixel the mean of a factorX×factorY block (the blocks at the right and bottom edges may be partial).</summary>
    private static RgbaImage ReduceByWholeFactors(RgbaImage image, int factorX, int factorY)
    {
        if (factorX == 1 && factorY == 1)
            return image;
        int width = (image.Width + factorX - 1) / factorX, height = (image.Height + factorY - 1) / factorY;
        var reduced = new RgbaImage(width, height);
        Parallel.For(0, height, () => new int[width * 3], (y, _, sums) =>
        {
            Array.Clear(sums);
            int rowStart = y * factorY, rowEnd = Math.Min(image.Height, rowStart + factorY);
            for (int sy = rowStart; sy < rowEnd; sy++)
            {
                var row = image.Row(sy);
                for (int x = 0, sx = 0; x < width; x++)
                {
                    int red = 0, green = 0, blue = 0;
                    for (int end = Math.Min(image.Width, sx + factorX); sx < end; sx++)
                    {
                        red += row[sx * 4];
                        green += row[sx * 4 + 1];
                        blue += row[sx * 4 + 2];
                    }
                    sums[x * 3] += red;
                    sums[x * 3 + 1] += green;
                    sums[x * 3 + 2] += blue;
                }
            }
            var output = reduced.Row(y);
            for (int x = 0; x < width; x++)
            {
                int area = (Math.Min(image.Width, (x + 1) * factorX) - x * factorX) * (rowEnd - rowStart);
                for (int c = 0; c < 3; c++)
                    output[x * 4 + c] = (byte)((sums[x * 3 + c] + area / 2) / area);
                output[x * 4 + 3] = 255;
            }
            return sums;
        }, _ => { });
        return reduced;
    }

    private static SessionOptions CreateOptions(int? threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (threads is { } n)
            options.IntraOpNumThreads = n;
        return options;
    }

    private static string ConfigureDevice(SessionOptions options, ExecutionDevice device)
    {
        if (device == ExecutionDevice.Cpu)
            return "CPU";
        try
        {
            options.AppendExecutionProvider_CUDA();
            return "CUDA";
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            if (device == ExecutionDevice.Cuda)
                throw new CutoutException(CutoutErrorKind.ModelUnavailable,
                    "CUDA was requested but ONNX Runtime could not start it: build with -p:CutoutGpu=true and install the CUDA and cuDNN "
                    + $"libraries that ONNX Runtime's GPU build needs ({e.Message.Split('\n')[0].Trim()})", e);
            return "CPU";
        }
    }
}
