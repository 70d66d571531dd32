using System.Diagnostics;
using AcousticAnomaly.Network;
using AcousticAnomaly.Tests.Streaming;
using MQTTnet.Exceptions;
using Xunit;

namespace AcousticAnomaly.Tests.Network;

/// <summary>
/// The MQTT options a plant's broker asks for, against a real Mosquitto: a TLS listener whose certificate is signed by
/// a CA made at test time (<see cref="BrokerCertificates"/>), and logins from a password file with anonymous clients
/// refused. Faults (wrong password, untrusted certificate) must come back as one clear line naming the broker, at once.
/// </summary>
public sealed class MqttTlsTests : IClassFixture<BrokerCertificates>
{
    private const string User = "watcher";
    private const string Password = "Pa55-not-for-logs";
    private static readonly Dictionary<string, string> Users = new() { [User] = Password };
    private readonly BrokerCertificates _certs;

    public MqttTlsTests(BrokerCertificates certs) => _certs = certs;

    private static AnomalyEventMessage Event(int i) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(i), "pump7", 0.1 * i, 0.0, true, null, null, "bldc", i, 0);

    private static MqttSubscriberOptions Subscriber(Mosquitto broker, string? caFile, string? password = Password, int count = 1) => new()
    {
        Broker = broker.Broker, TopicFilter = "plant/#", Username = password is null ? null : User, Password = password,
        CaFile = caFile, Count = count, Timeout = TimeSpan.FromSeconds(20),
    };

    private static async Task<List<AnomalyEventMessage>> ReceiveAsync(MqttSubscriberOptions options)
    {
        var list = new List<AnomalyEventMessage>();
        await foreach (var e in MqttEventSubscriber.ReceiveAsync(options)) list.Add(e);
        return list;
    }

    /// <summary>The retained status as another client of the plant sees it: mosquitto_sub over TLS with a login.</summary>
    private string RetainedStatus(Mosquitto broker, string topic) =>
        broker.RetainedMessage(topic, "--cafile", _certs.CaFile, "-u", User, "-P", Password);

    [Fact]
    public async Task EventsGoOverTlsWithTheCaFileAndALoginWithARetainedStatus()
    {
        using var broker = new Mosquitto(_certs, Users);
        var received = Task.Run(() => ReceiveAsync(Subscriber(broker, _certs.CaFile, count: 3)));
        await Task.Delay(300); // subscribed before the first publish
        await using (var publisher = MqttEventPublisher.Start(new MqttEventOptions
        {
            Broker = broker.Broker, Topic = "plant/line3/pump7", Username = User, Password = Password, CaFile = _certs.CaFile,
        }, new[] { "pump7" }))
        {
            for (int i = 0; i < 3; i++) publisher.Enqueue(Event(i));
            var events = await received;
            Assert.Equal(new double[] { 0, 1, 2 }, events.Select(e => e.WindowOffset));
            Assert.Equal("online", RetainedStatus(broker, "plant/line3/pump7/status"));
            Assert.Equal(1, publisher.Statistics.Connects);
        }
        Assert.Equal("offline", RetainedStatus(broker, "plant/line3/pump7/status"));
    }

    [Fact]
    public async Task AWrongPasswordIsOneClearErrorNamingTheBroker()
    {
        using var broker = new Mosquitto(_certs, Users);
        var ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReceiveAsync(Subscriber(broker, _certs.CaFile, password: "wrong-one")));
        Assert.StartsWith($"MQTT broker {broker.Broker} refused the login", ex.Message);
        Assert.Contains("check the user name and password", ex.Message);
        Assert.DoesNotContain("wrong-one", ex.Message);
    }

    [Fact]
    public async Task APublisherWithAWrongPasswordSaysSoOnceAndKeepsItsEvents()
    {
        using var broker = new Mosquitto(_certs, Users);
        var publisher = MqttEventPublisher.Start(new MqttEventOptions
        {
            Broker = broker.Broker, Topic = "plant/x", Username = User, Password = "wrong-one", CaFile = _certs.CaFile,
            ReconnectInterval = TimeSpan.FromMilliseconds(100), DrainTimeout = TimeSpan.FromMinutes(10), // not waited for: the broker says no
        });
        publisher.Enqueue(Event(1));
        var notice = await publisher.Notices.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(notice.Connected);
        Assert.StartsWith($"MQTT broker {broker.Broker} refused the login", notice.Message);
        Assert.Contains("Events are queued", notice.Message);
        await Task.Delay(400); // several more attempts, none reported again
        Assert.False(publisher.Notices.TryRead(out var again), again?.Message);
        await publisher.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var s = publisher.Statistics;
        Assert.Equal((1L, 0L, 1, 0L), (s.Enqueued, s.Published, s.Queued, s.Connects));
    }

    [Fact]
    public async Task ACertificateNotSignedByTheGivenCaIsRefusedSayingWhy()
    {
        using var broker = new Mosquitto(_certs, Users);
        var ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReceiveAsync(Subscriber(broker, _certs.OtherCaFile)));
        Assert.StartsWith($"MQTT broker {broker.Broker}: TLS refused: its certificate (CN=localhost, issued by CN=AcousticAnomaly test CA) is not signed by the CA in '{_certs.OtherCaFile}'", ex.Message);

        // Without a CA file the system's trust store decides, and this test CA is not in it.
        ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReceiveAsync(Subscriber(broker, null) with { UseTls = true }));
        Assert.Contains("is not trusted by this machine", ex.Message);
        Assert.Contains("give the CA file", ex.Message);
    }

    [Fact]
    public async Task ALoginWorksWithoutTlsOnAPlainListenerThatRefusesAnonymousClients()
    {
        using var broker = new Mosquitto(users: Users);
        var received = Task.Run(() => ReceiveAsync(Subscriber(broker, null, count: 2)));
        await Task.Delay(300);
        await using (var publisher = MqttEventPublisher.Start(new MqttEventOptions { Broker = broker.Broker, Topic = "plant/p", Username = User, Password = Password }))
        {
            publisher.Enqueue(Event(1));
            publisher.Enqueue(Event(2));
            Assert.Equal(new double[] { 1, 2 }, (await received).Select(e => e.WindowOffset));
        }
        var ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReceiveAsync(Subscriber(broker, null, password: null)));
        Assert.StartsWith($"MQTT broker {broker.Broker} refused the login", ex.Message);

        // The listener and the client disagree about TLS: said so, both ways round.
        ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReceiveAsync(Subscriber(broker, null) with { UseTls = true }));
        Assert.Contains("TLS asked of a plain listener?", ex.Message);
        using var tlsBroker = new Mosquitto(_certs, Users);
        ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReceiveAsync(Subscriber(tlsBroker, null)));
        Assert.Contains("does it want TLS?", ex.Message);
    }

    [Fact]
    public void AMissingCaFileIsRefusedByName()
    {
        var missing = Path.Combine(_certs.Directory, "missing.crt");
        var ex = Assert.Throws<ArgumentException>(() => MqttEventPublisher.Start(new MqttEventOptions { Broker = "127.0.0.1:1", Topic = "t", CaFile = missing }));
        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public void OptionsNeverPrintThePassword()
    {
        var options = new MqttEventOptions { Broker = "b:1", Topic = "t", Username = User, Password = Password };
        Assert.DoesNotContain(Password, options.ToString());
        Assert.Contains(User, options.ToString());
        Assert.DoesNotContain(Password, new MqttSubscriberOptions { Broker = "b", TopicFilter = "t", Password = Password }.ToString());
    }

    [Fact]
    public async Task TheEventsVerbSaysAWrongPasswordInOneLineWithoutPrintingIt()
    {
        using var broker = new Mosquitto(_certs, Users);
        var psi = CliRunner.StartInfo(null, "events", "--mqtt-broker", broker.Broker, "--mqtt-topic", "plant/#", "--mqtt-ca-file", _certs.CaFile,
            "--mqtt-user", User, "--timeout", "20");
        psi.Environment["MQTT_PASSWORD"] = "wrong-one";
        using var child = Process.Start(psi)!;
        var stderr = child.StandardError.ReadToEndAsync();
        child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(30000));
        Assert.Equal(1, child.ExitCode);
        Assert.Equal($"acoustic-anomaly events: MQTT broker {broker.Broker} refused the login (NotAuthorized): check the user name and password.", (await stderr).Trim());
    }

    [Fact]
    public async Task AWatcherThatDiesLeavesItsLastWillOfflineOnTheStatusTopic()
    {
        using var broker = new Mosquitto(_certs, Users);
        int port;
        using (var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0))) port = ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var psi = CliRunner.StartInfo(null, "watch", "--listen", $"127.0.0.1:{port}", "--model", WatchTestData.ModelPath, "--duration", "120",
            "--mqtt-broker", broker.Broker, "--mqtt-topic", "plant/line3/pump7", "--mqtt-ca-file", _certs.CaFile, "--mqtt-user", User);
        psi.Environment["MQTT_PASSWORD"] = Password;
        using var child = Process.Start(psi)!;
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            // Online as soon as it runs, before any event (mosquitto_sub waits up to 5 s for the retained message).
            string status = "";
            for (int i = 0; i < 6 && status != "online" && !child.HasExited; i++) status = RetainedStatus(broker, "plant/line3/pump7/status");
            Assert.True(status == "online", $"status '{status}'; watch said: {(child.HasExited ? await stderr : "(running)")}");
        }
        finally
        {
            child.Kill(); // no DISCONNECT: the broker publishes the Last Will
            child.WaitForExit();
        }
        Assert.Equal("offline", RetainedStatus(broker, "plant/line3/pump7/status"));
        Assert.DoesNotContain(Password, await stderr);
    }
}
