using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cutout.Server.Endpoints;

/// <summary>
/// Documents a request body that the handler reads by hand. Declaring it with <c>Accepts()</c> would make
/// routing answer 415 for other content types before authentication could answer in the protocol's own way.
/// </summary>
internal static class OpenApiBodies
{
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Describe<TBody>(params string[] contentTypes) =>
        async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
            };
        };
}
