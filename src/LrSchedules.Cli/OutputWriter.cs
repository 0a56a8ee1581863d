using System.Text;

namespace LrSchedules.Cli;

/// <summary>
/// Standard output as <c>lrs</c> writes it: forwards to <paramref name="inner"/> and turns every failure of a write or
/// flush (<see cref="IOException"/> such as EPIPE or ENOSPC, <see cref="UnauthorizedAccessException"/> for a descriptor
/// not open for writing, a closed or read-only stream) into an <see cref="LrsOutputException"/>, so that a failed write
/// is told apart from every other failure and reported as one.
/// </summary>
/// <param name="inner">The writer to forward to; not disposed by this one.</param>
internal sealed class OutputWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    public override Encoding Encoding => inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw LrsOutputException.From(ex);
        }
    }

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void WriteLine() => Guard(inner.WriteLine);

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        try
        {
            inner.WriteLine(buffer);
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw LrsOutputException.From(ex);
        }
    }

    public override void Flush() => Guard(inner.Flush);

    private static bool IsWriteFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException;

    private static void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw LrsOutputException.From(ex);
        }
    }
}
