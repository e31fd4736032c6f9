namespace Cutout.Chat.Execution;

/// <summary>Who sent a chat request, and how links to their results are written for them.</summary>
/// <param name="ApiKeyId">The caller's key id (never the key): owner of sessions and results.</param>
/// <param name="LinkToResult">An absolute, downloadable URL for a stored image id (the host signs it).</param>
public sealed record ChatCaller(string ApiKeyId, Func<string, string> LinkToResult);
