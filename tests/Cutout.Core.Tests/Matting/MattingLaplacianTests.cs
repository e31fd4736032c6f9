using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

public sealed class MattingLaplacianTests
{
    private const int Width = 41, Height = 29, Radius = 4;

    private static ColourPlanes RandomGuide(Random random)
    {
        float[] Plane() => Enumerable.Range(0, Width * Height).Select(_ => (float)random.NextDouble()).ToArray();
        return new ColourPlanes(Width, Height, Plane(), Plane(), Plane());
    }

    private static double Dot(float[] first, float[] second) => first.Zip(second, (a, b) => (double)a * b).Sum();

    [Fact]
    public void Laplacian_is_symmetric()
    {
        var random = new Random(11);
        var laplacian = new MattingLaplacian(RandomGuide(random), Radius, 1e-5f);
        var p = Enumerable.Range(0, Width * Height).Select(_ => (float)random.NextDouble()).ToArray();
        var q = Enumerable.Range(0, Width * Height).Select(_ => (float)random.NextDouble()).ToArray();
        var lp = new float[p.Length];
        var lq = new float[q.Length];
        laplacian.Multiply(p, lp);
        laplacian.Multiply(q, lq);
        // qᵀLp = pᵀLq, up to float rounding of terms of size ~|w|.
        Assert.Equal(Dot(q, lp), Dot(p, lq), 0.01 * Math.Sqrt(Dot(lp, lp)));
    }

    [Fact]
    public void Laplacian_annihilates_constant_and_linear_in_colour_alpha()
    {
        var random = new Random(12);
        var guide = RandomGuide(random);
        var laplacian = new MattingLaplacian(guide, Radius, 1e-5f);
        var constant = Enumerable.Repeat(0.7f, Width * Height).ToArray();
        var linear = Enumerable.Range(0, Width * Height).Select(i => 0.2f + 0.3f * guide.R[i] - 0.1f * guide.G[i] + 0.4f * guide.B[i]).ToArray();
        var noise = Enumerable.Range(0, Width * Height).Select(_ => (float)random.NextDouble()).ToArray();
        var product = new float[Width * Height];

        laplacian.Multiply(noise, product);
        float noiseResponse = product.Max(Math.Abs);
        laplacian.Multiply(constant, product);
        Assert.True(product.Max(Math.Abs) < 1e-5f * noiseResponse, $"L·constant up to {product.Max(Math.Abs)}");
        laplacian.Multiply(linear, product);
        // Not exactly zero: epsilon shrinks each window's colour slope a little.
        Assert.True(product.Max(Math.Abs) < 1e-3f * noiseResponse, $"L·linear up to {product.Max(Math.Abs)}, L·noise up to {noiseResponse}");
    }

    [Fact]
    public void Solve_pulls_the_unknown_alpha_onto_the_colour_edge_between_the_known_pixels()
    {
        // Left half dark (background, alpha 0), right half bright (foreground, alpha 1); the middle
        // columns are unknown, and the "model" gave them a blurry ramp from 0 to 1 across them.
        var guide = new ColourPlanes(Width, Height, new float[Width * Height], new float[Width * Height], new float[Width * Height]);
        var alpha = new float[Width * Height];
        var free = new bool[Width * Height];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int i = y * Width + x;
                float colour = x > Width / 2 ? 0.9f : 0.1f;
                (guide.R[i], guide.G[i], guide.B[i]) = (colour, colour * 0.7f, colour * 0.4f);
                free[i] = Math.Abs(x - Width / 2) <= 8;
                alpha[i] = free[i] ? (x - Width / 2 + 8) / 16f : x > Width / 2 ? 1f : 0f;
            }
        var target = (float[])alpha.Clone();
        // A weak pull towards the ramp: the colours, not the model, decide.
        var weight = Enumerable.Repeat(1e-4f, Width * Height).ToArray();
        ClosedFormMatting.Solve(new MattingLaplacian(guide, Radius, 1e-5f), alpha, target, weight, free);

        int row = Height / 2 * Width;
        for (int x = Width / 2 - 8; x <= Width / 2 + 8; x++)
            Assert.Equal(x > Width / 2 ? 1f : 0f, alpha[row + x], 0.02f);
    }
}
