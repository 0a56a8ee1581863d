using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LrSchedules.Cli;

/// <summary>The <c>lrs</c> executable: wires the console to <see cref="LrsApp.Run(string[], Stream, TextWriter, TextWriter)"/>.</summary>
/// <remarks>
/// Every standard stream may be closed, read-only or failing: a closed one (<see cref="StandardDescriptors"/>) is not
/// touched, a failing stdout ends the run with exit code 1 and one line, a failing stderr loses that line but never the
/// exit code, and no exception escapes <c>Main</c> (an unhandled one would abort the process with SIGABRT).
/// </remarks>
internal static class Program
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The process boundary: an escaping exception would abort the process instead of exiting with a code.")]
    private static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (Exception)
        {
            return LrsApp.InternalError;
        }
    }

    private static int Run(string[] args)
    {
        var stderr = OpenStandardError();

        // A large buffer without auto-flush: eval can print millions of lines. LrsApp.Run flushes before returning.
        var stdout = new StreamWriter(OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
        {
            AutoFlush = false,
            NewLine = "\n",
        };

        int exitCode;
        using (var stdin = OpenStandardInput())
        {
            exitCode = LrsApp.Run(args, stdin, stdout, stderr);
        }

        try
        {
            stdout.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            // The reader went away (e.g. `lrs eval ... | head`); LrsApp.Run already reported any write failure.
        }

        return exitCode;
    }

    private static TextWriter OpenStandardError()
    {
        if (!StandardDescriptors.IsInherited(2))
        {
            return TextWriter.Null;
        }

        try
        {
            return Console.Error;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return TextWriter.Null;
        }
    }

    private static Stream OpenStandardInput()
        => StandardDescriptors.IsInherited(0) ? Console.OpenStandardInput() : new UnavailableStream("standard input is closed.");

    /// <summary>
    /// Standard output such that a closed pipe surfaces: on Unix, .NET's console stream silently drops writes that fail
    /// with EPIPE, so <c>lrs eval --steps 1000000000 | head -1</c> would run on for minutes. When file descriptor 1 is a
    /// pipe, socket or terminal (not seekable), it is written through a <see cref="FileStream"/>, whose writes fail with an
    /// <see cref="IOException"/> once the reader is gone. A regular file keeps the console stream: a FileStream would
    /// write at offsets it tracks itself and not advance the descriptor's shared offset (<c>(lrs ...; echo) &gt; file</c>).
    /// A descriptor 1 that was closed at start is not written at all.
    /// </summary>
    private static Stream OpenStandardOutput()
    {
        if (!StandardDescriptors.IsInherited(1))
        {
            return new UnavailableStream("standard output is closed.");
        }

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
