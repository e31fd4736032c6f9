using System.Diagnostics;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Cutout.Bench;

/// <summary>
/// The CPU's dense matrix-multiply rate as ONNX Runtime achieves it (its MLAS kernels do the model's
/// convolutions too): an n×n×n float MatMul model built in memory, best of several runs.
/// </summary>
public static class MatMulRate
{
    public static double MeasureGflops(int n = 2048, int runs = 5)
    {
        var model = BuildModel(n);
        using var session = new InferenceSession(model.ToByteArray());
        var a = new float[n * n];
        var b = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (i % 7) * 0.1f;
            b[i] = (i % 5) * 0.1f;
        }
        using var ta = OrtValue.CreateTensorValueFromMemory(a, [n, n]);
        using var tb = OrtValue.CreateTensorValueFromMemory(b, [n, n]);
        using var options = new RunOptions();
        double best = double.MaxValue;
        for (int r = 0; r < runs + 1; r++)
        {
            var clock = Stopwatch.StartNew();
            using var output = session.Run(options, ["A", "B"], [ta, tb], ["C"]);
            if (r > 0)
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    private static ModelProto BuildModel(int n)
    {
        ValueInfoProto Matrix(string name) => new()
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = n }, new TensorShapeProto.Types.Dimension { DimValue = n } } },
                },
            },
        };
        var graph = new GraphProto { Name = "matmul" };
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "A", "B" }, Output = { "C" } });
        graph.Input.Add(Matrix("A"));
        graph.Input.Add(Matrix("B"));
        graph.Output.Add(Matrix("C"));
        return new ModelProto { IrVersion = 8, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 17 } } };
    }
}
