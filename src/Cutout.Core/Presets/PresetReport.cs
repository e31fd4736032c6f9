namespace Cutout.Presets;

/// <summary>One rule of a preset checked on the encoded output.</summary>
/// <param name="Rule">Short rule name (<c>square</c>, <c>size</c>, <c>format</c>, <c>background</c>, <c>fill</c>, <c>centred</c>).</param>
/// <param name="Expected">What the rule asks, in words with numbers ("85% ± 3% of the frame").</param>
/// <param name="Actual">What the output measured, in the same terms.</param>
/// <param name="Passed">Whether the output meets the rule.</param>
public sealed record PresetCheck(string Rule, string Expected, string Actual, bool Passed);

/// <summary>Whether an output meets its preset's rules, rule by rule (the CLI prints it as a table, batch JSON embeds it).</summary>
/// <param name="Preset">The preset's name.</param>
/// <param name="Source">Where the rules come from, so a user can check them.</param>
/// <param name="Checks">One entry per rule the preset has.</param>
public sealed record PresetReport(string Preset, string Source, IReadOnlyList<PresetCheck> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);
}
