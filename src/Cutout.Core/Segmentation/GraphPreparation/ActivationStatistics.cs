namespace Cutout.Segmentation;

/// <summary>
/// What calibration needs to know of each activation tensor over some photos: its extent and a histogram of
/// its magnitudes. The histogram's bins are fixed on a logarithmic scale (32 per octave, so a coverage point is
/// found within 2.2%), which makes statistics of different photos add up exactly: one pass over the photos
/// suffices, and ranges can be formed from any subset of them.
/// </summary>
internal sealed class ActivationStatistics
{
    // A bin is a float's exponent and its top five mantissa bits: the bit pattern shifted right by 18.
    private const int MantissaBitsDropped = 18;
    private const int SmallestBinnedExponent = -20;
    private const int LargestBinnedExponent = 20;
    private const int FirstBin = (127 + SmallestBinnedExponent) << (23 - MantissaBitsDropped);
    private const int Bins = (LargestBinnedExponent - SmallestBinnedExponent) << (23 - MantissaBitsDropped);

    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    private sealed class Tensor
    {
        public float Min = float.MaxValue;
        public float Max = float.MinValue;
        public readonly long[] Histogram = new long[Bins];
    }

    /// <summary>Adds one photo's values of <paramref name="tensor"/>.</summary>
    public void Add(string tensor, ReadOnlySpan<float> values)
    {
        var entry = Entry(tensor);
        float min = entry.Min, max = entry.Max;
        var histogram = entry.Histogram;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            int bin = ((BitConverter.SingleToInt32Bits(v) & int.MaxValue) >> MantissaBitsDropped) - FirstBin;
            histogram[Math.Clamp(bin, 0, Bins - 1)]++;
        }
        entry.Min = min;
        entry.Max = max;
    }

    /// <summary>Adds everything <paramref name="other"/> has seen.</summary>
    public void Add(ActivationStatistics other)
    {
        foreach (var (name, theirs) in other._tensors)
        {
            var entry = Entry(name);
            entry.Min = Math.Min(entry.Min, theirs.Min);
            entry.Max = Math.Max(entry.Max, theirs.Max);
            for (int i = 0; i < Bins; i++)
                entry.Histogram[i] += theirs.Histogram[i];
        }
    }

    /// <summary>
    /// Each tensor's range: its extent, clipped symmetrically at the magnitude below which a share
    /// <paramref name="coverage"/> of its values lie (see <see cref="ActivationCalibration.DefaultCoverage"/>).
    /// </summary>
    public Dictionary<string, ActivationRange> Ranges(double coverage)
    {
        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        foreach (var (name, entry) in _tensors)
        {
            long total = entry.Histogram.Sum(), covered = 0;
            int bin = 0;
            while (bin < Bins - 1 && (covered += entry.Histogram[bin]) < total * coverage)
                bin++;
            float clip = BitConverter.Int32BitsToSingle((bin + 1 + FirstBin) << MantissaBitsDropped);
            ranges[name] = new ActivationRange(Math.Max(entry.Min, -clip), Math.Min(entry.Max, clip));
        }
        return ranges;
    }

    /// <summary>Saves the statistics, so that a study of calibrations can reuse one measurement.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_tensors.Count);
        foreach (var (name, entry) in _tensors)
        {
            writer.Write(name);
            writer.Write(entry.Min);
            writer.Write(entry.Max);
            foreach (long count in entry.Histogram)
                writer.Write(count);
        }
    }

    /// <summary>Statistics saved by <see cref="Write"/>.</summary>
    public static ActivationStatistics Read(BinaryReader reader)
    {
        var statistics = new ActivationStatistics();
        for (int count = reader.ReadInt32(); count > 0; count--)
        {
            var entry = statistics.Entry(reader.ReadString());
            entry.Min = reader.ReadSingle();
            entry.Max = reader.ReadSingle();
            for (int i = 0; i < Bins; i++)
                entry.Histogram[i] = reader.ReadInt64();
        }
        return statistics;
    }

    private Tensor Entry(string tensor)
    {
        if (!_tensors.TryGetValue(tensor, out var entry))
            _tensors[tensor] = entry = new Tensor();
        return entry;
    }
}
