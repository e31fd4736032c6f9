using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Google.Protobuf;
using Onnx;

namespace Cutout.Segmentation;

/// <summary>The calibrated value range of one activation tensor.</summary>
internal readonly record struct ActivationRange(float Min, float Max);

/// <summary>
/// Static 8-bit quantisation of a float ONNX graph in ONNX Runtime's QDQ form. Every activation that flows
/// between convolutions, pools, resizes, concatenations and residual additions passes through
/// QuantizeLinear/DequantizeLinear with a range calibrated on real photos; convolution weights become
/// per-output-channel int8 and biases int32. ONNX Runtime then fuses DQ → Conv → Relu → Q into QLinearConv
/// (8-bit dot products: AVX-512 VNNI / AVX-VNNI) and runs pools, resizes and concatenations on the bytes,
/// so the network's feature maps stay 8-bit from the first layer to the last.
/// </summary>
/// <remarks>
/// The npm package's own quantised ISNet uses dynamic quantisation (ConvInteger): ONNX Runtime runs that on a
/// generic path slower than float, and per-image ranges cost it 0.12 IoU on the developer set. Static ranges
/// with per-channel weights kept the IoU and halved inference time (see BENCHMARKS.md).
/// </remarks>
internal static class Int8Quantization
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int UInt8 = (int)TensorProto.Types.DataType.Uint8;
    private const int Int8 = (int)TensorProto.Types.DataType.Int8;
    private const int Int32 = (int)TensorProto.Types.DataType.Int32;

    // Ops whose float data inputs and outputs are carried as 8-bit values.
    private static readonly HashSet<string> ByteOps = ["Relu", "MaxPool", "Resize", "Concat", "Add"];
    // Ops that only move values around, so their output keeps their input's exact scale and ONNX Runtime
    // can run them on the bytes without requantising.
    private static readonly HashSet<string> RangePreservingOps = ["MaxPool", "Resize"];

    /// <summary>The activation tensors that need a calibrated range, in graph order.</summary>
    public static IReadOnlyList<string> TensorsToCalibrate(ModelProto model) => QuantisedTensors(model.Graph, Consumers(model.Graph), _ => false);

    /// <summary>A copy of the model whose graph also outputs the given tensors, for measuring their ranges.</summary>
    public static ModelProto WithExtraOutputs(ModelProto model, IEnumerable<string> tensors)
    {
        var copy = model.Clone();
        foreach (var name in tensors)
            copy.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float } } });
        return copy;
    }

    /// <summary>
    /// Weight precision this CPU runs exactly. Without VNNI, ONNX Runtime's x86 8-bit kernels (VPMADDUBSW) add
    /// pairs of 8-bit products in 16 bits, which can saturate with full-range weights; 7-bit weights cannot
    /// (they cost 0.002 IoU on the developer set: 0.8633 → 0.8616).
    /// </summary>
    public static int WeightBitsForThisCpu { get; } = !X86Base.IsSupported || AvxVnni.IsSupported || LinuxCpuFlags().Contains("avx512_vnni") ? 8 : 7;

    /// <summary>Rewrites <paramref name="model"/>, whose weights must be float, into QDQ form.</summary>
    /// <param name="model">The float graph, changed in place.</param>
    /// <param name="ranges">Calibrated activation ranges by tensor name; tensors without one stay float.</param>
    /// <param name="weightBits">8, or 7 for CPUs without VNNI (see <see cref="WeightBitsForThisCpu"/>).</param>
    /// <param name="staysFloat">Activation tensors to leave in float, with the convolutions that read them.</param>
    public static void Quantize(ModelProto model, IReadOnlyDictionary<string, ActivationRange> ranges, int weightBits = 8, Func<string, bool>? staysFloat = null)
    {
        if (weightBits is < 2 or > 8)
            throw new ArgumentOutOfRangeException(nameof(weightBits));
        float weightLevels = (1 << (weightBits - 1)) - 1;
        var graph = model.Graph;
        var producers = OnnxGraphPreparation.Producers(graph);
        var consumers = Consumers(graph);
        var parameters = new Dictionary<string, (float Scale, byte ZeroPoint)>();
        foreach (var tensor in QuantisedTensors(graph, consumers, staysFloat ?? (_ => false)))
        {
            parameters[tensor] = producers.TryGetValue(tensor, out var producer) && RangePreservingOps.Contains(producer.OpType)
                && parameters.TryGetValue(producer.Input[0], out var inherited)
                ? inherited
                : ranges.TryGetValue(tensor, out var range)
                    ? ActivationParameters(range)
                    : throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"the 8-bit calibration has no range for tensor '{tensor}': it was measured on another model file");
        }

        var original = graph.Node.ToList();
        var constants = new List<NodeProto>();
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var conv in QuantisedConvolutions(graph, parameters.Keys.ToHashSet(), consumers))
        {
            float inputScale = parameters[conv.Input[0]].Scale;
            var weightScales = QuantizeWeights(graph, conv, initializers[conv.Input[1]], weightLevels, constants);
            if (conv.Input.Count > 2 && initializers.TryGetValue(conv.Input[2], out var bias))
                QuantizeBias(graph, conv, bias, inputScale, weightScales, constants);
        }

        var pairs = new Dictionary<string, (NodeProto Quantise, NodeProto Dequantise)>();
        foreach (var (tensor, (scale, zeroPoint)) in parameters)
        {
            string scaleName = AddTensor(graph, tensor + "_q_scale", Float, MemoryMarshal.AsBytes([scale]), []);
            string zeroName = AddTensor(graph, tensor + "_q_zero", UInt8, [zeroPoint], []);
            pairs[tensor] = (Node("QuantizeLinear", [tensor, scaleName, zeroName], tensor + "_q"),
                Node("DequantizeLinear", [tensor + "_q", scaleName, zeroName], tensor + "_dq"));
        }

        // Consumers read the dequantised copy; only the QuantizeLinear reads the float original.
        foreach (var node in original)
            for (int i = 0; i < node.Input.Count; i++)
                if (pairs.ContainsKey(node.Input[i]))
                    node.Input[i] = node.Input[i] + "_dq";

        // Topological order: the weights' dequantisers first, then each Q/DQ pair right after its producer.
        graph.Node.Clear();
        graph.Node.AddRange(constants);
        void AddQuantisersOf(IEnumerable<string> tensors)
        {
            foreach (var tensor in tensors)
            {
                if (pairs.TryGetValue(tensor, out var pair))
                {
                    graph.Node.Add(pair.Quantise);
                    graph.Node.Add(pair.Dequantise);
                }
            }
        }
        AddQuantisersOf(graph.Input.Select(i => i.Name));
        foreach (var node in original)
        {
            graph.Node.Add(node);
            AddQuantisersOf(node.Output);
        }

        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var stale in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
            graph.Initializer.Remove(stale);
    }

    /// <summary>
    /// Float activations that are inputs or outputs of the 8-bit ops, plus the data input of every
    /// convolution that feeds a Relu (those convolutions become QLinearConv). The first layer (3 input
    /// channels) and the one-channel side heads stay float: they are a fraction of a percent of the work,
    /// and the heads decide the final alpha's precision.
    /// </summary>
    private static List<string> QuantisedTensors(GraphProto graph, ILookup<string, NodeProto> consumers, Func<string, bool> staysFloat)
    {
        var activations = FloatActivations(graph);
        var chosen = new List<string>();
        var seen = new HashSet<string>();
        void Choose(string tensor)
        {
            if (activations.Contains(tensor) && !staysFloat(tensor) && seen.Add(tensor))
                chosen.Add(tensor);
        }

        foreach (var node in graph.Node)
        {
            if (node.OpType == "Conv" && FeedsOnlyRelu(node, consumers))
                Choose(node.Input[0]);
            if (!ByteOps.Contains(node.OpType))
                continue;
            // A resize's other inputs are its constant scales; a Relu's input is the convolution it fuses with.
            if (node.OpType is "Resize" or "MaxPool")
                Choose(node.Input[0]);
            else if (node.OpType is "Concat" or "Add")
                foreach (var input in node.Input)
                    Choose(input);
            if (node.OpType != "Resize" || seen.Contains(node.Input[0]))
                Choose(node.Output[0]);
        }
        return chosen;
    }

    private static List<NodeProto> QuantisedConvolutions(GraphProto graph, HashSet<string> quantised, ILookup<string, NodeProto> consumers)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        return graph.Node
            .Where(n => n.OpType == "Conv" && initializers.Contains(n.Input[1]) && quantised.Contains(n.Input[0]) && FeedsOnlyRelu(n, consumers))
            .ToList();
    }

    private static bool FeedsOnlyRelu(NodeProto node, ILookup<string, NodeProto> consumers) =>
        consumers[node.Output[0]].Any() && consumers[node.Output[0]].All(c => c.OpType == "Relu");

    /// <summary>Tensors carrying image features: everything computed from the graph input through data ops.</summary>
    private static HashSet<string> FloatActivations(GraphProto graph)
    {
        var activations = graph.Input.Select(i => i.Name).ToHashSet();
        foreach (var node in graph.Node)
        {
            bool fromActivation = node.OpType is "Resize" or "Conv" or "MaxPool" or "Relu" or "Cast" or "Sigmoid"
                ? activations.Contains(node.Input[0])
                : node.OpType is "Concat" or "Add" && node.Input.Any(activations.Contains);
            if (fromActivation)
                activations.Add(node.Output[0]);
        }
        return activations;
    }

    private static (float Scale, byte ZeroPoint) ActivationParameters(ActivationRange range)
    {
        float min = Math.Min(0f, range.Min), max = Math.Max(0f, range.Max);
        float scale = Math.Max((max - min) / 255f, 1e-8f);
        byte zeroPoint = (byte)Math.Clamp((int)MathF.Round(-min / scale), 0, 255);
        return (scale, zeroPoint);
    }

    /// <summary>Symmetric int8 per output channel (zero point 0), as ONNX Runtime's 8-bit kernels expect.</summary>
    private static float[] QuantizeWeights(GraphProto graph, NodeProto conv, TensorProto weight, float levels, List<NodeProto> constants)
    {
        var values = MemoryMarshal.Cast<byte, float>(weight.RawData.Span);
        int channels = (int)weight.Dims[0];
        int perChannel = values.Length / channels;
        var scales = new float[channels];
        var quantised = new sbyte[values.Length];
        for (int c = 0; c < channels; c++)
        {
            var row = values.Slice(c * perChannel, perChannel);
            float maxAbs = 0f;
            foreach (float v in row)
                maxAbs = Math.Max(maxAbs, Math.Abs(v));
            scales[c] = maxAbs > 0 ? maxAbs / levels : 1f;
            for (int i = 0; i < perChannel; i++)
                quantised[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(row[i] / scales[c]), -levels, levels);
        }
        conv.Input[1] = AddPerChannel(graph, weight.Name + "_int8", Int8, MemoryMarshal.AsBytes(quantised.AsSpan()), weight.Dims, scales, 1, constants);
        return scales;
    }

    /// <summary>int32 with scale = input scale × weight scale, so the 8-bit kernel adds it to its accumulator directly.</summary>
    private static void QuantizeBias(GraphProto graph, NodeProto conv, TensorProto bias, float inputScale, float[] weightScales, List<NodeProto> constants)
    {
        var values = MemoryMarshal.Cast<byte, float>(bias.RawData.Span);
        var scales = weightScales.Select(w => w * inputScale).ToArray();
        var quantised = new int[values.Length];
        for (int c = 0; c < values.Length; c++)
            quantised[c] = (int)Math.Clamp(MathF.Round(values[c] / scales[c]), int.MinValue, int.MaxValue);
        conv.Input[2] = AddPerChannel(graph, bias.Name + "_int32", Int32, MemoryMarshal.AsBytes(quantised.AsSpan()), bias.Dims, scales, 4, constants);
    }

    private static string AddPerChannel(GraphProto graph, string name, int dataType, ReadOnlySpan<byte> data, IEnumerable<long> dims, float[] scales, int zeroBytes, List<NodeProto> constants)
    {
        AddTensor(graph, name, dataType, data, dims);
        string scaleName = AddTensor(graph, name + "_scale", Float, MemoryMarshal.AsBytes(scales.AsSpan()), [scales.Length]);
        string zeroName = AddTensor(graph, name + "_zero", dataType, new byte[zeroBytes * scales.Length], [scales.Length]);
        var dequantise = Node("DequantizeLinear", [name, scaleName, zeroName], name + "_dq");
        dequantise.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        constants.Add(dequantise);
        return name + "_dq";
    }

    private static string AddTensor(GraphProto graph, string name, int dataType, ReadOnlySpan<byte> data, IEnumerable<long> dims)
    {
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output + "_node" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    /// <summary>The CPU feature flags Linux reports (AVX-512 VNNI has no .NET detection of its own).</summary>
    internal static string LinuxCpuFlags()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static ILookup<string, NodeProto> Consumers(GraphProto graph) =>
        graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node);
}
