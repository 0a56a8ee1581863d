using System.Text;

namespace LrSchedules.Tests.Cli;

/// <summary>A stdout that fails on every write, as a closed pipe or a full disk does.</summary>
internal sealed class ThrowingWriter(Func<Exception> failure) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => throw failure();

    public override void Write(char[] buffer, int index, int count) => throw failure();

    public override void Write(string? value) => throw failure();
}
