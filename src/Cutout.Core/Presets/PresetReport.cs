namespace Cutout.Presets;

/// <summary>One rule of a preset checked on the encoded output.</summary>
public sealed record PresetCheck(string Rule, string Expected, string Actual, bool Passed);

/// <summary>Whether an output meets its preset's rules, rule by rule (the CLI prints it as a table, batch JSON embeds it).</summary>
public sealed record PresetReport(string Preset, string Source, IReadOnlyList<PresetCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);
}
