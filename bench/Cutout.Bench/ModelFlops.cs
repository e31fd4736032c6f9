using Onnx;

namespace Cutout.Bench;

/// <summary>
/// Counts the floating-point operations of one inference from the ONNX graph itself: every Conv's
/// output shape (from the graph's value_info) times its kernel volume, two operations per
/// multiply-add. Convolutions are over 99% of ISNet's arithmetic; the rest (ReLU, resize, add) is
/// memory-bound and left out.
/// </summary>
public static class ModelFlops
{
    public sealed record Count(double Flops, int ConvNodes, int NodesWithoutShape);

    public static Count CountConvolutions(string onnxPath)
    {
        using var stream = File.OpenRead(onnxPath);
        var model = ModelProto.Parser.ParseFrom(stream);
        var graph = model.Graph;
        var shapes = graph.ValueInfo.Concat(graph.Output)
            .Where(v => v.Type?.TensorType?.Shape is not null)
            .ToDictionary(v => v.Name, v => v.Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray());
        var weights = graph.Initializer.ToDictionary(i => i.Name, i => i.Dims.ToArray());

        double flops = 0;
        int convs = 0, unknown = 0;
        foreach (var node in graph.Node.Where(n => n.OpType is "Conv" or "ConvInteger"))
        {
            convs++;
            if (!shapes.TryGetValue(node.Output[0], out var output) || output.Length != 4 || !weights.TryGetValue(node.Input[1], out var kernel))
            {
                unknown++;
                continue;
            }
            // output [N, Cout, H, W]; kernel [Cout, Cin/groups, kH, kW]
            flops += 2.0 * output[0] * output[1] * output[2] * output[3] * kernel[1] * kernel[2] * kernel[3];
        }
        return new Count(flops, convs, unknown);
    }
}
