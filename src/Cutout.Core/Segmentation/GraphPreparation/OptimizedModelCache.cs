using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace Cutout.Segmentation;

/// <summary>
/// ONNX Runtime's fully optimised graph of each model, saved the first time a model is loaded for the CPU.
/// Later processes load it with graph optimisation off and skip the whole preparation: parsing the file,
/// widening fp16 to fp32 (<see cref="OnnxGraphPreparation"/>), 8-bit quantisation for eco, and ONNX Runtime's
/// own optimisation passes. That is most of the model load that every one-photo CLI run pays (measured on
/// 2 cores: about 0.75 s → 0.1 s for either mode).
/// <para>
/// The optimised graph holds memory layouts chosen for this CPU (ONNX Runtime warns that it is only valid
/// where it was made), so an entry's name carries a key of everything it depends on: the source file (path,
/// size, time written), the model's settings, this build of Cutout's preparation code, the ONNX Runtime
/// version and the CPU's instruction sets. Anything else gets a new entry. Each model keeps its two most
/// recently used entries (a debug and a release build used in turn must not evict each other on every run);
/// older ones are deleted when a new one is written. Entries are written under a temporary name and renamed,
/// so a reader never sees half a file, and an entry that does not load is deleted and rebuilt.
/// </para>
/// </summary>
/// <param name="directory">The folder for the saved graphs; <see cref="Beside"/> picks one next to the downloaded models.</param>
public sealed class OptimizedModelCache(string directory)
{
    private const string EntryExtension = ".onnx";
    private const string PartialExtension = ".partial";
    private const int KeyLength = 16;
    private const int EntriesKeptPerModel = 2;
    // A temporary file this old belongs to a process that died while writing it.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);
    private static readonly Lazy<string> MachineAndBuild = new(DescribeMachineAndBuild);

    /// <summary>The folder holding the saved graphs; created on first write.</summary>
    public string Directory { get; } = directory;

    /// <summary>The cache beside a store's downloaded models, in its <c>optimized</c> subfolder.</summary>
    public static OptimizedModelCache Beside(NpmModelStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new OptimizedModelCache(Path.Combine(store.CacheDirectory, "optimized"));
    }

    /// <summary>Bytes the saved graphs take (0 when nothing was saved yet), for users deciding whether to clear the folder.</summary>
    public long BytesOnDisk() =>
        System.IO.Directory.Exists(Directory) ? new DirectoryInfo(Directory).EnumerateFiles().Sum(file => file.Length) : 0;

    /// <summary>
    /// A session for <paramref name="onnxPath"/> from the cached graph when there is a valid one; otherwise
    /// one built from <paramref name="prepareGraph"/>'s bytes with full optimisation, saving the result for next
    /// time. The cache only ever costs the speed-up: when its folder cannot be written the session is built as
    /// without it.
    /// </summary>
    internal InferenceSession OpenSession(string onnxPath, ModelDescriptor model, Func<SessionOptions> createOptions, Func<byte[]> prepareGraph, out bool fromCache)
    {
        string? entry = EntryPath(onnxPath, model);
        fromCache = false;
        if (entry is not null && File.Exists(entry))
        {
            using var options = createOptions();
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            try
            {
                var cached = new InferenceSession(entry, options);
                fromCache = true;
                MarkUsed(entry);
                return cached;
            }
            catch (Exception e) when (IsOnnxRuntimeFailure(e))
            {
                TryDelete(entry);
            }
        }

        var graph = prepareGraph();
        string? partial = entry is null ? null : ReservePartialFile(entry);
        if (partial is null)
            return NewSession(graph, createOptions, null);
        try
        {
            var session = NewSession(graph, createOptions, partial);
            Publish(partial, entry!, model.Label);
            return session;
        }
        catch (Exception e) when (IsOnnxRuntimeFailure(e))
        {
            // Most likely the save itself (a full disk): the session is still wanted, without the cache.
            TryDelete(partial);
            return NewSession(graph, createOptions, null);
        }
    }

    /// <summary>Where the entry for this model file goes, or null when the cache folder cannot be created.</summary>
    internal string? EntryPath(string onnxPath, ModelDescriptor model)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var source = new FileInfo(onnxPath);
            string description = string.Join('\n', Path.GetFullPath(onnxPath), source.Length, source.LastWriteTimeUtc.Ticks,
                model.Label, model.InputSize, model.Normalization, model.Int8Calibration ?? "float", MachineAndBuild.Value);
            string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)))[..KeyLength];
            return Path.Combine(Directory, $"{model.Label}.{key}{EntryExtension}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates the temporary file ONNX Runtime will write the graph into, or returns null when the folder is not
    /// writable: ONNX Runtime's own failure to save is reported through an error code its .NET wrapper does not
    /// know (a <see cref="KeyNotFoundException"/>, seen with a read-only folder), so it is better not to get there.
    /// </summary>
    private static string? ReservePartialFile(string entry)
    {
        string partial = $"{entry}.{Guid.NewGuid():N}{PartialExtension}";
        try
        {
            new FileStream(partial, FileMode.CreateNew, FileAccess.Write).Dispose();
            return partial;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A session that could not be created or saved; see <see cref="ReservePartialFile"/> for the second type.</summary>
    private static bool IsOnnxRuntimeFailure(Exception e) => e is OnnxRuntimeException or KeyNotFoundException;

    private static InferenceSession NewSession(byte[] graph, Func<SessionOptions> createOptions, string? savePath)
    {
        using var options = createOptions();
        if (savePath is not null)
        {
            options.OptimizedModelFilePath = savePath;
            // ONNX Runtime warns on every save that the graph suits only this machine; the key already says
            // which machine, so the warning would only alarm the user on a model's first run.
            options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        }
        return new InferenceSession(graph, options);
    }

    /// <summary>Renames the finished file into place and deletes what it supersedes.</summary>
    private void Publish(string partial, string entry, string modelLabel)
    {
        try
        {
            File.Move(partial, entry, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process holds the entry open (Windows); its copy is as good as ours.
            TryDelete(partial);
            return;
        }

        var entries = new List<FileInfo>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
        {
            if (IsEntryOf(file.Name, modelLabel))
                entries.Add(file);
            else if (file.Name.EndsWith(PartialExtension, StringComparison.Ordinal) && DateTime.UtcNow - file.LastWriteTimeUtc > AbandonedAfter)
                TryDelete(file.FullName);
        }
        foreach (var stale in entries.OrderByDescending(file => file.LastWriteTimeUtc).Skip(EntriesKeptPerModel))
            TryDelete(stale.FullName);
    }

    /// <summary>Entries are ranked by last use, recorded as their write time (access times are often not kept).</summary>
    private static void MarkUsed(string entry)
    {
        try
        {
            File.SetLastWriteTimeUtc(entry, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves; its entries just do not move up.
        }
    }

    /// <summary>"{label}.{16 hex digits}.onnx": exactly, so that no other model's entry (say "{label}.v2") matches.</summary>
    private static bool IsEntryOf(string fileName, string modelLabel) =>
        fileName.Length == modelLabel.Length + 1 + KeyLength + EntryExtension.Length
        && fileName.StartsWith(modelLabel + ".", StringComparison.Ordinal)
        && fileName.EndsWith(EntryExtension, StringComparison.Ordinal)
        && fileName.AsSpan(modelLabel.Length + 1, KeyLength).ContainsAnyExcept("0123456789abcdef") is false;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still in use elsewhere; the next publish of this model removes it.
        }
    }

    /// <summary>What the optimised graph depends on besides the model: Cutout's code, ONNX Runtime and the CPU.</summary>
    private static string DescribeMachineAndBuild()
    {
        // The module version id changes with every change of Cutout.Core's code (the build is deterministic),
        // so a new preparation or quantisation never meets a graph the old one made.
        var build = typeof(OptimizedModelCache).Assembly.ManifestModule.ModuleVersionId;
        string instructionSets = string.Join(',', new (string Name, bool Supported)[]
        {
            ("avx", Avx.IsSupported), ("avx2", Avx2.IsSupported), ("fma", Fma.IsSupported), ("avxvnni", AvxVnni.IsSupported),
            ("avx512f", Avx512F.IsSupported), ("avx512bw", Avx512BW.IsSupported), ("avx512vbmi", Avx512Vbmi.IsSupported),
            ("advsimd", AdvSimd.IsSupported), ("dp", Dp.IsSupported),
        }.Where(set => set.Supported).Select(set => set.Name));
        return string.Join('\n', build, OrtEnv.Instance().GetVersionString(), RuntimeInformation.ProcessArchitecture, instructionSets, Int8Quantization.LinuxCpuFlags());
    }
}
