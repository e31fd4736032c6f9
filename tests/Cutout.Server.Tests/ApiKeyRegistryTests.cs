using System.Security.Cryptography;
using System.Text;
using Cutout.Server.Security;

namespace Cutout.Server.Tests;

public sealed class ApiKeyRegistryTests
{
    [Fact]
    public void Keys_come_from_options_the_environment_variable_and_a_file_of_sha256_digests()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "keys.sha256");
        File.WriteAllLines(file,
        [
            "# team keys",
            Hex("file-key-1") + "  -",
            "sha256:" + Hex("file-key-2") + "   # CI",
            "",
        ]);
        var options = new ServerOptions { ApiKeys = ["option-key"], ApiKeysFile = file };

        var registry = ApiKeyRegistry.FromOptions(options, " env-key-1, env-key-2 ,");

        Assert.Equal(5, registry.Count);
        Assert.All(new[] { "option-key", "env-key-1", "env-key-2", "file-key-1", "file-key-2" }, key => Assert.NotNull(registry.Identify(key)));
        Assert.Null(registry.Identify("file-key-3"));
        Assert.Null(registry.Identify(Hex("file-key-1")));
    }

    [Fact]
    public void A_key_id_is_stable_and_reveals_only_a_digest_prefix()
    {
        var registry = new ApiKeyRegistry([ApiKeyRegistry.Digest("secret-key")]);

        var id = registry.Identify("secret-key");

        Assert.Equal("key_" + Hex("secret-key")[..16], id);
        Assert.Equal(id, new ApiKeyRegistry([ApiKeyRegistry.Digest("secret-key")]).Identify("secret-key"));
    }

    [Fact]
    public void A_malformed_digest_line_stops_the_server_with_the_fix()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "keys.sha256");
        File.WriteAllText(file, "plain-text-key\n");

        var error = Assert.Throws<InvalidDataException>(() => ApiKeyRegistry.FromOptions(new ServerOptions { ApiKeysFile = file }, null));

        Assert.EndsWith("'plain-text-key' is not a SHA-256 hex digest (create one with: printf %s KEY | sha256sum)", error.Message);
    }

    [Fact]
    public void A_server_without_keys_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CutoutServer.Build(["--urls", "http://127.0.0.1:0"], o => o.DataDirectory = Path.GetTempPath()));

        Assert.StartsWith("No API keys are configured", error.Message);
    }

    private static string Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
