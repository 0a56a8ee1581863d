using System.Text;

namespace LrSchedules.Cli;

/// <summary>The <c>lrs</c> executable: wires the console to <see cref="LrsApp.Run"/>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // A large buffer without auto-flush: eval can print millions of lines. LrsApp.Run flushes before returning.
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16)
        {
            AutoFlush = false,
            NewLine = "\n",
        };

        int exitCode = LrsApp.Run(args, stdout, Console.Error);
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
}
