using System.Runtime.InteropServices;
using Cutout.Segmentation;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Cutout.Core.Tests.Segmentation;

/// <summary>
/// The 8-bit rewrite on a small U-Net-shaped graph (conv, relu, pool, resize, concat, residual add, sigmoid
/// head): it must compute what the float graph computes, and ONNX Runtime must really run it in 8 bits.
/// </summary>
public sealed class Int8QuantizationTests
{
    private const int Size = 32;

    [Fact]
    public void Quantised_network_output_stays_within_two_hundredths_of_the_float_network()
    {
        var (floatOutput, quantisedOutput) = RunBoth(out _);
        float worst = 0f, sum = 0f;
        for (int i = 0; i < floatOutput.Length; i++)
        {
            float difference = Math.Abs(floatOutput[i] - quantisedOutput[i]);
            worst = Math.Max(worst, difference);
            sum += difference;
        }
        Assert.True(sum / floatOutput.Length < 0.01f, $"mean difference {sum / floatOutput.Length:F4}");
        Assert.True(worst < 0.05f, $"largest difference {worst:F4}");
    }

    [Fact]
    public void Seven_bit_weights_for_cpus_without_vnni_stay_within_seven_bits_and_close_to_the_float_network()
    {
        var (floatOutput, quantisedOutput) = RunBoth(out var optimised, weightBits: 7);
        Assert.True(floatOutput.Zip(quantisedOutput).Average(p => Math.Abs(p.First - p.Second)) < 0.01f);

        var model = BuildNetwork();
        Int8Quantization.Quantize(model, ActivationCalibration.Measure(model, [RandomImage(1)]), weightBits: 7);
        var weights = model.Graph.Initializer.Where(t => t.Name.EndsWith("_int8", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, weights.Count);
        Assert.All(weights, w => Assert.All(MemoryMarshal.Cast<byte, sbyte>(w.RawData.Span).ToArray(), v => Assert.InRange(v, -63, 63)));
    }

    [Fact]
    public void Onnx_runtime_fuses_every_convolution_after_a_relu_into_an_8_bit_convolution()
    {
        RunBoth(out var optimised);
        var ops = optimised.Graph.Node.Select(n => n.OpType).ToList();
        // Three convolutions feed a Relu; the one-channel head stays float (fused with its sigmoid).
        Assert.Equal(3, ops.Count(op => op == "QLinearConv"));
        Assert.Equal(1, ops.Count(op => op is "Conv" or "FusedConv"));
    }

    [Fact]
    public void A_calibration_without_a_tensor_of_the_graph_is_refused_clearly()
    {
        var model = BuildNetwork();
        var ranges = ActivationCalibration.Measure(model, [RandomImage(1)]);
        ranges.Remove(ranges.Keys.First());
        var error = Assert.Throws<CutoutException>(() => Int8Quantization.Quantize(model, ranges));
        Assert.Contains("another model file", error.Message);
    }

    [Fact]
    public void Pools_and_resizes_keep_their_input_scale_so_they_run_on_the_bytes()
    {
        var model = BuildNetwork();
        var ranges = ActivationCalibration.Measure(model, [RandomImage(1), RandomImage(2)]);
        Int8Quantization.Quantize(model, ranges);
        var scales = model.Graph.Initializer.Where(t => t.Name.EndsWith("_q_scale", StringComparison.Ordinal))
            .ToDictionary(t => t.Name[..^"_q_scale".Length], t => BitConverter.ToSingle(t.RawData.Span));
        Assert.Equal(scales["relu1"], scales["pooled"]);
        Assert.Equal(scales["relu2"], scales["upsampled"]);
    }

    private static (float[] Float, float[] Quantised) RunBoth(out ModelProto optimised, int weightBits = 8)
    {
        var model = BuildNetwork();
        var calibrationImages = Enumerable.Range(1, 6).Select(RandomImage).ToList();
        var floatBytes = model.ToByteArray();
        Int8Quantization.Quantize(model, ActivationCalibration.Measure(model, calibrationImages), weightBits);

        var unseen = RandomImage(99);
        string optimisedPath = Path.Combine(Path.GetTempPath(), $"cutout-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            var quantised = Run(model.ToByteArray(), unseen, optimisedPath);
            optimised = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimisedPath));
            return (Run(floatBytes, unseen, null), quantised);
        }
        finally
        {
            File.Delete(optimisedPath);
        }
    }

    private static float[] Run(byte[] model, DenseTensor<float> input, string? optimisedPath)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED };
        if (optimisedPath is not null)
            options.OptimizedModelFilePath = optimisedPath;
        using var session = new InferenceSession(model, options);
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Buffer, [1, 3, Size, Size]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["image"], [value], ["alpha"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Smooth colour blobs rather than white noise, like a photo's low frequencies.</summary>
    private static DenseTensor<float> RandomImage(int seed)
    {
        var random = new Random(seed);
        var tensor = new DenseTensor<float>([1, 3, Size, Size]);
        for (int c = 0; c < 3; c++)
        {
            float fx = random.NextSingle() * 0.5f, fy = random.NextSingle() * 0.5f, phase = random.NextSingle() * 6f;
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    tensor[0, c, y, x] = 0.5f * MathF.Sin(fx * x + fy * y + phase) + 0.05f * (random.NextSingle() - 0.5f);
        }
        return tensor;
    }

    /// <summary>
    /// image → conv1 → relu1 → pool → conv2 → relu2 → resize ×2 → concat(relu1) → conv3 → relu3 → add(relu1) → head → sigmoid.
    /// </summary>
    internal static ModelProto BuildNetwork()
    {
        var random = new Random(7);
        var graph = new GraphProto { Name = "tiny-unet" };
        graph.Input.Add(FloatValue("image", [1, 3, Size, Size]));
        graph.Output.Add(FloatValue("alpha", [1, 1, Size, Size]));

        void Conv(string input, string output, int inputs, int outputs)
        {
            AddWeights(graph, output + "_w", [outputs, inputs, 3, 3], random, MathF.Sqrt(2f / (inputs * 9)));
            AddWeights(graph, output + "_b", [outputs], random, 0.1f);
            var node = Node("Conv", [input, output + "_w", output + "_b"], output);
            node.Attribute.Add(new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } });
            graph.Node.Add(node);
        }

        Conv("image", "conv1", 3, 8);
        graph.Node.Add(Node("Relu", ["conv1"], "relu1"));
        var pool = Node("MaxPool", ["relu1"], "pooled");
        pool.Attribute.Add(new AttributeProto { Name = "kernel_shape", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 2, 2 } });
        pool.Attribute.Add(new AttributeProto { Name = "strides", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 2, 2 } });
        graph.Node.Add(pool);
        Conv("pooled", "conv2", 8, 8);
        graph.Node.Add(Node("Relu", ["conv2"], "relu2"));
        graph.Initializer.Add(new TensorProto { Name = "scales", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 4 }, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes<float>([1f, 1f, 2f, 2f])) });
        var resize = Node("Resize", ["relu2", "", "scales"], "upsampled");
        resize.Attribute.Add(new AttributeProto { Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("linear") });
        graph.Node.Add(resize);
        var concat = Node("Concat", ["upsampled", "relu1"], "joined");
        concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(concat);
        Conv("joined", "conv3", 16, 8);
        graph.Node.Add(Node("Relu", ["conv3"], "relu3"));
        graph.Node.Add(Node("Add", ["relu3", "relu1"], "residual"));
        Conv("residual", "head", 8, 1);
        graph.Node.Add(Node("Sigmoid", ["head"], "alpha"));

        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 15 });
        return model;
    }

    private static void AddWeights(GraphProto graph, string name, long[] dims, Random random, float scale)
    {
        var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
            values[i] = (random.NextSingle() * 2f - 1f) * scale;
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static ValueInfoProto FloatValue(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
    }
}
