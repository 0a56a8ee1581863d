using System.Runtime.InteropServices;

namespace LrSchedules.Cli;

/// <summary>
/// Whether standard input, output and error were open when <c>lrs</c> started. A descriptor the parent closed
/// (<c>2&gt;&amp;-</c>) does not stay closed: the .NET runtime creates descriptors of its own before <c>Main</c> runs (an
/// internal pipe first), and the kernel hands out the lowest free number, so descriptor 2 becomes the read end of that
/// pipe and, with 1 closed too, descriptor 1 its read end and 2 its write end. Writing the error line there would feed
/// the runtime's pipe; reading <c>@-</c> from such a descriptor 0 would wait for ever. The runtime opens its descriptors
/// with close-on-exec, while every descriptor inherited across <c>exec</c> has that flag clear (the kernel closed those
/// that had it), so a standard descriptor with the flag set was not given by the parent.
/// </summary>
internal static class StandardDescriptors
{
    private const int GetDescriptorFlags = 1; // F_GETFD, on Linux and macOS
    private const int CloseOnExec = 1;        // FD_CLOEXEC

    /// <summary>Whether descriptor <paramref name="fd"/> (0, 1 or 2) is one the parent process gave: open and inherited.</summary>
    /// <remarks>Always true on Windows, and where the flags cannot be read.</remarks>
    public static bool IsInherited(int fd)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        int flags;
        try
        {
            flags = Fcntl(fd, GetDescriptorFlags);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return true;
        }

        return flags != -1 && (flags & CloseOnExec) == 0;
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(int fd, int command);
}
