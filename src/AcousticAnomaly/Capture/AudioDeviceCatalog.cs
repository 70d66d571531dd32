using System.Globalization;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Capture;

/// <summary>Lists PortAudio input devices and resolves the name or index a user gave to exactly one of them.</summary>
public static class AudioDeviceCatalog
{
    /// <summary>Rates probed to tell the user what a device supports when the requested rate is refused.</summary>
    private static readonly int[] CommonRates = { 8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000 };

    /// <summary>
    /// Input devices (MaxInputChannels > 0), optionally filtered by a wildcard on the name (*, ?, [..];
    /// case-insensitive). Without wildcards the filter matches names containing it.
    /// </summary>
    public static IReadOnlyList<AudioDeviceInfo> List(string? nameWildcard = null)
    {
        using var lease = PortAudioRuntime.Acquire();
        var all = ListInputs();
        if (string.IsNullOrEmpty(nameWildcard)) return all;
        if (DeviceNamePattern.HasWildcards(nameWildcard))
        {
            var regex = DeviceNamePattern.ToRegex(nameWildcard);
            return all.Where(d => regex.IsMatch(d.Name)).ToList();
        }
        return all.Where(d => d.Name.Contains(nameWildcard, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>
    /// The one input device <paramref name="device"/> names: an index ("3"), an exact name (case-sensitive, then
    /// case-insensitive), or a wildcard / substring matching exactly one name. Throws
    /// <see cref="AudioDeviceException"/> (NotFound or Ambiguous) listing the candidates.
    /// </summary>
    public static AudioDeviceInfo Resolve(string device)
    {
        using var lease = PortAudioRuntime.Acquire();
        return Resolve(device, ListInputs());
    }

    internal static AudioDeviceInfo Resolve(string device, IReadOnlyList<AudioDeviceInfo> inputs)
    {
        ArgumentNullException.ThrowIfNull(device);
        string want = device.Trim();
        if (want.Length > 0 && want.All(char.IsAsciiDigit)
            && int.TryParse(want, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return inputs.FirstOrDefault(d => d.Index == index)
                ?? throw NotFound(device, inputs, $"No input device has index {index}.");
        }

        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var exact = inputs.Where(d => string.Equals(d.Name, want, comparison)).ToList();
            if (exact.Count == 1) return exact[0];
            if (exact.Count > 1) throw Ambiguous(device, exact);
        }

        List<AudioDeviceInfo> matches = DeviceNamePattern.HasWildcards(want)
            ? inputs.Where(d => DeviceNamePattern.ToRegex(want).IsMatch(d.Name)).ToList()
            : inputs.Where(d => d.Name.Contains(want, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw NotFound(device, inputs, $"No input device is named '{device}'."),
            _ => throw Ambiguous(device, matches),
        };
    }

    /// <summary>Every input device of the current PortAudio session. Caller holds a lease.</summary>
    internal static unsafe List<AudioDeviceInfo> ListInputs()
    {
        var lib = PortAudioLibrary.Instance;
        var list = new List<AudioDeviceInfo>();
        lock (PortAudioRuntime.Gate)
        {
            int count = lib.GetDeviceCount();
            if (count < 0)
            {
                throw new AudioDeviceException(AudioDeviceProblem.Other, null,
                    $"PortAudio could not list devices: {lib.DescribeError(count)}", count);
            }
            int defaultInput = lib.GetDefaultInputDevice();
            for (int i = 0; i < count; i++)
            {
                PaDeviceInfo* info = lib.GetDeviceInfo(i);
                if (info == null || info->MaxInputChannels <= 0) continue;
                PaHostApiInfo* api = lib.GetHostApiInfo(info->HostApi);
                string apiName = api == null ? "" : Marshal.PtrToStringUTF8(api->Name) ?? "";
                list.Add(new AudioDeviceInfo(i, Marshal.PtrToStringUTF8(info->Name) ?? $"device {i}", apiName,
                    info->MaxInputChannels, info->DefaultSampleRate, i == defaultInput));
            }
        }
        return list;
    }

    /// <summary>Suggested input latency for a device (PortAudio's high-latency default: safest for capture).</summary>
    internal static unsafe double DefaultLatency(int index)
    {
        lock (PortAudioRuntime.Gate)
        {
            PaDeviceInfo* info = PortAudioLibrary.Instance.GetDeviceInfo(index);
            return info == null ? 0.1 : info->DefaultHighInputLatency;
        }
    }

    internal static PaStreamParameters StreamParameters(AudioDeviceInfo device, int channels, CaptureSampleFormat format) => new()
    {
        Device = device.Index,
        ChannelCount = channels,
        SampleFormat = new CULong(format == CaptureSampleFormat.Int16 ? PaSampleFormat.Int16 : PaSampleFormat.Float32),
        SuggestedLatency = DefaultLatency(device.Index),
        HostApiSpecificStreamInfo = IntPtr.Zero,
    };

    /// <summary>
    /// Throws UnsupportedFormat, saying what the device does support, unless PortAudio accepts this rate, channel
    /// count and sample format. Caller holds a lease.
    /// </summary>
    internal static unsafe void EnsureSupported(AudioDeviceInfo device, int sampleRate, int channels, CaptureSampleFormat format)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), "The sample rate must be positive.");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), "The channel count must be positive.");
        var lib = PortAudioLibrary.Instance;
        if (channels > device.MaxInputChannels)
        {
            throw new AudioDeviceException(AudioDeviceProblem.UnsupportedFormat, device.Name,
                $"Device '{device.Name}' has at most {device.MaxInputChannels} input channel(s); {channels} were requested.",
                PaErrorCode.InvalidChannelCount);
        }
        int err = IsSupported(device, sampleRate, channels, format);
        if (err == PaErrorCode.NoError) return;
        if (err is not (PaErrorCode.InvalidSampleRate or PaErrorCode.InvalidChannelCount or PaErrorCode.SampleFormatNotSupported))
        {
            // Pa_IsFormatSupported opens the device to ask it; any other failure means it could not be opened at all.
            throw new AudioDeviceException(AudioDeviceProblem.Unavailable, device.Name,
                $"Device '{device.Name}' is busy or unavailable: {lib.DescribeError(err)}.", err);
        }

        var rates = CommonRates.Where(r => IsSupported(device, r, Math.Min(channels, device.MaxInputChannels), format) == 0).ToList();
        var channelCounts = Enumerable.Range(1, Math.Min(device.MaxInputChannels, 32))
            .Where(c => IsSupported(device, (int)device.DefaultSampleRate, c, format) == 0).ToList();
        string what = err switch
        {
            PaErrorCode.InvalidSampleRate => $"cannot capture at {sampleRate} Hz",
            PaErrorCode.InvalidChannelCount => $"cannot capture {channels} channel(s)",
            PaErrorCode.SampleFormatNotSupported => $"cannot deliver {format} samples",
            _ => $"refuses {sampleRate} Hz, {channels} channel(s), {format} ({lib.DescribeError(err)})",
        };
        throw new AudioDeviceException(AudioDeviceProblem.UnsupportedFormat, device.Name,
            $"Device '{device.Name}' {what}. It supports sample rates: " +
            (rates.Count == 0 ? "none of the common rates" : string.Join(", ", rates.Select(r => r + " Hz"))) +
            $" (default {device.DefaultSampleRate} Hz); channel counts at the default rate: " +
            (channelCounts.Count == 0 ? "none" : Ranges(channelCounts)) + ".", err);
    }

    /// <summary>"1-32" rather than thirty-two numbers; "1-2, 4" when there are holes.</summary>
    private static string Ranges(List<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static unsafe int IsSupported(AudioDeviceInfo device, int rate, int channels, CaptureSampleFormat format)
    {
        var p = StreamParameters(device, channels, format);
        lock (PortAudioRuntime.Gate)
        {
            return PortAudioLibrary.Instance.IsFormatSupported(&p, null, rate);
        }
    }

    private static AudioDeviceException NotFound(string device, IReadOnlyList<AudioDeviceInfo> inputs, string what) =>
        new(AudioDeviceProblem.NotFound, device, what + " Available input devices: " +
            (inputs.Count == 0 ? "none." : string.Join(", ", inputs.Select(d => $"[{d.Index}] '{d.Name}'")) + "."),
            PaErrorCode.InvalidDevice);

    private static AudioDeviceException Ambiguous(string device, IReadOnlyList<AudioDeviceInfo> matches) =>
        new(AudioDeviceProblem.Ambiguous, device, $"'{device}' matches several input devices: " +
            string.Join(", ", matches.Select(d => $"[{d.Index}] '{d.Name}' ({d.HostApi})")) +
            ". Give the full name or the index.");
}
