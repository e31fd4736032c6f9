using Cutout.Chat.Execution;

namespace Cutout.Server.Tests;

public sealed class ResultStoreTests
{
    [Theory]
    [InlineData("../url-signing.key")]
    [InlineData("res_0123")]
    [InlineData("res_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("res_0123456789abcdef0123456789abcdef.json")]
    public void Only_well_formed_ids_reach_the_disk(string id)
    {
        using var directory = new TempDirectory();

        Assert.False(ResultStore.IsResultId(id));
        Assert.Null(new ResultStore(directory.Path).Find(id));
    }

    [Fact]
    public async Task A_saved_image_reads_back_with_its_owner_and_sizes()
    {
        using var directory = new TempDirectory();
        var store = new ResultStore(directory.Path);

        var saved = await store.SaveAsync("key_1", [1, 2, 3], "image/webp", 640, 480, "isnet-fp16", default);
        var found = new ResultStore(directory.Path).Find(saved.Id)!;

        Assert.Matches("^res_[0-9a-f]{32}$", saved.Id);
        Assert.Equal(saved, found);
        Assert.Equal([1, 2, 3], await store.ReadAllBytesAsync(found, default));
    }

    [Fact]
    public async Task Purging_removes_only_images_created_before_the_cutoff()
    {
        using var directory = new TempDirectory();
        var store = new ResultStore(directory.Path);
        var image = await store.SaveAsync("key_1", [1], "image/png", 64, 64, null, default);

        int keptCount = store.PurgeCreatedBefore(image.CreatedAt.AddHours(-1));
        int purgedCount = store.PurgeCreatedBefore(image.CreatedAt.AddSeconds(1));

        Assert.Equal((0, 1), (keptCount, purgedCount));
        Assert.Null(store.Find(image.Id));
        Assert.Empty(Directory.EnumerateFiles(directory.Path));
    }

    [Fact]
    public async Task Retention_sweeps_what_a_crash_left_half_written_once_it_is_an_hour_old()
    {
        using var directory = new TempDirectory();
        var store = new ResultStore(directory.Path);
        var kept = await store.SaveAsync("key_1", [1, 2, 3], "image/png", 64, 64, null, default);
        string Old(string name)
        {
            var path = Path.Combine(directory.Path, name);
            File.WriteAllBytes(path, [0]);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-2));
            return path;
        }
        var emptyImage = Old("res_00000000000000000000000000000005.img");
        File.WriteAllBytes(emptyImage, []);
        File.SetLastWriteTimeUtc(emptyImage, DateTime.UtcNow.AddHours(-2));
        var orphans = new[]
        {
            Old("res_00000000000000000000000000000001.img"), Old("res_00000000000000000000000000000002.img.tmp"), Old("res_00000000000000000000000000000003.json.tmp"),
            emptyImage, Old("res_00000000000000000000000000000005.json"),
        };
        var fresh = Path.Combine(directory.Path, "res_00000000000000000000000000000004.img.tmp");
        File.WriteAllBytes(fresh, [0]);

        store.PurgeCreatedBefore(DateTimeOffset.UtcNow.AddDays(-30));

        Assert.All(orphans, path => Assert.False(File.Exists(path)));
        Assert.True(File.Exists(fresh));
        Assert.NotNull(store.Find(kept.Id));
        Assert.Equal([1, 2, 3], await store.ReadAllBytesAsync(kept, default));
    }

    [Fact]
    public void The_kernels_own_no_space_left_error_is_recognised_as_a_full_disk()
    {
        // /dev/full answers every write with ENOSPC, as a full filesystem does.
        var error = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", [1, 2, 3]));

        Assert.True(ResultStore.IsDiskFull(error));
        Assert.False(ResultStore.IsDiskFull(new FileNotFoundException()));
    }

    [Fact]
    public void A_signed_query_is_valid_until_its_expiry_and_only_for_its_id()
    {
        var signer = new ResultUrlSigner(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var query = System.Web.HttpUtility.ParseQueryString(signer.SignQuery("res_a", now.AddMinutes(5)));

        Assert.True(signer.IsValid("res_a", query["expires"], query["sig"], now));
        Assert.False(signer.IsValid("res_a", query["expires"], query["sig"], now.AddMinutes(6)));
        Assert.False(signer.IsValid("res_b", query["expires"], query["sig"], now));
        Assert.False(signer.IsValid("res_a", (now.AddDays(1).ToUnixTimeSeconds()).ToString(), query["sig"], now));
        Assert.False(signer.IsValid("res_a", query["expires"], "zz" + query["sig"]![2..], now));
    }
}
