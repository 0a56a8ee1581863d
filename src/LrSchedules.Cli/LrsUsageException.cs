namespace LrSchedules.Cli;

/// <summary>Bad input on the command line: <c>lrs</c> prints the message on one line and exits with code 2.</summary>
internal sealed class LrsUsageException : Exception
{
    public LrsUsageException()
        : base("invalid command line.")
    {
    }

    public LrsUsageException(string message)
        : base(message)
    {
    }

    public LrsUsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
