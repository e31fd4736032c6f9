namespace Cutout.Matting;

/// <summary>
/// The matting Laplacian L of closed-form matting (Levin, Lischinski and Weiss, TPAMI 2008) with large
/// windows, applied in O(N) whatever the window size (He, Sun and Tang, "Fast matting using large kernel
/// matting Laplacian matrices", CVPR 2010). pᵀLp is the cost of fitting p, in every window, by a linear
/// function of the colours; minimising over each window's fit leaves the gradient
/// (L·p)_i = n_i · (p_i − (mean a)ᵀI_i − mean b), with a, b the guided filter's per-window fit and n_i
/// the number of windows covering pixel i. So one product is one guided-filter fit.
/// </summary>
internal sealed class MattingLaplacian
{
    private readonly GuidedFilter _fit;
    private readonly float[] _windowsPerPixel;
    private readonly LinearCoefficients _scratch;

    public MattingLaplacian(ColourPlanes guide, int radius, float epsilon)
    {
        _fit = new GuidedFilter(guide, radius, epsilon);
        _scratch = LinearCoefficients.Allocate(guide.Width, guide.Height);
        _windowsPerPixel = new float[guide.Width * guide.Height];
        for (int y = 0; y < guide.Height; y++)
        {
            int rows = Math.Min(y + radius, guide.Height - 1) - Math.Max(y - radius, 0) + 1;
            for (int x = 0; x < guide.Width; x++)
                _windowsPerPixel[y * guide.Width + x] = rows * (Math.Min(x + radius, guide.Width - 1) - Math.Max(x - radius, 0) + 1);
        }
    }

    public int Width => _fit.Width;
    public int Height => _fit.Height;

    /// <summary>
    /// n_i, the number of windows covering each pixel: L's diagonal is n_i less the pixel's share of its
    /// windows' fits (at most 4/|w| of it), so it serves as the Jacobi preconditioner.
    /// </summary>
    public float[] WindowsPerPixel => _windowsPerPixel;

    /// <summary><paramref name="product"/> = L·<paramref name="p"/>.</summary>
    public void Multiply(float[] p, float[] product)
    {
        _fit.Fit(p, _scratch);
        var guide = _fit.Guide;
        Parallel.For(0, Height, y =>
        {
            for (int i = y * Width, end = i + Width; i < end; i++)
                product[i] = _windowsPerPixel[i] * (p[i] - _scratch.At(guide, i));
        });
    }
}
