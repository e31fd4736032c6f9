using System.CommandLine;
using System.Text.RegularExpressions;
using Cutout.Cli.Commands;
using Cutout.Cluster.Jobs;
using Cutout.Tests;
using Npgsql;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Cutout.Cluster.Tests;

/// <summary>
/// deploy/compose.yaml and deploy/kubernetes/*.yaml as the tools would read them: every container runs a
/// command the CLI accepts, points at the services that exist, and the autoscaler watches the queue the
/// workers consume.
/// </summary>
public sealed partial class DeploymentFileTests
{
    private static readonly string Deploy = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(RepositoryTestData.Directory))!, "deploy");

    [Fact]
    public void Compose_runs_postgres_rabbitmq_two_servers_behind_a_proxy_and_workers()
    {
        var compose = LoadDocuments(Path.Combine(Deploy, "compose.yaml")).Single();
        var services = Map(compose["services"]);
        Assert.Superset(new HashSet<string> { "postgres", "rabbitmq", "server-a", "server-b", "worker", "proxy" }, services.Keys.Cast<string>().ToHashSet());

        foreach (var name in new[] { "server-a", "server-b" })
        {
            var server = Map(services[name]);
            AssertParses(ServeCommand.Create(), Strings(server["command"]));
            var environment = Map(server["environment"]);
            Assert.Equal("postgres", new NpgsqlConnectionStringBuilder(Defaults((string)environment["Cutout__Store"])).Host);
            Assert.Equal("rabbitmq", new Uri(Defaults((string)environment["Cutout__Broker"])).Host);
            Assert.Equal(["postgres", "rabbitmq"], Map(server["depends_on"]).Keys.Cast<string>().Order());
        }

        var worker = Map(services["worker"]);
        var arguments = Strings(worker["command"]).Select(Defaults).ToList();
        AssertParses(WorkerCommand.Create(), arguments);
        Assert.Equal("rabbitmq", new Uri(arguments[arguments.IndexOf("--broker") + 1]).Host);
        Assert.Equal("postgres", new NpgsqlConnectionStringBuilder(arguments[arguments.IndexOf("--store") + 1]).Host);
        Assert.True(int.Parse((string)Map(worker["deploy"])["replicas"]) >= 2);

        // The proxy balances over exactly the two servers.
        Assert.Contains("./nginx.conf:/etc/nginx/conf.d/default.conf:ro", Strings(Map(services["proxy"])["volumes"]));
        var upstreams = UpstreamServer().Matches(File.ReadAllText(Path.Combine(Deploy, "nginx.conf"))).Select(m => m.Groups[1].Value);
        Assert.Equal(["server-a:8080", "server-b:8080"], upstreams);
    }

    [Fact]
    public void Kubernetes_runs_servers_behind_a_service_and_workers_scaled_on_the_job_queue()
    {
        var documents = Directory.GetFiles(Path.Combine(Deploy, "kubernetes"), "*.yaml").SelectMany(LoadDocuments).ToList();
        Dictionary<object, object> Find(string kind, string name) =>
            documents.Single(d => (string)d["kind"] == kind && (string)Map(d["metadata"])["name"] == name);

        var server = Find("Deployment", "cutout-server");
        Assert.Equal("2", (string)Map(server["spec"])["replicas"]);
        var serverPod = Map(Map(Map(server["spec"])["template"]));
        var serverContainer = Map(List(Map(serverPod["spec"])["containers"]).Single());
        AssertParses(ServeCommand.Create(), Strings(serverContainer["args"]));
        Assert.Equal("/healthz", (string)Map(Map(serverContainer["readinessProbe"])["httpGet"])["path"]);

        var service = Find("Service", "cutout-server");
        var podLabels = Map(Map(serverPod["metadata"])["labels"]);
        Assert.All(Map(Map(service["spec"])["selector"]), label => Assert.Equal(label.Value, podLabels[label.Key]));

        var worker = Find("Deployment", "cutout-worker");
        var workerContainer = Map(List(Map(Map(Map(worker["spec"])["template"])["spec"])["containers"]).Single());
        AssertParses(WorkerCommand.Create(), Strings(workerContainer["args"]));

        var scaler = Map(Find("ScaledObject", "cutout-worker")["spec"]);
        Assert.Equal("cutout-worker", (string)Map(scaler["scaleTargetRef"])["name"]);
        var trigger = Map(List(scaler["triggers"]).Single());
        Assert.Equal("rabbitmq", (string)trigger["type"]);
        Assert.Equal(JobBroker.JobQueue, (string)Map(trigger["metadata"])["queueName"]);
        Find("TriggerAuthentication", (string)Map(trigger["authenticationRef"])["name"]);
    }

    private static void AssertParses(Command command, IReadOnlyList<string> arguments)
    {
        Assert.Equal(command.Name, arguments[0]);
        var root = new RootCommand { command };
        var parse = root.Parse(arguments.ToArray());
        Assert.True(parse.Errors.Count == 0, $"'{string.Join(' ', arguments)}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
    }

    /// <summary>Compose's <c>${NAME:-default}</c> with its default, as when the variable is unset.</summary>
    private static string Defaults(string text) => ComposeVariable().Replace(text, m => m.Groups[1].Value);

    private static List<Dictionary<object, object>> LoadDocuments(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        using var reader = File.OpenText(path);
        var parser = new MergingParser(new Parser(reader));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        return documents;
    }

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<object> List(object node) => Assert.IsType<List<object>>(node);

    private static List<string> Strings(object node) => List(node).Cast<string>().ToList();

    [GeneratedRegex(@"\$\{[A-Z_]+:-([^}]*)\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"(?m)^\s*server\s+([\w.-]+:\d+)")]
    private static partial Regex UpstreamServer();
}
