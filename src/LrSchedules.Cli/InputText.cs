using System.Text;

namespace LrSchedules.Cli;

/// <summary>
/// Option values given inline, as <c>@path</c> (the contents of a file) or as <c>@-</c> (standard input), read with a
/// size cap that holds for every kind of file: regular files are checked by length first, and every read, including
/// standard input, pipes, FIFOs and devices such as <c>/dev/zero</c> whose length reads as 0, stops one byte past the cap
/// (<see cref="BoundedInputStream"/>). Input is read as a stream, in chunks of <see cref="ChunkBytes"/>.
/// </summary>
/// <param name="stdin">Standard input, read at most once (by the first option given <c>@-</c>).</param>
internal sealed class InputText(Stream stdin)
{
    /// <summary>Bytes decoded per read.</summary>
    public const int ChunkBytes = 1 << 16;

    private string? _stdinReader;

    /// <summary>
    /// Returns <paramref name="value"/>, or the text of the file it names when it starts with <c>@</c> (standard input
    /// for <c>@-</c>; a file named <c>-</c> is <c>@./-</c>). The bytes are decoded as UTF-8 (a UTF-8, UTF-16 or UTF-32
    /// byte-order mark is honoured, as <see cref="File.ReadAllText(string)"/> does).
    /// </summary>
    /// <param name="option">The option name, for error messages (e.g. <c>--spec</c>).</param>
    /// <param name="value">The option's value.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <exception cref="LrsUsageException">The file name is empty, the file cannot be read or is too large, or standard
    /// input was already read for another option.</exception>
    public string Resolve(string option, string value, long maxBytes)
    {
        if (!value.StartsWith('@'))
        {
            return value;
        }

        using var reader = Open(option, value, maxBytes);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A reader of the text <see cref="Resolve"/> would return, for parsing it as a stream: it reads the file (or
    /// standard input) chunk by chunk, and a read past <paramref name="maxBytes"/> throws the too-large error.
    /// </summary>
    /// <param name="option">The option name, for error messages (e.g. <c>--metrics</c>).</param>
    /// <param name="value">The option's value.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <exception cref="LrsUsageException">As for <see cref="Resolve"/>, when opening or while reading.</exception>
    public TextReader Open(string option, string value, long maxBytes)
    {
        if (!value.StartsWith('@'))
        {
            return new StringReader(value);
        }

        string path = value[1..];
        if (path.Length == 0)
        {
            throw new LrsUsageException(option + ": '@' must be followed by a file name, as in " + option + " @file (or @- for standard input).");
        }

        if (path == "-")
        {
            if (_stdinReader is not null)
            {
                throw new LrsUsageException(option + " @-: standard input is already read for " + _stdinReader + "; only one value can come from it.");
            }

            _stdinReader = option;
            return Decode(new BoundedInputStream(stdin, option, "standard input", maxBytes, ownsSource: false));
        }

        string what = "file '" + path + "'";
        FileStream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw BoundedInputStream.TooLarge(option, what, maxBytes, stream.Length);
            }

            return Decode(new BoundedInputStream(stream, option, what, maxBytes, ownsSource: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stream?.Dispose();
            throw new LrsUsageException(option + ": cannot read " + what + ": " + ex.Message, ex);
        }
        catch (LrsUsageException)
        {
            stream?.Dispose();
            throw;
        }
    }

    private static StreamReader Decode(Stream stream)
        => new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, ChunkBytes, leaveOpen: false);
}
