using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cutout.Chat.Execution;
using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Segmentation;

namespace Cutout.Cluster.Jobs;

/// <summary>
/// How a worker should cut out a job's photo, in a form that travels: a chat plan (the worker maps it with
/// <see cref="PlanOptions"/>, as the server would) or the <c>cutout batch</c> command line's pipeline options.
/// </summary>
public sealed record JobRecipe
{
    /// <summary>A chat turn's plan (<see cref="ChatPlan.ToJson"/>); null for a batch job.</summary>
    public string? PlanJson { get; init; }

    /// <summary>The model a chat request pinned; null = the plan's mode decides.</summary>
    public string? PinnedModel { get; init; }

    /// <summary>The server's limits on input images, so a worker refuses what the server would.</summary>
    public int MinSide { get; init; } = ImageInputOptions.Default.MinSide;

    public int MaxSide { get; init; } = ImageInputOptions.Default.MaxSide;

    public long MaxBytes { get; init; } = ImageInputOptions.Default.MaxBytesPerImage;

    /// <summary>A batch's pipeline options as command-line arguments (<c>--mode eco --background white</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The stored copy of a batch's <c>--background</c> picture (see <see cref="JobBackgrounds"/>); null when there is none.</summary>
    public string? BackgroundImageId { get; init; }

    public static JobRecipe ForChat(CutoutWork work) => new()
    {
        PlanJson = work.Plan.ToJson(),
        PinnedModel = work.PinnedModel?.Name,
        MinSide = work.Options.Limits.MinSide,
        MaxSide = Math.Max(work.Options.Limits.MaxWidth, work.Options.Limits.MaxHeight),
        MaxBytes = work.Options.Limits.MaxEncodedBytes,
    };

    /// <summary>The pipeline options of a chat recipe; null for a batch recipe (its host parses <see cref="Arguments"/>).</summary>
    public CutoutOptions? ChatOptions()
    {
        if (PlanJson is null)
            return null;
        var model = PinnedModel is null ? null
            : ModelCatalog.Find(PinnedModel) ?? throw new CutoutException(CutoutErrorKind.InvalidOption, $"this worker does not know the model '{PinnedModel}'");
        return PlanOptions.ToCutoutOptions(ChatPlan.FromJson(PlanJson), model,
            ImageInputOptions.Default with { MinSide = MinSide, MaxSide = MaxSide, MaxBytesPerImage = MaxBytes });
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static JobRecipe FromBytes(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<JobRecipe>(json) ?? throw new JsonException("empty job recipe");

    /// <summary>
    /// The id of "this photo under this name with this recipe": the same file sent again (a resumed batch) is
    /// the same job, so its stored result is reused instead of computed twice.
    /// </summary>
    public string ContentJobId(string name, ReadOnlySpan<byte> photo)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
        hash.AppendData(photo);
        hash.AppendData(Encoding.UTF8.GetBytes("\n" + string.Join('\u0001', Arguments) + "\n" + PlanJson + "\n" + PinnedModel));
        return "job_" + Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 20));
    }
}
