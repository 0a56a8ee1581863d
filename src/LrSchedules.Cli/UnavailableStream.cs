namespace LrSchedules.Cli;

/// <summary>
/// A standard stream that was closed when <c>lrs</c> started (<see cref="StandardDescriptors"/>): reads and writes fail
/// with an <see cref="IOException"/> saying so.
/// </summary>
/// <param name="reason">The message of the failure, such as <c>standard output is closed.</c>.</param>
internal sealed class UnavailableStream(string reason) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new IOException(reason);

    public override void Write(byte[] buffer, int offset, int count) => throw new IOException(reason);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
