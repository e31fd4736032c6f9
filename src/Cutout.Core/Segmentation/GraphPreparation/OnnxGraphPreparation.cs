using Google.Protobuf;
using Onnx;

namespace Cutout.Segmentation;

/// <summary>
/// Rewrites a model graph once, at load time, into the form ONNX Runtime's CPU kernels run fastest.
/// </summary>
internal static class OnnxGraphPreparation
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Float16 = (int)TensorProto.Types.DataType.Float16;

    /// <summary>
    /// Returns the model as bytes with fp16 weights widened to fp32 and the graph's fp16 casts retargeted
    /// to fp32, and with the image input's height and width made symbolic so one file serves any input size.
    /// ONNX Runtime has no fp16 convolution on x86 CPUs: left alone, it converts activations between
    /// half and float around every layer (about 10% of the CPU time of ISNet in our measurements).
    /// </summary>
    public static byte[] Prepare(string onnxPath) => PrepareModel(onnxPath).ToByteArray();

    /// <inheritdoc cref="Prepare"/>
    /// <remarks>Only the first graph output (the alpha) is kept, so the side outputs' heads are never computed.</remarks>
    public static ModelProto PrepareModel(string onnxPath)
    {
        // Read-only and shared: OnnxSharp's ParseFromFile opens the file for writing, exclusively, so two
        // sessions loading the same cached model at once (max and eco, or two servers) failed.
        ModelProto model;
        using (var stream = File.OpenRead(onnxPath))
            model = ModelProto.Parser.ParseFrom(stream);
        var graph = model.Graph;
        foreach (var tensor in graph.Initializer)
            WidenToFloat(tensor);
        foreach (var node in graph.Node)
        {
            foreach (var attribute in node.Attribute)
            {
                if (attribute.T is not null)
                    WidenToFloat(attribute.T);
                if (node.OpType == "Cast" && attribute.Name == "to" && attribute.I == Float16)
                    attribute.I = Float;
            }
        }

        MakeResizesRelative(graph);
        while (graph.Output.Count > 1)
            graph.Output.RemoveAt(graph.Output.Count - 1);
        RemoveUnusedNodes(graph);
        // Intermediate shapes recorded for 1024x1024 would contradict any other input size.
        graph.ValueInfo.Clear();
        foreach (var value in graph.Input.Concat(graph.Output))
        {
            if (value.Type?.TensorType is not { } tensorType)
                continue;
            if (tensorType.ElemType == Float16)
                tensorType.ElemType = Float;
            if (tensorType.Shape is { Dim.Count: 4 } shape)
            {
                shape.Dim[2] = new TensorShapeProto.Types.Dimension { DimParam = "height" };
                shape.Dim[3] = new TensorShapeProto.Types.Dimension { DimParam = "width" };
            }
        }
        return model;
    }

    /// <summary>
    /// The exported ISNet graph resizes feature maps to sizes traced as constants at 1024x1024 input
    /// (<c>F.interpolate(size=target.shape[2:])</c> became Concat(Shape(x)[:2], [32, 32])), which makes
    /// every other input size fail. Each such Resize is rewritten to the equivalent scale factor, derived
    /// from the traced shapes, so the network runs at any input size whose pyramid divides evenly
    /// (multiples of 256 for ISNet). Resizes whose shapes were not traced are left alone.
    /// </summary>
    private static void MakeResizesRelative(GraphProto graph)
    {
        var tracedShapes = graph.ValueInfo
            .Where(v => v.Type?.TensorType?.Shape is { Dim.Count: 4 })
            .ToDictionary(v => v.Name, v => v.Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray());
        var producers = Producers(graph);
        int index = 0;
        foreach (var resize in graph.Node.Where(n => n.OpType == "Resize" && n.Input.Count == 4).ToList())
        {
            if (!tracedShapes.TryGetValue(resize.Input[0], out var input) || input[2] <= 0 || input[3] <= 0
                || TracedTargetSize(resize.Input[3], producers) is not var (height, width))
                continue;
            var scales = new[] { 1f, 1f, (float)height / input[2], (float)width / input[3] };
            var name = $"cutout_resize_scales_{index++}";
            graph.Initializer.Add(new TensorProto
            {
                Name = name,
                DataType = Float,
                Dims = { 4 },
                RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scales.AsSpan())),
            });
            resize.Input[2] = name;
            resize.Input.RemoveAt(3);
        }
    }

    /// <summary>The node that computes each tensor.</summary>
    internal static Dictionary<string, NodeProto> Producers(GraphProto graph) =>
        graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node);

    /// <summary>
    /// Drops nodes and weights that no kept output depends on: ONNX Runtime computes every node it is given,
    /// and ISNet's five deep-supervision side outputs (convolution, resize to full size, sigmoid) cost about
    /// 5% of an inference while nothing reads them.
    /// </summary>
    private static void RemoveUnusedNodes(GraphProto graph)
    {
        var needed = graph.Output.Select(o => o.Name).ToHashSet();
        var kept = new List<NodeProto>();
        foreach (var node in Enumerable.Reverse(TopologicalOrder(graph)))
        {
            if (!node.Output.Any(needed.Contains))
                continue;
            kept.Add(node);
            needed.UnionWith(node.Input);
        }
        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        foreach (var unused in graph.Initializer.Where(t => !needed.Contains(t.Name)).ToList())
            graph.Initializer.Remove(unused);
    }

    /// <summary>
    /// The nodes in dependency order. The fp16 export appends its input and output casts at the end of the
    /// list; later passes here walk the graph from input to output and need producers first.
    /// </summary>
    private static List<NodeProto> TopologicalOrder(GraphProto graph)
    {
        var available = graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(t => t.Name)).ToHashSet();
        available.Add("");
        var pending = graph.Node.ToList();
        var ordered = new List<NodeProto>(pending.Count);
        while (pending.Count > 0)
        {
            int before = ordered.Count;
            foreach (var node in pending.Where(n => n.Input.All(available.Contains)).ToList())
            {
                ordered.Add(node);
                available.UnionWith(node.Output);
                pending.Remove(node);
            }
            if (ordered.Count == before)
                throw new InvalidOperationException("the model graph has a cycle or an input nothing produces");
        }
        return ordered;
    }

    /// <summary>The constant (height, width) in a traced <c>Concat(Shape(x)[:2], Constant([h, w]))</c> sizes input.</summary>
    private static (long Height, long Width)? TracedTargetSize(string sizesName, Dictionary<string, NodeProto> producers)
    {
        if (!producers.TryGetValue(sizesName, out var concat) || concat.OpType != "Concat" || concat.Input.Count != 2
            || !producers.TryGetValue(concat.Input[1], out var constant) || constant.OpType != "Constant"
            || constant.Attribute.FirstOrDefault(a => a.Name == "value")?.T is not { DataType: (int)TensorProto.Types.DataType.Int64 } tensor
            || tensor.RawData.Length != 16)
            return null;
        var sizes = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(tensor.RawData.Span);
        return (sizes[0], sizes[1]);
    }

    private static void WidenToFloat(TensorProto tensor)
    {
        if (tensor.DataType != Float16)
            return;
        long count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
        var widened = new float[count];
        if (!tensor.RawData.IsEmpty)
        {
            var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(tensor.RawData.Span);
            for (int i = 0; i < widened.Length; i++)
                widened[i] = (float)halves[i];
        }
        else
        {
            // ONNX stores fp16 values outside raw_data as the low 16 bits of int32_data.
            for (int i = 0; i < widened.Length; i++)
                widened[i] = (float)BitConverter.UInt16BitsToHalf((ushort)tensor.Int32Data[i]);
            tensor.Int32Data.Clear();
        }
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(widened.AsSpan()));
        tensor.DataType = Float;
    }
}
