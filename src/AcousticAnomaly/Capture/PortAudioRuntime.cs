namespace AcousticAnomaly.Capture;

/// <summary>
/// Reference-counted Pa_Initialize / Pa_Terminate. PortAudio's non-stream calls are not thread-safe, so every call
/// that touches its global state (initialise, enumerate, open, close) runs under <see cref="Gate"/>; only
/// Pa_ReadStream on an open stream runs outside it (one reader thread per stream, as PortAudio allows).
/// </summary>
internal static class PortAudioRuntime
{
    /// <summary>Held for every PortAudio call except reads on an open stream.</summary>
    internal static readonly object Gate = new();

    private static int _users;

    /// <summary>Initialises PortAudio if nobody else has; dispose the lease to release it.</summary>
    public static Lease Acquire()
    {
        lock (Gate)
        {
            if (_users == 0)
            {
                NativeAudioLogSilencer.Install();
                var lib = PortAudioLibrary.Instance;
                PortAudioStderrRedirect.TryInstall();
                int err;
                unsafe { err = lib.Initialize(); }
                if (err != PaErrorCode.NoError)
                {
                    throw new AudioDeviceException(AudioDeviceProblem.Other, null,
                        $"PortAudio could not start: {lib.DescribeError(err)}", err);
                }
            }
            _users++;
            return new Lease();
        }
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--_users == 0)
            {
                unsafe { PortAudioLibrary.Instance.Terminate(); }
            }
        }
    }

    /// <summary>One user's hold on an initialised PortAudio. Disposing twice releases once.</summary>
    internal sealed class Lease : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Release();
            }
        }
    }
}
