using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LrSchedules.Cli;

/// <summary>The <c>lrs</c> executable: wires the console to <see cref="LrsApp.Run(string[], Stream, TextWriter, TextWriter)"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // A large buffer without auto-flush: eval can print millions of lines. LrsApp.Run flushes before returning.
        var stdout = new StreamWriter(OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
        {
            AutoFlush = false,
            NewLine = "\n",
        };

        int exitCode;
        using (var stdin = Console.OpenStandardInput())
        {
            exitCode = LrsApp.Run(args, stdin, stdout, Console.Error);
        }

        try
        {
            stdout.Dispose();
        }
        catch (IOException)
        {
            // The reader went away (e.g. `lrs eval ... | head`); LrsApp.Run already reported any write failure.
        }

        return exitCode;
    }

    /// <summary>
    /// Standard output such that a closed pipe surfaces: on Unix, .NET's console stream silently drops writes that fail
    /// with EPIPE, so <c>lrs eval --steps 1000000000 | head -1</c> would run on for minutes. When file descriptor 1 is a
    /// pipe, socket or terminal (not seekable), it is written through a <see cref="FileStream"/>, whose writes fail with an
    /// <see cref="IOException"/> once the reader is gone. A regular file keeps the console stream: a FileStream would
    /// write at offsets it tracks itself and not advance the descriptor's shared offset (<c>(lrs ...; echo) &gt; file</c>).
    /// </summary>
    private static Stream OpenStandardOutput()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
                if (!stream.CanSeek)
                {
                    return stream;
                }

                stream.Dispose();
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // Not a usable descriptor: fall back to the console stream.
            }
        }

        return Console.OpenStandardOutput();
    }
}
