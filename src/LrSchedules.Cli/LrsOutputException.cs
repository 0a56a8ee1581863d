namespace LrSchedules.Cli;

/// <summary>
/// Writing the output failed (a closed pipe, a full disk, standard output closed or read-only): <c>lrs</c> prints
/// <c>lrs: error: cannot write output: </c> and the message on one line and exits with code 1.
/// </summary>
internal sealed class LrsOutputException : Exception
{
    public LrsOutputException()
        : base("the output failed.")
    {
    }

    public LrsOutputException(string message)
        : base(message)
    {
    }

    public LrsOutputException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failure <paramref name="ex"/> of a write to standard output, with a message saying what went wrong.</summary>
    public static LrsOutputException From(Exception ex) => new(ex switch
    {
        // EBADF and EACCES: .NET reports "Access to the path is denied.", which names no path here.
        UnauthorizedAccessException => "standard output is not open for writing (access denied).",
        ObjectDisposedException => "standard output is closed.",
        NotSupportedException => "standard output does not support writing.",
        _ => ex.Message,
    }, ex);
}
