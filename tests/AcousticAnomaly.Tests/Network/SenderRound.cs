using AcousticAnomaly.Network;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Tests.Network;

/// <summary>One round on loopback: a sender streams a file into a running watch's listener at 20x real time while
/// the run's events and the sender's replies are collected until both end.</summary>
internal static class SenderRound
{
    public static async Task<(List<TEvent> Events, List<AnomalyEventMessage> Replies, RtpSenderStatistics Sent)> RunAsync<TEvent>(
        DeviceRun<TEvent> run, string file, int dropEvery = 0)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var sender = RtpSender.SendFile(file, new RtpSenderOptions
        {
            Destination = run.ListenEndpoint!, Name = "pump7", Speed = 20, DropEvery = dropEvery, ReplyLinger = TimeSpan.FromSeconds(1),
        });
        var replies = Task.Run(async () =>
        {
            var list = new List<AnomalyEventMessage>();
            await foreach (var r in sender.Replies.ReadAllAsync(timeout.Token)) list.Add(r);
            return list;
        });
        var events = new List<TEvent>();
        await foreach (var e in run.Events.ReadAllAsync(timeout.Token)) events.Add(e);
        run.Dispose();
        return (events, await replies, sender.Statistics);
    }
}
