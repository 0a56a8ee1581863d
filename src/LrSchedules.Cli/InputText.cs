using System.Globalization;

namespace LrSchedules.Cli;

/// <summary>Option values given either inline or as <c>@path</c>, the contents of a file.</summary>
internal static class InputText
{
    /// <summary>
    /// Returns <paramref name="value"/>, or the text of the file it names when it starts with <c>@</c>.
    /// </summary>
    /// <param name="option">The option name, for error messages (e.g. <c>--spec</c>).</param>
    /// <param name="value">The option's value.</param>
    /// <param name="maxBytes">The largest file accepted.</param>
    /// <exception cref="LrsUsageException">The file name is empty, the file cannot be read or is too large.</exception>
    public static string Resolve(string option, string value, long maxBytes)
    {
        if (!value.StartsWith('@'))
        {
            return value;
        }

        string path = value[1..];
        if (path.Length == 0)
        {
            throw new LrsUsageException(option + ": '@' must be followed by a file name, as in " + option + " @file.");
        }

        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > maxBytes)
            {
                throw new LrsUsageException(
                    option + ": file '" + path + "' is too large: at most " + maxBytes.ToString(CultureInfo.InvariantCulture)
                    + " bytes are accepted; it has " + info.Length.ToString(CultureInfo.InvariantCulture) + ".");
            }

            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LrsUsageException(option + ": cannot read file '" + path + "': " + ex.Message, ex);
        }
    }
}
