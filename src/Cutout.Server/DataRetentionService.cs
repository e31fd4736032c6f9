using Cutout.Chat.Execution;
using Cutout.Chat.Sessions;

namespace Cutout.Server;

/// <summary>Hourly: forgets expired sessions and deletes results older than <see cref="ServerOptions.ResultRetention"/>.</summary>
internal sealed class DataRetentionService(ISessionStore sessions, IImageStore results, ConversationIndex conversations, ServerOptions options, TimeProvider clock, ILogger<DataRetentionService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                int expiredSessions = await sessions.PurgeExpiredAsync(stoppingToken);
                int oldResults = await results.PurgeCreatedBeforeAsync(clock.GetUtcNow() - options.ResultRetention, stoppingToken);
                conversations.PurgeWrittenBefore(clock.GetUtcNow() - options.ResultRetention);
                if (expiredSessions + oldResults > 0)
                    logger.LogInformation("Retention: removed {Sessions} expired sessions and {Results} old results", expiredSessions, oldResults);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                logger.LogWarning(e, "Retention pass failed; retrying in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
