using System.Globalization;
using System.Text;

namespace LrSchedules.Cli;

/// <summary>
/// Option values given inline, as <c>@path</c> (the contents of a file) or as <c>@-</c> (standard input), read with a
/// size cap that holds for every kind of file: regular files are checked by length first, and every read, including
/// standard input, pipes, FIFOs and devices such as <c>/dev/zero</c> whose length reads as 0, stops one byte past the cap.
/// </summary>
/// <param name="stdin">Standard input, read at most once (by the first option given <c>@-</c>).</param>
internal sealed class InputText(Stream stdin)
{
    private const int ChunkBytes = 1 << 16;

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
            try
            {
                return ReadBounded(stdin, maxBytes) ?? throw TooLarge(option, "standard input", maxBytes, null);
            }
            catch (IOException ex)
            {
                throw new LrsUsageException(option + ": cannot read standard input: " + ex.Message, ex);
            }
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge(option, "file '" + path + "'", maxBytes, stream.Length);
            }

            return ReadBounded(stream, maxBytes) ?? throw TooLarge(option, "file '" + path + "'", maxBytes, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LrsUsageException(option + ": cannot read file '" + path + "': " + ex.Message, ex);
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> bytes and decodes them; null if the stream holds more.</summary>
    private static string? ReadBounded(Stream stream, long maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        while (true)
        {
            int want = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            int n = stream.Read(chunk, 0, want);
            if (n == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static LrsUsageException TooLarge(string option, string what, long maxBytes, long? length)
        => new(option + ": " + what + " is too large: at most " + maxBytes.ToString(CultureInfo.InvariantCulture) + " bytes are accepted; it has "
            + (length is long l ? l.ToString(CultureInfo.InvariantCulture) : "more") + ".");
}
