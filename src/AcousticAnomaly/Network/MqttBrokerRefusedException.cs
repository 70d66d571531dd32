using MQTTnet;
using MQTTnet.Exceptions;

namespace AcousticAnomaly.Network;

/// <summary>The broker answered the CONNECT with a refusal (MQTTnet 5 returns it as a result instead of throwing, so
/// a wrong password would otherwise surface later as "the client is not connected").</summary>
public sealed class MqttBrokerRefusedException : MqttCommunicationException
{
    public MqttBrokerRefusedException(MqttClientConnectResultCode resultCode, string? reason)
        : base($"the broker refused the connection: {resultCode}{(string.IsNullOrEmpty(reason) ? "" : $" ({reason})")}")
    {
        ResultCode = resultCode;
    }

    public MqttClientConnectResultCode ResultCode { get; }
}
