using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>
/// A read-only view of an option's input (a file, a FIFO, a device or standard input) that holds its size cap while it is
/// read, whatever the source reports as its length: it passes on at most one byte past the cap, and reading that byte
/// throws. Read failures of the source become <see cref="LrsUsageException"/>s naming the option and the source.
/// </summary>
/// <param name="source">The source; disposed with this stream when <paramref name="ownsSource"/> is set.</param>
/// <param name="option">The option, for error messages (e.g. <c>--metrics</c>).</param>
/// <param name="what">The source, for error messages (e.g. <c>file '/dev/zero'</c> or <c>standard input</c>).</param>
/// <param name="maxBytes">The most bytes accepted.</param>
/// <param name="ownsSource">Whether disposing this stream disposes <paramref name="source"/>.</param>
internal sealed class BoundedInputStream(Stream source, string option, string what, long maxBytes, bool ownsSource) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>The error for input of more than <paramref name="maxBytes"/> bytes (<paramref name="length"/> when known).</summary>
    public static LrsUsageException TooLarge(string option, string what, long maxBytes, long? length)
        => new(option + ": " + what + " is too large: at most " + maxBytes.ToString(CultureInfo.InvariantCulture) + " bytes are accepted; it has "
            + (length is long l ? l.ToString(CultureInfo.InvariantCulture) : "more") + ".");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // One byte past the cap is requested, so that input of exactly maxBytes is told apart from more.
        int want = (int)Math.Min(buffer.Length, maxBytes + 1 - _read);
        if (want <= 0)
        {
            throw TooLarge(option, what, maxBytes, null);
        }

        int n;
        try
        {
            n = source.Read(buffer[..want]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new LrsUsageException(option + ": cannot read " + what + ": "
                + (ex is UnauthorizedAccessException ? "it is not open for reading (access denied)." : ex.Message), ex);
        }

        _read += n;
        return _read > maxBytes ? throw TooLarge(option, what, maxBytes, null) : n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsSource)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
